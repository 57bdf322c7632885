// The endpoints and EndpointSlice controllers against a real API server: a service and
// pods (their status written as a kubelet would) converge into an Endpoints object and
// EndpointSlices; readiness changes, named ports and deleting the service follow.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/api/core/types.js';
import { EventRecorder } from '../../src/client/events.js';
import { Client, HttpsTransport, SharedInformerFactory } from '../../src/client/index.js';
import { DEFAULT_CONTROLLER_OPTIONS, type Controller, type ControllerContext } from '../../src/controllers/context.js';
import { endpointsController, type EndpointsObject } from '../../src/controllers/endpoints/index.js';
import { endpointSliceController, type Slice } from '../../src/controllers/endpointslice/index.js';
import { eventually, sleep, startServer, type TestServer } from './apiserver-helpers.js';

const NS = 'default';
const SLICE_SELECTOR = 'kubernetes.io/service-name=web';

function webPod(name: string, httpPort?: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'nginx', ports: httpPort ? [{ name: 'http', containerPort: httpPort }] : [] }] },
  };
}

describe('endpoints and EndpointSlice controllers', () => {
  let srv: TestServer;
  let client: Client;
  let informers: SharedInformerFactory;
  let controllers: Controller[];

  before(async () => {
    srv = await startServer();
    client = new Client(new HttpsTransport({ server: srv.base, insecureSkipTLSVerify: false }));
    informers = new SharedInformerFactory();
    const ctx: ControllerContext = { client, informers, recorder: (c) => new EventRecorder(client, c), options: { ...DEFAULT_CONTROLLER_OPTIONS, workers: 2 } };
    controllers = [endpointsController(), endpointSliceController()];
    for (const c of controllers) c.start(ctx);
    informers.start();
  });
  after(async () => {
    for (const c of controllers ?? []) await c.stop();
    await informers?.stop();
    client?.close();
    await srv?.stop();
  });

  /** What a kubelet reports: an IP, Running, and the Ready condition. */
  async function setStatus(name: string, ip: string, ready: boolean): Promise<void> {
    const status = { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] };
    await client.pods.patch(NS, name, 'merge', { status }, { subresource: 'status' });
  }
  const endpoints = () => client.resource<EndpointsObject>(client.endpoints.ref).get(NS, 'web');
  const slices = async () => (await client.resource<Slice>(client.endpointslices.ref).list(NS, { labelSelector: SLICE_SELECTOR })).items;
  const sliceEndpoints = async () => (await slices()).flatMap((s) => (s.endpoints ?? []).map((e) => ({ ...e, ports: s.ports })));

  it('converges, follows readiness and named ports, and cleans up with the service', async () => {
    await client.nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', labels: { 'topology.kubernetes.io/zone': 'zone-1' } } });
    await client.services.create(NS, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels: { team: 'a' } },
      spec: {
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'metrics', port: 9090, targetPort: 9100 },
        ],
      },
    });
    for (const [name, port] of [['a', 8080], ['b', 8080], ['c', undefined]] as const) await client.pods.create(NS, webPod(name, port));
    await setStatus('a', '10.42.0.1', true);
    await setStatus('b', '10.42.0.2', true);
    await setStatus('c', '10.42.0.3', true);

    const ep = (await eventually(async () => {
      const e = await endpoints();
      return (e.subsets ?? []).flatMap((s) => s.addresses ?? []).length >= 5 ? e : undefined;
    }, 10000, 'Endpoints with every pod'))!;
    assert.equal(ep.metadata?.labels?.['endpoints.kubernetes.io/managed-by'], 'endpoint-controller');
    assert.equal(ep.metadata?.labels?.team, 'a');
    assert.ok(ep.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']);
    const ports = (ips: string[]) => (ep.subsets ?? []).filter((s) => deepIPs(s.addresses) === ips.join(',')).flatMap((s) => (s.ports ?? []).map((p) => `${p.name}:${p.port}`));
    // c has no `http` port: it serves metrics only.
    assert.deepEqual(ports(['10.42.0.1', '10.42.0.2']), ['http:8080']);
    assert.deepEqual(ports(['10.42.0.1', '10.42.0.2', '10.42.0.3']), ['metrics:9100']);
    const a = ep.subsets!.flatMap((s) => s.addresses ?? []).find((x) => x.ip === '10.42.0.1')!;
    assert.equal(a.nodeName, 'node-a');
    assert.deepEqual({ ...a.targetRef, uid: undefined }, { kind: 'Pod', namespace: NS, name: 'a', uid: undefined });

    const eps = (await eventually(async () => {
      const e = await sliceEndpoints();
      return e.length === 3 ? e : undefined;
    }, 10000, 'EndpointSlices with every pod'))!;
    const all = await slices();
    for (const s of all) {
      assert.equal(s.addressType, 'IPv4');
      assert.equal(s.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
      assert.match(s.metadata?.name ?? '', /^web-[a-z0-9]{5}$/);
      assert.equal(s.metadata?.ownerReferences?.[0]?.kind, 'Service');
      assert.equal(s.metadata?.ownerReferences?.[0]?.controller, true);
    }
    const epA = eps.find((e) => e.targetRef?.name === 'a')!;
    assert.deepEqual(epA.conditions, { ready: true, serving: true, terminating: false });
    assert.equal(epA.zone, 'zone-1');
    assert.equal(epA.nodeName, 'node-a');
    assert.deepEqual(epA.ports?.map((p) => `${p.name}:${p.port}`).sort(), ['http:8080', 'metrics:9100']);
    assert.deepEqual(eps.find((e) => e.targetRef?.name === 'c')!.ports?.map((p) => `${p.name}:${p.port}`), ['metrics:9100']);

    // b turns not ready.
    await setStatus('b', '10.42.0.2', false);
    await eventually(async () => {
      const e = await endpoints();
      return (e.subsets ?? []).some((s) => (s.notReadyAddresses ?? []).some((x) => x.ip === '10.42.0.2') && !(s.addresses ?? []).some((x) => x.ip === '10.42.0.2'));
    }, 10000, 'b in notReadyAddresses');
    await eventually(async () => (await sliceEndpoints()).find((e) => e.targetRef?.name === 'b')?.conditions?.ready === false, 10000, 'b not ready in its slice');
    assert.equal((await slices()).length, all.length, 'the slices were updated in place');

    // Drift: a deleted Endpoints comes back, an edited one is put right.
    const epClient = client.resource<EndpointsObject>(client.endpoints.ref);
    await epClient.delete(NS, 'web');
    await eventually(async () => deepIPs((await endpoints()).subsets?.flatMap((s) => s.addresses ?? [])) === '10.42.0.1,10.42.0.3', 10000, 'Endpoints re-created');
    await epClient.patch(NS, 'web', 'merge', { subsets: [{ addresses: [{ ip: '192.0.2.1' }], ports: [{ port: 1, protocol: 'TCP' }] }] });
    await eventually(async () => deepIPs((await endpoints()).subsets?.flatMap((s) => s.addresses ?? [])) === '10.42.0.1,10.42.0.3', 10000, 'Endpoints repaired');

    // A pod is deleted (no kubelet here, so it goes at once).
    await client.pods.delete(NS, 'c', { gracePeriodSeconds: 0 });
    await eventually(async () => !deepIPs((await endpoints()).subsets?.flatMap((s) => s.addresses ?? [])).includes('10.42.0.3'), 10000, 'c gone from Endpoints');
    await eventually(async () => !(await sliceEndpoints()).some((e) => e.targetRef?.name === 'c'), 10000, 'c gone from the slices');

    await client.services.delete(NS, 'web');
    await eventually(async () => (await endpoints().then(() => false, () => true)) && (await slices()).length === 0, 10000, 'Endpoints and slices gone');
  });

  it('leaves selector-less services and their Endpoints alone', async () => {
    await client.services.create(NS, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual' }, spec: { ports: [{ port: 80 }] } });
    const mine: EndpointsObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'manual' }, subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 80, protocol: 'TCP' }] }] };
    const created = await client.resource<EndpointsObject>(client.endpoints.ref).create(NS, mine);
    // Give the controllers time to (wrongly) act.
    await sleep(500);
    const now = await client.resource<EndpointsObject>(client.endpoints.ref).get(NS, 'manual');
    assert.equal(now.metadata?.resourceVersion, created.metadata?.resourceVersion);
    assert.equal((await client.resource<Slice>(client.endpointslices.ref).list(NS, { labelSelector: 'kubernetes.io/service-name=manual' })).items.length, 0);
  });
});

/** The distinct IPs of `addresses`, sorted and joined. */
function deepIPs(addresses: { ip: string }[] | undefined): string {
  return [...new Set((addresses ?? []).map((a) => a.ip))].sort().join(',');
}
