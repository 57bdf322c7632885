// Projected service account tokens: the TokenRequest sent (audience, expiry, bound to the
// pod) and the kubelet-side reuse until 80% of the lifetime. The API server's TokenRequest
// endpoint is still being written, so a small local server stands in for it here; the
// integration test of VolumeManager uses the real one once it answers.

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../../src/api/core/types.js';
import { Client, HttpsTransport } from '../../../src/client/index.js';
import { ServiceAccountTokens } from '../../../src/kubelet/volumes/service-account-token.js';

describe('service account tokens', () => {
  let server: http.Server;
  let client: Client;
  const requests: { path: string; body: any }[] = [];
  let issued = 0;
  let clock = Date.parse('2026-01-01T00:00:00Z');

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const parsed = JSON.parse(body);
        requests.push({ path: req.url ?? '', body: parsed });
        if (req.url?.includes('/serviceaccounts/missing/')) {
          res.writeHead(404, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'serviceaccounts "missing" not found' }));
        }
        const expires = new Date(clock + parsed.spec.expirationSeconds * 1000).toISOString();
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...parsed, status: { token: `token-${++issued}`, expirationTimestamp: expires } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new Client(new HttpsTransport({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, insecureSkipTLSVerify: false }));
  });
  after(async () => {
    client.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const pod = (uid: string, sa?: string): Pod => ({ metadata: { name: `pod-${uid}`, namespace: 'ns', uid }, spec: { serviceAccountName: sa, containers: [] } });

  it('asks for a token bound to the pod, and reuses it until 80% of its lifetime', async () => {
    const tokens = new ServiceAccountTokens(client, () => clock);
    assert.equal(await tokens.token(pod('u1', 'robot'), { audience: 'vault', expirationSeconds: 1000, path: 'token' }), 'token-1');
    assert.equal(requests.at(-1)!.path, '/api/v1/namespaces/ns/serviceaccounts/robot/token');
    assert.deepEqual(requests.at(-1)!.body, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: ['vault'], expirationSeconds: 1000, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'pod-u1', uid: 'u1' } },
    });
    clock += 799_000;
    assert.equal(await tokens.token(pod('u1', 'robot'), { audience: 'vault', expirationSeconds: 1000 }), 'token-1');
    clock += 2_000;
    assert.equal(await tokens.token(pod('u1', 'robot'), { audience: 'vault', expirationSeconds: 1000 }), 'token-2');
  });

  it('defaults to the default service account, the API audiences and one hour; keeps pods apart', async () => {
    const tokens = new ServiceAccountTokens(client, () => clock);
    const first = await tokens.token(pod('u2'), {});
    assert.equal(requests.at(-1)!.path, '/api/v1/namespaces/ns/serviceaccounts/default/token');
    assert.deepEqual(requests.at(-1)!.body.spec.audiences, []);
    assert.equal(requests.at(-1)!.body.spec.expirationSeconds, 3600);
    assert.notEqual(await tokens.token(pod('u3'), {}), first);
    tokens.forgetPod('u2');
    assert.notEqual(await tokens.token(pod('u2'), {}), first, 'a forgotten pod gets a new token');
  });

  it('says why a token could not be had', async () => {
    const tokens = new ServiceAccountTokens(client, () => clock);
    await assert.rejects(tokens.token(pod('u4', 'missing'), {}), { message: 'failed to fetch token: serviceaccounts "missing" not found' });
  });
});
