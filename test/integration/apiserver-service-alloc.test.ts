// Cluster IPs and node ports: allocated with the Service, never twice, refused with upstream's
// 422s when a requested one is out of range or taken, moved on type changes, given back on
// delete, and repaired at start from what the stored Services hold.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore, type Store } from '../../src/storage/index.js';
import { startServer, type Json, type TestServer } from './apiserver-helpers.js';

const NS = '/api/v1/namespaces/default/services';
const svc = (name: string, spec: Json = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } });
const inRange = (ip: string) => /^10\.43\.\d+\.\d+$/.test(ip);

describe('service allocation', () => {
  let srv: TestServer<Store>;
  let dir: string;
  const dbPath = () => path.join(dir, 'state.db');

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'k8ts-alloc-'));
    srv = await startServer(openSqliteStore(dbPath()));
  });
  after(async () => {
    await srv?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = async (name: string, spec: Json = {}) => srv.client.post(NS, svc(name, spec));

  it('gives `kubernetes` the first address, and every new Service its own', async () => {
    const k = await srv.client.get(`${NS}/kubernetes`);
    assert.equal(k.body.spec.clusterIP, '10.43.0.1');
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => create(`many-${i}`)));
    const ips = replies.map((r) => {
      assert.equal(r.status, 201, r.text);
      assert.ok(inRange(r.body.spec.clusterIP), r.body.spec.clusterIP);
      assert.deepEqual(r.body.spec.clusterIPs, [r.body.spec.clusterIP]);
      assert.deepEqual(r.body.spec.ipFamilies, ['IPv4']);
      return r.body.spec.clusterIP as string;
    });
    assert.equal(new Set([...ips, '10.43.0.1']).size, 51);
  });

  it('honours a requested IP and refuses one out of range or taken', async () => {
    assert.equal((await create('wanted', { clusterIP: '10.43.7.7' })).body.spec.clusterIP, '10.43.7.7');
    const taken = await create('again', { clusterIP: '10.43.7.7' });
    assert.equal(taken.status, 422);
    assert.equal(taken.body.message, 'Service "again" is invalid: spec.clusterIPs[0]: Invalid value: "10.43.7.7": failed to allocate IP 10.43.7.7: provided IP is already allocated');
    const outside = await create('outside', { clusterIP: '10.0.0.5' });
    assert.equal(outside.status, 422);
    assert.match(outside.body.message, /spec.clusterIPs\[0\]: Invalid value: "10.0.0.5": failed to allocate IP 10.0.0.5: the provided IP \(10.0.0.5\) is not in the valid range. The range of valid IPs is 10.43.0.0\/16/);
    assert.equal((await srv.client.get(`${NS}/again`)).status, 404);
  });

  it('leaves headless and ExternalName Services without an IP', async () => {
    assert.equal((await create('headless', { clusterIP: 'None' })).body.spec.clusterIP, 'None');
    const ext = await create('ext', { type: 'ExternalName', externalName: 'example.com', ports: undefined });
    assert.equal(ext.status, 201, ext.text);
    assert.equal(ext.body.spec.clusterIP, undefined);
  });

  it('allocates node ports, honours requested ones and refuses taken or out-of-range ones', async () => {
    const np = await create('np', { type: 'NodePort', ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] });
    assert.equal(np.status, 201, np.text);
    const ports = np.body.spec.ports.map((p: Json) => p.nodePort);
    assert.ok(ports.every((p: number) => p >= 30000 && p <= 32767), String(ports));
    assert.notEqual(ports[0], ports[1]);
    assert.equal((await create('fixed', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).body.spec.ports[0].nodePort, 30080);
    const taken = await create('fixed2', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    assert.equal(taken.body.message, 'Service "fixed2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const low = await create('low', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] });
    assert.match(low.body.message, /spec.ports\[0\].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767/);
    // The refused Service took nothing: its cluster IP went back too.
    const lb = await create('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    assert.ok(lb.body.spec.ports[0].nodePort >= 30000);
    assert.ok(lb.body.spec.healthCheckNodePort >= 30000);
  });

  it('moves allocations on type changes and gives them back on delete', async () => {
    const fixed = await srv.client.get(`${NS}/fixed`);
    // NodePort → ClusterIP: the node port is dropped and free again.
    const toClusterIP = await srv.client.request('PATCH', `${NS}/fixed`, { spec: { type: 'ClusterIP' } }, { contentType: 'application/merge-patch+json' });
    assert.equal(toClusterIP.status, 200, toClusterIP.text);
    assert.equal(toClusterIP.body.spec.ports[0].nodePort, undefined);
    assert.equal(toClusterIP.body.spec.clusterIP, fixed.body.spec.clusterIP);
    assert.equal((await create('reuse-port', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).status, 201);
    // ClusterIP → ExternalName: the IP goes back.
    const ip = toClusterIP.body.spec.clusterIP;
    const toExt = await srv.client.request('PATCH', `${NS}/fixed`, { spec: { type: 'ExternalName', externalName: 'example.org' } }, { contentType: 'application/merge-patch+json' });
    assert.equal(toExt.status, 200, toExt.text);
    assert.equal(toExt.body.spec.clusterIP, undefined);
    assert.equal((await create('reuse-ip', { clusterIP: ip })).status, 201);
    // An IP may not change once set.
    const moved = await srv.client.request('PATCH', `${NS}/reuse-ip`, { spec: { clusterIP: '10.43.9.9', clusterIPs: ['10.43.9.9'] } }, { contentType: 'application/merge-patch+json' });
    assert.equal(moved.status, 422);
    // Delete gives back.
    assert.equal((await srv.client.request('DELETE', `${NS}/wanted`)).status, 200);
    assert.equal((await create('wanted-again', { clusterIP: '10.43.7.7' })).status, 201);
  });

  it('repairs the allocations from the stored Services at start', async () => {
    const held = (await srv.client.get(`${NS}/reuse-ip`)).body.spec.clusterIP;
    // A crash between a claim and its Service's write leaves an orphan claim; one between a
    // Service's delete and its release leaves one too. Make both by hand.
    await srv.store.create('/registry/ranges/serviceips/10.43.200.200', JSON.stringify({ namespace: 'default', name: 'gone', uid: 'x' }));
    await srv.store.delete(`/registry/ranges/serviceips/${held}`);
    await srv.stop();
    srv = await startServer(openSqliteStore(dbPath()));
    assert.equal((await create('orphan-freed', { clusterIP: '10.43.200.200' })).status, 201);
    const dup = await create('dup', { clusterIP: held });
    assert.equal(dup.status, 422, 'the claim of a Service that holds its IP was restored');
  });
});
