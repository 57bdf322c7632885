import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/api/resource.js';
import { serverSideApply, updateManagedFields } from '../../../src/apiserver/fieldmanager/index.js';
import { StatusError } from '../../../src/machinery/status.js';
import { deployment, deploymentSchema } from './fieldmanager-schema.js';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:01:00Z';
const base = { schema: deploymentSchema, apiVersion: 'apps/v1', force: false, now: T0 };

function apply(live: KubeObject | null, applied: Record<string, unknown>, manager: string, opts: { force?: boolean; now?: string } = {}) {
  return serverSideApply({ ...base, ...opts, live, applied, manager });
}

function container(name: string, extra: Record<string, unknown> = {}) {
  return { name, image: `${name}:1`, ...extra };
}

function podSpec(...containers: unknown[]) {
  return { template: { metadata: { labels: { app: 'web' } }, spec: { containers } } };
}

function conflictOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof StatusError);
    return e;
  }
  assert.fail('expected a conflict');
}

describe('serverSideApply', () => {
  it('creates an object and records an Apply entry without identity fields', () => {
    const { object, managedFields } = apply(null, deployment({ replicas: 2, ...podSpec(container('nginx')) }, { labels: { app: 'web' } }), 'kubectl');
    assert.equal((object.spec as any).replicas, 2);
    assert.deepEqual(managedFields, [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
    assert.deepEqual(object.metadata?.managedFields, managedFields);
  });

  it('removes a field the manager stops applying', () => {
    const first = apply(null, deployment({ replicas: 2, paused: true }, { labels: { app: 'web', tier: 'fe' } }), 'kubectl').object;
    const { object, managedFields } = apply(first, deployment({ replicas: 2 }, { labels: { app: 'web' } }), 'kubectl', { now: T1 });
    assert.deepEqual(object.spec, { replicas: 2 });
    assert.deepEqual(object.metadata?.labels, { app: 'web' });
    assert.deepEqual(managedFields[0].fieldsV1, { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } });
    assert.equal(managedFields[0].time, T1);
  });

  it('keeps a dropped field that another manager still owns', () => {
    const first = apply(null, deployment({ replicas: 2, paused: true }), 'a').object;
    const second = apply(first, deployment({ paused: true }), 'b').object;
    const { object, managedFields } = apply(second, deployment({ replicas: 2 }), 'a');
    assert.equal((object.spec as any).paused, true);
    // b's apply changed nothing, so its entry has no time and sorts first, as upstream.
    assert.deepEqual(
      managedFields.map((m) => [m.manager, m.fieldsV1]),
      [
        ['b', { 'f:spec': { 'f:paused': {} } }],
        ['a', { 'f:spec': { 'f:replicas': {} } }],
      ],
    );
  });

  it('shares a field two managers apply with the same value', () => {
    const first = apply(null, deployment({ replicas: 3 }), 'a').object;
    const { object, managedFields } = apply(first, deployment({ replicas: 3 }), 'b');
    assert.deepEqual(object.spec, { replicas: 3 });
    assert.deepEqual(
      managedFields.map((m) => [m.manager, m.fieldsV1]),
      [
        ['b', { 'f:spec': { 'f:replicas': {} } }],
        ['a', { 'f:spec': { 'f:replicas': {} } }],
      ],
    );
    // Unchanged object: b's new entry gets no time (and so sorts first), as upstream.
    assert.equal(managedFields[0].time, undefined);
  });

  it('refuses to change a field another applier owns', () => {
    const first = apply(null, deployment({ replicas: 3 }), 'mgr').object;
    const err = conflictOf(() => apply(first, deployment({ replicas: 5 }), 'kubectl'));
    assert.equal(err.code, 409);
    assert.equal(err.reason, 'Conflict');
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "mgr": .spec.replicas');
    assert.deepEqual(err.details, { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "mgr"', field: '.spec.replicas' }] });
  });

  it('words several conflicts as upstream', () => {
    const created = { ...deployment({ replicas: 3, paused: false }), metadata: { name: 'web', namespace: 'default', uid: 'u1' } };
    const managedFields = updateManagedFields({ ...base, operation: 'Update', old: null, updated: created, manager: 'mgr' });
    const live = { ...created, metadata: { ...created.metadata, managedFields } };
    const err = conflictOf(() => apply(live, deployment({ replicas: 5, paused: true }), 'kubectl'));
    assert.equal(err.message, 'Apply failed with 2 conflicts: conflicts with "mgr" using apps/v1:\n- .spec.paused\n- .spec.replicas');
    assert.deepEqual(err.details?.causes, [
      { reason: 'FieldManagerConflict', message: 'conflict with "mgr" using apps/v1', field: '.spec.paused' },
      { reason: 'FieldManagerConflict', message: 'conflict with "mgr" using apps/v1', field: '.spec.replicas' },
    ]);
  });

  it('moves ownership when forced', () => {
    const first = apply(null, deployment({ replicas: 3, paused: true }), 'mgr').object;
    const { object, managedFields } = apply(first, deployment({ replicas: 5 }), 'kubectl', { force: true });
    assert.deepEqual(object.spec, { replicas: 5, paused: true });
    assert.deepEqual(
      managedFields.map((m) => [m.manager, m.fieldsV1]),
      [
        ['kubectl', { 'f:spec': { 'f:replicas': {} } }],
        ['mgr', { 'f:spec': { 'f:paused': {} } }],
      ],
    );
  });

  it('conflicts with a client-side update that changed an applied field (kubectl scale)', () => {
    const applied = apply(null, { ...deployment({ replicas: 2 }), metadata: { name: 'web', namespace: 'default', uid: 'u1' } }, 'kubectl').object;
    const scaled = { ...applied, spec: { replicas: 5 } };
    const managedFields = updateManagedFields({ ...base, operation: 'Update', old: applied, updated: scaled, manager: 'kubectl-client-side-apply', now: T1 });
    assert.deepEqual(
      managedFields.map((m) => [m.manager, m.operation, m.fieldsV1]),
      [['kubectl-client-side-apply', 'Update', { 'f:spec': { 'f:replicas': {} } }]],
    );
    const live = { ...scaled, metadata: { ...scaled.metadata, managedFields } };
    const err = conflictOf(() => apply(live, deployment({ replicas: 2 }), 'kubectl'));
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');

    const viaScale = updateManagedFields({ ...base, operation: 'Update', old: applied, updated: scaled, manager: 'kubectl', subresource: 'scale', now: T1 });
    const live2 = { ...scaled, metadata: { ...scaled.metadata, managedFields: viaScale } };
    const err2 = conflictOf(() => apply(live2, deployment({ replicas: 2 }), 'kubectl'));
    assert.equal(err2.message, 'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
  });

  it('merges map-lists by key and keeps items other managers own', () => {
    const first = apply(null, deployment(podSpec(container('a'), container('b', { ports: [{ containerPort: 80 }] }))), 'one').object;
    const second = apply(first, deployment(podSpec(container('c'), container('b', { ports: [{ containerPort: 80, name: 'http' }] }))), 'two').object;
    const containers = (second.spec as any).template.spec.containers;
    assert.deepEqual(
      containers.map((c: any) => c.name),
      ['a', 'c', 'b'],
    );
    assert.deepEqual(containers[2].ports, [{ containerPort: 80, name: 'http' }]);

    // "one" drops container a: it goes; b stays because "two" applies it too.
    const third = apply(second, deployment(podSpec()), 'one').object;
    assert.deepEqual(
      (third.spec as any).template.spec.containers.map((c: any) => c.name),
      ['c', 'b'],
    );
  });

  it('unions sets and replaces atomic lists', () => {
    const first = apply(null, deployment(podSpec(container('a', { args: ['x', 'y'] })), { finalizers: ['f/one'] }), 'one').object;
    const second = apply(first, deployment(podSpec(container('a', { args: ['x', 'y'] })), { finalizers: ['f/two'] }), 'two').object;
    assert.deepEqual(second.metadata?.finalizers, ['f/one', 'f/two']);
    const err = conflictOf(() => apply(second, deployment(podSpec(container('a', { args: ['z'] }))), 'two'));
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "one": .spec.template.spec.containers[name="a"].args');
  });

  it('gives fields set before the first apply to before-first-apply', () => {
    const live = { ...deployment({ replicas: 1, paused: true }), metadata: { name: 'web', namespace: 'default', uid: 'u1' } };
    const err = conflictOf(() => apply(live, deployment({ replicas: 4 }), 'kubectl'));
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  });

  it('rejects managedFields in the body, a wrong version and invalid lists', () => {
    assert.throws(() => apply(null, deployment({}, { managedFields: [] }), 'k'), { code: 400, message: 'metadata.managedFields must be nil' });
    assert.throws(() => apply(null, { ...deployment({}), apiVersion: 'apps/v1beta1' }, 'k'), {
      code: 400,
      message: 'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1',
    });
    assert.throws(() => apply(null, deployment(podSpec(container('a'), container('a'))), 'k'), {
      code: 500,
      message: 'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="a"]',
    });
  });
});
