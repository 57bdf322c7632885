// The in-process transport: the API server's own http.Server over in-memory socket pairs.
// First against a plain echo server (the user lookup, connection reuse, streams), then the
// REST client's CRUD and a watch against a real ApiServer.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap } from '../../src/api/core/configmaps.js';
import { Client, InProcessTransport, SharedInformer, inProcessUser, isNotFound } from '../../src/client/index.js';
import { eventually, startServer, type TestServer } from './apiserver-helpers.js';

describe('InProcessTransport against an echo server', () => {
  let server: http.Server;
  let connections = 0;
  before(() => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url?.startsWith('/stream')) {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.write('{"n":1}\n{"n"');
          setTimeout(() => res.end(':2}\n{"n":3}'), 5);
          return;
        }
        res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, url: req.url, contentType: req.headers['content-type'], user: inProcessUser(req.socket), body: Buffer.concat(chunks).toString() }));
      });
    });
    server.on('connection', () => connections++);
  });

  it('carries method, path, query, body and the caller identity; reuses connections', async () => {
    const t = new InProcessTransport(server, { username: 'system:kube-scheduler', groups: ['system:authenticated'] });
    for (let i = 0; i < 50; i++) {
      const r = await t.request({ method: 'DELETE', path: '/x', query: { i, skip: undefined }, body: '{"a":1}' });
      assert.equal(r.status, 200);
      const echoed = JSON.parse(r.body.toString());
      assert.deepEqual(echoed, { method: 'DELETE', url: `/x?i=${i}`, contentType: 'application/json', user: { username: 'system:kube-scheduler', groups: ['system:authenticated'] }, body: '{"a":1}' });
    }
    assert.equal(connections, 1, 'sequential requests share one connection');
    await Promise.all(Array.from({ length: 8 }, () => t.request({ method: 'GET', path: '/y' })));
    assert.ok(connections <= 8, `${connections} connections`);
    assert.equal(inProcessUser({}), undefined, 'other sockets have no in-process user');
    t.close();
  });

  it('streams lines across chunk boundaries; a non-2xx stream rejects with the Status', async () => {
    const t = new InProcessTransport(server, { username: 'u', groups: [] });
    const lines: string[] = [];
    for await (const line of await t.stream({ path: '/stream' })) lines.push(line);
    assert.deepEqual(lines, ['{"n":1}', '{"n":2}', '{"n":3}']);
    await assert.rejects(t.stream({ path: '/missing' }), (e: Error & { code?: number }) => e.code === 404);
    t.close();
  });
});

describe('InProcessTransport against the API server', () => {
  let srv: TestServer;
  let client: Client;
  before(async () => {
    srv = await startServer();
    // ApiServer keeps its http.Server private; bracket access reads it until it exposes an accessor.
    client = new Client(new InProcessTransport(srv.server.httpServer, { username: 'system:admin', groups: ['system:masters'] }));
  });
  after(async () => {
    client?.close();
    await srv?.stop();
  });

  it('does the same CRUD as over TCP', async () => {
    const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ip' }, data: { a: '1' } };
    const created = await client.configmaps.create('default', cm);
    assert.ok(created.metadata?.uid);
    assert.equal((await client.configmaps.get('default', 'ip')).data?.a, '1');
    assert.equal((await client.configmaps.patch('default', 'ip', 'merge', { data: { a: '2' } })).data?.a, '2');
    assert.ok((await client.configmaps.list('default')).items.some((o) => o.metadata?.name === 'ip'));
    await client.configmaps.delete('default', 'ip');
    await assert.rejects(client.configmaps.get('default', 'ip'), isNotFound);
  });

  it('feeds an informer (list + watch) and lets the server drop watches on stop', async () => {
    const informer = new SharedInformer(client.configmaps, { namespace: 'default', watchTimeoutSeconds: 30 });
    const added: string[] = [];
    informer.addEventHandler({ onAdd: (o) => added.push(o.metadata!.name!) });
    informer.start();
    await informer.waitForSync();
    await client.configmaps.create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'seen' } });
    await eventually(() => added.includes('seen'), 5000, 'watch event in process');
    await informer.stop();
  });
});
