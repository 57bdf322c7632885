import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import YAML from 'yaml';
import {
  buildKubeconfig,
  loadKubeconfig,
  mergeKubeconfig,
  parseKubeconfig,
  resolveContext,
  writeKubeconfig,
} from '../../../src/client/kubeconfig.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'k8ts-kubeconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ours = buildKubeconfig({
  clusterName: 'k8ts',
  server: 'https://127.0.0.1:6443',
  caPem: 'CA PEM',
  certPem: 'CERT PEM',
  keyPem: 'KEY PEM',
  contextName: 'k8ts',
  userName: 'k8ts',
});

const theirs = `
apiVersion: v1
kind: Config
preferences: {}
clusters:
- name: prod
  cluster:
    server: https://prod.example.test
    certificate-authority: certs/prod-ca.crt
    proxy-url: http://proxy.example.test:3128
- name: k8ts
  cluster:
    server: https://stale.example.test
users:
- name: prod-admin
  user:
    token-file: prod.token
- name: k8ts
  user:
    token: stale
contexts:
- name: prod
  context:
    cluster: prod
    user: prod-admin
    namespace: payments
- name: k8ts
  context:
    cluster: k8ts
    user: k8ts
current-context: prod
`;

describe('kubeconfig', () => {
  it('resolves inline credentials', () => {
    const ctx = resolveContext(ours);
    assert.equal(ctx.server, 'https://127.0.0.1:6443');
    assert.equal(ctx.ca?.toString(), 'CA PEM');
    assert.equal(ctx.cert?.toString(), 'CERT PEM');
    assert.equal(ctx.key?.toString(), 'KEY PEM');
    assert.equal(ctx.token, undefined);
    assert.equal(ctx.insecureSkipTLSVerify, false);
  });

  it('reads file references relative to the kubeconfig directory', async () => {
    const sub = path.join(dir, 'rel');
    mkdirSync(path.join(sub, 'certs'), { recursive: true });
    writeFileSync(path.join(sub, 'certs', 'prod-ca.crt'), 'PROD CA');
    writeFileSync(path.join(sub, 'prod.token'), 'secret-token\n');
    writeFileSync(path.join(sub, 'config'), theirs);
    const cfg = await loadKubeconfig(path.join(sub, 'config'));
    const ctx = resolveContext(cfg);
    assert.equal(ctx.server, 'https://prod.example.test');
    assert.equal(ctx.ca?.toString(), 'PROD CA');
    assert.equal(ctx.token, 'secret-token');
    assert.equal(ctx.namespace, 'payments');
    assert.equal(resolveContext(cfg, 'k8ts').token, 'stale');
  });

  it('reports missing contexts and clusters', () => {
    assert.throws(() => resolveContext(ours, 'nope'), /context "nope" not found/);
    assert.throws(() => resolveContext(parseKubeconfig('')), /current-context is not set/);
    const broken = parseKubeconfig('contexts: [{name: a, context: {cluster: gone}}]');
    assert.throws(() => resolveContext(broken, 'a'), /cluster "gone"/);
  });

  it('treats null lists as empty and honours insecure-skip-tls-verify', () => {
    const cfg = parseKubeconfig(`
clusters:
- name: c
  cluster: {server: "https://x", insecure-skip-tls-verify: true}
users: null
contexts:
- name: c
  context: {cluster: c}
current-context: c
`);
    assert.deepEqual(cfg.users, []);
    const ctx = resolveContext(cfg);
    assert.equal(ctx.insecureSkipTLSVerify, true);
    assert.equal(ctx.cert, undefined);
  });

  it('writes with mode 0600, creating directories', async () => {
    const file = path.join(dir, 'a', 'b', 'config');
    await writeKubeconfig(file, ours);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(resolveContext(await loadKubeconfig(file)), resolveContext(ours));
  });

  it('merges into an existing config, keeping other entries', async () => {
    const file = path.join(dir, 'merge', 'config');
    mkdirSync(path.dirname(file));
    writeFileSync(file, theirs);
    await mergeKubeconfig(file, ours, 'k8ts');

    const merged = YAML.parse(readFileSync(file, 'utf8'));
    assert.equal(merged['current-context'], 'k8ts');
    assert.deepEqual(merged.preferences, {});
    assert.deepEqual(merged.clusters.map((c: { name: string }) => c.name), ['prod', 'k8ts']);
    assert.deepEqual(merged.users.map((u: { name: string }) => u.name), ['prod-admin', 'k8ts']);
    assert.deepEqual(merged.contexts.map((c: { name: string }) => c.name), ['prod', 'k8ts']);
    // Others' entries are untouched, relative paths included; ours replaced the stale ones.
    assert.equal(merged.clusters[0].cluster['certificate-authority'], 'certs/prod-ca.crt');
    assert.equal(merged.clusters[0].cluster['proxy-url'], 'http://proxy.example.test:3128');
    assert.equal(merged.contexts[0].context.namespace, 'payments');
    assert.equal(merged.clusters[1].cluster.server, 'https://127.0.0.1:6443');
    assert.equal(merged.users[1].user.token, undefined);
    assert.equal(resolveContext(parseKubeconfig(readFileSync(file, 'utf8'))).cert?.toString(), 'CERT PEM');
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('creates the target when it does not exist', async () => {
    const file = path.join(dir, 'fresh', '.kube', 'config');
    await mergeKubeconfig(file, ours, 'k8ts');
    const cfg = await loadKubeconfig(file);
    assert.equal(cfg.apiVersion, 'v1');
    assert.equal(cfg.kind, 'Config');
    assert.equal(resolveContext(cfg).server, 'https://127.0.0.1:6443');
  });

  it('refuses to merge a context the source does not have', async () => {
    await assert.rejects(mergeKubeconfig(path.join(dir, 'x'), ours, 'missing'), /context "missing" not found/);
  });
});
