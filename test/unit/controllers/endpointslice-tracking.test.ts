// The bookkeeping shared by the endpoints and EndpointSlice controllers: which services a
// pod change concerns, the last-change-trigger-time, and recognising the controller's own writes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/api/core/types.js';
import { servicesToUpdateOnPodChange } from '../../../src/controllers/endpointslice/pod-changes.js';
import { SliceTracker } from '../../../src/controllers/endpointslice/tracker.js';
import { TriggerTimeTracker } from '../../../src/controllers/endpointslice/trigger-time.js';
import type { Slice } from '../../../src/controllers/endpointslice/types.js';
import { pod, service } from './endpoints-fixtures.js';

const services = [service('web', { selector: { app: 'web' } }), service('api', { selector: { app: 'api' } }), service('all', { selector: { tier: 'x' } }), service('manual', { selector: null })];
const bump = (p: Pod, change: (p: Pod) => void): Pod => {
  const next = structuredClone(p);
  next.metadata!.resourceVersion = String(Number(p.metadata!.resourceVersion) + 1);
  change(next);
  return next;
};
const keys = (s: Set<string>) => [...s].sort();

describe('services to update on a pod change', () => {
  const before = pod('a', { labels: { app: 'web', tier: 'x' } });

  it('ignores changes no endpoint shows, and resyncs', () => {
    assert.deepEqual(keys(servicesToUpdateOnPodChange(services, before, bump(before, (p) => (p.metadata!.annotations = { a: 'b' })))), []);
    assert.deepEqual(keys(servicesToUpdateOnPodChange(services, before, before)), []);
  });

  it('syncs every matching service when readiness, IPs or deletion change', () => {
    const unready = bump(before, (p) => (p.status!.conditions = [{ type: 'Ready', status: 'False' }]));
    assert.deepEqual(keys(servicesToUpdateOnPodChange(services, before, unready)), ['ns/all', 'ns/web']);
    const moved = bump(before, (p) => (p.status!.podIP = '10.9.9.9'));
    assert.deepEqual(keys(servicesToUpdateOnPodChange(services, before, moved)), ['ns/all', 'ns/web']);
  });

  it('syncs only the services joined or left when just the labels change', () => {
    const relabelled = bump(before, (p) => (p.metadata!.labels = { app: 'api', tier: 'x' }));
    assert.deepEqual(keys(servicesToUpdateOnPodChange(services, before, relabelled)), ['ns/api', 'ns/web']);
  });
});

describe('TriggerTimeTracker', () => {
  it('reports the service creation first, then only newer pod transitions', () => {
    const t = new TriggerTimeTracker();
    const svc = service('web');
    const a = pod('a', { readySince: '2024-01-01T00:00:10Z' });
    assert.equal(t.compute('ns/web', svc, [a]), '2024-01-01T00:00:00Z');
    assert.equal(t.compute('ns/web', svc, [a]), undefined);
    const b = pod('b', { readySince: '2024-01-01T00:00:30Z' });
    const a2 = pod('a', { readySince: '2024-01-01T00:00:20Z' });
    assert.equal(t.compute('ns/web', svc, [a2, b]), '2024-01-01T00:00:20Z');
    t.deleteService('ns/web');
    assert.equal(t.compute('ns/web', svc, [a2, b]), '2024-01-01T00:00:00Z');
  });
});

describe('SliceTracker', () => {
  const slice = (uid: string, rv: string): Slice => ({ metadata: { uid, resourceVersion: rv } });

  it('calls a cache stale until it shows our creates, updates and deletes', () => {
    const t = new SliceTracker();
    t.written('ns/web', slice('u1', '5'));
    assert.equal(t.isStale('ns/web', []), true);
    assert.equal(t.isStale('ns/web', [slice('u1', '5')]), false);
    t.written('ns/web', slice('u1', '7'), '5');
    assert.equal(t.isStale('ns/web', [slice('u1', '5')]), true);
    assert.equal(t.isStale('ns/web', [slice('u1', '7')]), false);
    t.deleted('ns/web', slice('u1', '7'));
    assert.equal(t.isStale('ns/web', [slice('u1', '7')]), true);
    assert.equal(t.isStale('ns/web', []), false);
    assert.equal(t.isStale('ns/other', []), false);
  });

  it('tells our own writes and deletions from others', () => {
    const t = new SliceTracker();
    t.written('ns/web', slice('u1', '5'));
    assert.equal(t.shouldSync('ns/web', slice('u1', '5')), false);
    assert.equal(t.shouldSync('ns/web', slice('u1', '6')), true);
    assert.equal(t.shouldSync('ns/web', slice('u2', '1')), true);
    t.deleted('ns/web', slice('u1', '5'));
    assert.equal(t.handleDeletion('ns/web', slice('u1', '5')), false);
    t.written('ns/web', slice('u3', '9'));
    assert.equal(t.handleDeletion('ns/web', slice('u3', '9')), true);
  });
});
