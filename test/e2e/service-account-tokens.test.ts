// Bound service-account tokens with the real kubectl: `kubectl create token` mints them, a
// request bearing one is that service account (`kubectl auth whoami`), and a token stops
// working when it is tampered with, meant for another audience, or bound to a pod that is gone.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startCluster, type Cluster } from './harness.js';

let c: Cluster;

before(async () => {
  c = await startCluster();
  await c.k(['create', 'namespace', 'tokens']);
  await c.k(['create', 'serviceaccount', 'robot', '-n', 'tokens']);
});

after(async () => {
  await c?.stop();
  c?.cleanup();
});

/** kubectl as the bearer of `token` alone (no client certificate). */
function asBearer(token: string, args: string[]) {
  return c.kubectl(['--kubeconfig', '/dev/null', '--server', c.url, '--certificate-authority', path.join(c.dataDir, 'tls', 'server-ca.crt'), '--token', token, ...args]);
}

test('a token from kubectl create token is its service account', async () => {
  const token = (await c.k(['create', 'token', 'robot', '-n', 'tokens', '--duration', '1h'])).trim();
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  assert.equal(claims.sub, 'system:serviceaccount:tokens:robot');
  assert.equal(claims.iss, 'https://kubernetes.default.svc.cluster.local');
  assert.equal(claims.exp - claims.iat, 3600);
  const who = await asBearer(token, ['auth', 'whoami', '-o', 'json']);
  assert.equal(who.code, 0, who.stderr);
  const info = JSON.parse(who.stdout).status.userInfo;
  assert.equal(info.username, 'system:serviceaccount:tokens:robot');
  assert.deepEqual(info.groups, ['system:serviceaccounts', 'system:serviceaccounts:tokens', 'system:authenticated']);
  assert.equal((await asBearer(token, ['get', 'serviceaccounts', '-n', 'tokens', '-o', 'name'])).stdout.includes('serviceaccount/robot'), true);
});

test('tampered, foreign-audience and too-short tokens are refused', async () => {
  const token = (await c.k(['create', 'token', 'robot', '-n', 'tokens'])).trim();
  const [h, p, s] = token.split('.');
  const forged = Buffer.from(p, 'base64url').toString().replace('robot', 'admin');
  const tampered = await asBearer(`${h}.${Buffer.from(forged).toString('base64url')}.${s}`, ['auth', 'whoami']);
  assert.notEqual(tampered.code, 0);
  assert.match(tampered.stderr, /Unauthorized/);
  const foreign = (await c.k(['create', 'token', 'robot', '-n', 'tokens', '--audience', 'https://elsewhere.example'])).trim();
  assert.match((await asBearer(foreign, ['auth', 'whoami'])).stderr, /Unauthorized/);
  const short = await c.kubectl(['create', 'token', 'robot', '-n', 'tokens', '--duration', '5m']);
  assert.notEqual(short.code, 0);
  assert.match(short.stderr, /spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes/);
  const missing = await c.kubectl(['create', 'token', 'nobody', '-n', 'tokens']);
  assert.match(missing.stderr, /serviceaccounts "nobody" not found/);
});

test('a token bound to a pod dies with the pod; so does one whose account is deleted', async () => {
  await c.k(['run', 'holder', '-n', 'tokens', '--image', 'busybox']);
  const bound = (await c.k(['create', 'token', 'robot', '-n', 'tokens', '--bound-object-kind', 'Pod', '--bound-object-name', 'holder'])).trim();
  const claims = JSON.parse(Buffer.from(bound.split('.')[1], 'base64url').toString());
  assert.equal(claims['kubernetes.io'].pod.name, 'holder');
  assert.equal((await asBearer(bound, ['auth', 'whoami'])).code, 0);
  await c.k(['delete', 'pod', 'holder', '-n', 'tokens', '--grace-period', '0', '--force']);
  assert.match((await asBearer(bound, ['auth', 'whoami'])).stderr, /Unauthorized/);
  const plain = (await c.k(['create', 'token', 'robot', '-n', 'tokens'])).trim();
  await c.k(['delete', 'serviceaccount', 'robot', '-n', 'tokens']);
  assert.match((await asBearer(plain, ['auth', 'whoami'])).stderr, /Unauthorized/);
});
