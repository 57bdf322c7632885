// The namespace controller against a real API server: a deleted namespace is emptied, its
// conditions tell what is left (kinds and finalizers), and it disappears once nothing is.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Namespace } from '../../src/api/core/namespaces.js';
import type { Client } from '../../src/client/index.js';
import { namespaceController } from '../../src/controllers/namespace/index.js';
import { eventually } from './apiserver-helpers.js';
import { gone, runController, type ControllerHarness } from './controller-harness.js';

type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime?: string };

const conditionsOf = (ns: Namespace) => (ns.status?.conditions ?? []) as Condition[];

describe('namespace controller', () => {
  let h: ControllerHarness;
  let c: Client;
  before(async () => {
    h = await runController(namespaceController());
    c = h.client;
  });
  after(() => h.stop());

  it('empties a deleted namespace, reports what holds it, and releases it once nothing is left', async () => {
    await c.namespaces.create(undefined, { metadata: { name: 'doomed' } });
    await c.configmaps.create('doomed', { metadata: { name: 'c1' }, data: { a: 'b' } });
    await c.secrets.create('doomed', { metadata: { name: 's1' }, stringData: { a: 'b' } });
    await c.pods.create('doomed', { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    // A finalizer on one object holds the namespace until it is removed.
    await c.configmaps.create('doomed', { metadata: { name: 'held', finalizers: ['example.com/hold'] } });

    const deleted = (await c.namespaces.delete(undefined, 'doomed')) as Namespace;
    assert.equal(deleted.status?.phase, 'Terminating');

    await eventually(() => gone(() => c.pods.get('doomed', 'p1')), 5000, 'the pod to be deleted');
    await eventually(() => gone(() => c.configmaps.get('doomed', 'c1')), 5000, 'the configmap to be deleted');
    await eventually(() => gone(() => c.secrets.get('doomed', 's1')), 5000, 'the secret to be deleted');
    assert.ok((await c.configmaps.get('doomed', 'held')).metadata?.deletionTimestamp, 'the held configmap is marked');

    const ns = await eventually(async () => {
      const n = await c.namespaces.get(undefined, 'doomed');
      return conditionsOf(n).some((x) => x.type === 'NamespaceContentRemaining' && x.status === 'True') ? n : undefined;
    }, 5000, 'the ContentRemaining condition');
    assert.ok(ns);
    assert.equal(ns.status?.phase, 'Terminating');
    assert.deepEqual(ns.spec?.finalizers, ['kubernetes']);
    const byType = new Map(conditionsOf(ns).map((x) => [x.type, x]));
    assert.deepEqual(
      { status: byType.get('NamespaceContentRemaining')?.status, reason: byType.get('NamespaceContentRemaining')?.reason, message: byType.get('NamespaceContentRemaining')?.message },
      { status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: configmaps. has 1 resource instances' },
    );
    assert.equal(byType.get('NamespaceFinalizersRemaining')?.message, 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
    assert.equal(byType.get('NamespaceDeletionContentFailure')?.status, 'False');
    assert.equal(byType.get('NamespaceDeletionDiscoveryFailure')?.status, 'False');
    assert.ok(byType.get('NamespaceContentRemaining')?.lastTransitionTime);

    await c.configmaps.patch('doomed', 'held', 'merge', { metadata: { finalizers: null } });
    await eventually(() => gone(() => c.namespaces.get(undefined, 'doomed')), 10000, 'the namespace to disappear');
    const list = await c.namespaces.list();
    assert.ok(!list.items.some((n) => n.metadata?.name === 'doomed'));
  });

  it('an empty namespace goes at once; one not being deleted is left alone', async () => {
    await c.namespaces.create(undefined, { metadata: { name: 'empty' } });
    await c.namespaces.create(undefined, { metadata: { name: 'alive' } });
    await c.configmaps.create('alive', { metadata: { name: 'stays' } });
    await c.namespaces.delete(undefined, 'empty');
    await eventually(() => gone(() => c.namespaces.get(undefined, 'empty')), 5000, 'the empty namespace to disappear');
    await c.configmaps.get('alive', 'stays');
    assert.equal((await c.namespaces.get(undefined, 'alive')).status?.phase, 'Active');
  });
});
