// Slicing and minimal churn: how desired endpoints turn into creates, updates and deletes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredState, type NodeLookup } from '../../../src/controllers/endpointslice/desired.js';
import { planSlices, type SlicePlan } from '../../../src/controllers/endpointslice/plan.js';
import type { Slice } from '../../../src/controllers/endpointslice/types.js';
import { pod, service } from './endpoints-fixtures.js';

const nodes: NodeLookup = () => ({});
const svc = service('web');
const pods = (n: number, from = 0) => Array.from({ length: n }, (_, i) => pod(`p${from + i}`, { ip: `10.0.${Math.floor((from + i) / 200)}.${(from + i) % 200}` }));
const groupsFor = (ps: ReturnType<typeof pods>, s = svc) => desiredState(s, ps, nodes, 'IPv4').groups;

let seq = 0;
/** What the server would hand back for a planned create: a name, a uid and a resourceVersion. */
function stored(slice: Slice): Slice {
  seq++;
  return { ...slice, metadata: { ...slice.metadata, name: `web-${seq}`, uid: `slice-${seq}`, resourceVersion: String(seq) } };
}

/** Applies a plan to the current slices, as the controller's writes would. */
function apply(current: Slice[], plan: SlicePlan): Slice[] {
  const gone = new Set(plan.delete.map((s) => s.metadata?.name));
  const updated = new Map(plan.update.map((s) => [s.metadata?.name, s]));
  return [...current.filter((s) => !gone.has(s.metadata?.name)).map((s) => updated.get(s.metadata?.name) ?? s), ...plan.create.map(stored)];
}

const sizes = (slices: Slice[]) => slices.map((s) => s.endpoints?.length ?? 0).sort((a, b) => b - a);

describe('EndpointSlice planning', () => {
  it('creates one labelled, owned slice for a few endpoints', () => {
    const plan = planSlices(svc, 'IPv4', groupsFor(pods(3)), [], 100);
    assert.equal(plan.update.length + plan.delete.length, 0);
    assert.equal(plan.create.length, 1);
    const slice = plan.create[0]!;
    assert.equal(slice.metadata?.generateName, 'web-');
    assert.deepEqual(slice.metadata?.labels, { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    assert.deepEqual(slice.metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-svc-web', controller: true, blockOwnerDeletion: true }]);
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.ports, [{ name: '', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(slice.endpoints?.map((e) => e.targetRef?.name), ['p0', 'p1', 'p2']);
  });

  it('puts at most maxEndpointsPerSlice endpoints in a slice', () => {
    const plan = planSlices(svc, 'IPv4', groupsFor(pods(250)), [], 100);
    assert.deepEqual(sizes(plan.create), [100, 100, 50]);
  });

  it('changes nothing when the slices already match', () => {
    const current = apply([], planSlices(svc, 'IPv4', groupsFor(pods(150)), [], 100));
    assert.deepEqual(planSlices(svc, 'IPv4', groupsFor(pods(150)), current, 100), { create: [], update: [], delete: [] });
  });

  it('updates only the slice whose endpoint changed', () => {
    const current = apply([], planSlices(svc, 'IPv4', groupsFor(pods(150)), [], 100));
    const changed = pods(150);
    changed[120] = pod('p120', { ip: changed[120]!.status!.podIP, ready: false });
    const plan = planSlices(svc, 'IPv4', groupsFor(changed), current, 100);
    assert.equal(plan.create.length + plan.delete.length, 0);
    assert.equal(plan.update.length, 1);
    const ep = plan.update[0]!.endpoints!.find((e) => e.targetRef?.name === 'p120')!;
    assert.deepEqual(ep.conditions, { ready: false, serving: false, terminating: false });
    // The cache's object is untouched: the plan works on copies.
    assert.equal(current.flatMap((s) => s.endpoints ?? []).find((e) => e.targetRef?.name === 'p120')!.conditions?.ready, true);
  });

  it('fills a new endpoint into the existing slice closest to full instead of creating one', () => {
    const current = apply([], planSlices(svc, 'IPv4', groupsFor(pods(150)), [], 100));
    const plan = planSlices(svc, 'IPv4', groupsFor([...pods(150), ...pods(1, 500)]), current, 100);
    assert.equal(plan.create.length + plan.delete.length, 0);
    assert.deepEqual(sizes(plan.update), [51]);
  });

  it('tops up a slice that changes anyway before touching others', () => {
    const current = apply([], planSlices(svc, 'IPv4', groupsFor(pods(150)), [], 100));
    // p0 (in the full slice) goes, p500 comes: the slice losing p0 takes p500.
    const plan = planSlices(svc, 'IPv4', groupsFor([...pods(149, 1), ...pods(1, 500)]), current, 100);
    assert.equal(plan.create.length + plan.delete.length, 0);
    assert.equal(plan.update.length, 1);
    assert.ok(plan.update[0]!.endpoints!.some((e) => e.targetRef?.name === 'p500'));
    assert.ok(!plan.update[0]!.endpoints!.some((e) => e.targetRef?.name === 'p0'));
  });

  it('deletes emptied slices and keeps one empty placeholder when nothing is left', () => {
    let current = apply([], planSlices(svc, 'IPv4', groupsFor(pods(150)), [], 100));
    const shrink = planSlices(svc, 'IPv4', groupsFor(pods(50)), current, 100);
    current = apply(current, shrink);
    assert.deepEqual(sizes(current), [50]);

    // The last slice is recycled as the placeholder rather than deleted and re-created.
    const empty = planSlices(svc, 'IPv4', groupsFor([]), current, 100);
    assert.deepEqual(empty.create, []);
    assert.deepEqual(empty.delete, []);
    assert.equal(empty.update.length, 1);
    assert.deepEqual(empty.update[0]!.endpoints, []);
    assert.deepEqual(empty.update[0]!.ports, []);
    current = apply(current, empty);
    assert.deepEqual(planSlices(svc, 'IPv4', groupsFor([]), current, 100), { create: [], update: [], delete: [] });
  });

  it('moves endpoints to a slice of the new ports when the service ports change', () => {
    const current = apply([], planSlices(svc, 'IPv4', groupsFor(pods(3)), [], 100));
    const moved = service('web', { ports: [{ port: 80, targetPort: 9090 }] });
    const plan = planSlices(moved, 'IPv4', groupsFor(pods(3), moved), current, 100);
    // The old slice is rewritten in place with the new ports rather than deleted and another created.
    assert.deepEqual(plan.create, []);
    assert.deepEqual(plan.delete, []);
    assert.equal(plan.update.length, 1);
    assert.equal(plan.update[0]!.metadata?.name, current[0]!.metadata?.name);
    assert.deepEqual(plan.update[0]!.ports, [{ name: '', port: 9090, protocol: 'TCP' }]);
    // An optimistic-concurrency update of that very object.
    assert.equal(plan.update[0]!.metadata?.resourceVersion, current[0]!.metadata?.resourceVersion);
  });

  it('deletes slices owned by an earlier service of the same name', () => {
    const current = apply([], planSlices(service('web'), 'IPv4', groupsFor(pods(2)), [], 100));
    const reborn = { ...service('web'), metadata: { ...service('web').metadata, uid: 'uid-new' } };
    const plan = planSlices(reborn, 'IPv4', groupsFor(pods(2), reborn), current, 100);
    assert.equal(plan.create.length, 1);
    assert.deepEqual(plan.delete.map((s) => s.metadata?.name), [current[0]!.metadata?.name]);
  });

  it('follows the service labels', () => {
    const current = apply([], planSlices(svc, 'IPv4', groupsFor(pods(2)), [], 100));
    const labelled = service('web', { labels: { team: 'a' } });
    const plan = planSlices(labelled, 'IPv4', groupsFor(pods(2), labelled), current, 100);
    assert.equal(plan.update.length, 1);
    assert.equal(plan.update[0]!.metadata?.labels?.team, 'a');
  });
});
