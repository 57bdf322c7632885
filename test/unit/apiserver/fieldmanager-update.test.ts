import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject, ManagedFieldsEntry } from '../../../src/api/resource.js';
import { FieldSet, fieldElement, serverSideApply, updateManagedFields } from '../../../src/apiserver/fieldmanager/index.js';
import { deployment, deploymentSchema } from './fieldmanager-schema.js';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:01:00Z';
const base = { schema: deploymentSchema, apiVersion: 'apps/v1', operation: 'Update' as const, now: T0 };

function created(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return deployment(spec, { uid: 'u1', resourceVersion: '1', creationTimestamp: T0, ...metadata });
}

function withFields(obj: KubeObject, managedFields: ManagedFieldsEntry[]): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, managedFields } };
}

function summary(entries: ManagedFieldsEntry[]) {
  return entries.map((e) => [e.manager, e.operation, e.subresource ?? '', e.fieldsV1]);
}

describe('updateManagedFields', () => {
  it('on create, owns every set field; optional structs get "." and value structs do not', () => {
    const obj = created(
      {
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
      },
      { labels: { app: 'web' } },
    );
    const entries = updateManagedFields({ ...base, old: null, updated: obj, manager: 'kubectl-create' });
    assert.deepEqual(entries, [
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {} }, 'f:type': {} },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:resources': {} } } },
            },
          },
        },
      },
    ]);
  });

  it('moves changed fields from other managers and drops entries left empty', () => {
    const v1 = created({ replicas: 1, paused: false });
    const mf1 = updateManagedFields({ ...base, old: null, updated: v1, manager: 'creator' });
    const v2 = { ...withFields(v1, mf1), spec: { replicas: 2, paused: false } };
    const mf2 = updateManagedFields({ ...base, old: withFields(v1, mf1), updated: v2, manager: 'scaler', now: T1 });
    assert.deepEqual(summary(mf2), [
      ['creator', 'Update', '', { 'f:spec': { 'f:paused': {} } }],
      ['scaler', 'Update', '', { 'f:spec': { 'f:replicas': {} } }],
    ]);
    assert.equal(mf2[1].time, T1);
    assert.equal(mf2[0].time, T0);

    const v3 = { ...withFields(v2, mf2), spec: { replicas: 2, paused: true } };
    const mf3 = updateManagedFields({ ...base, old: withFields(v2, mf2), updated: v3, manager: 'scaler', now: T1 });
    assert.deepEqual(summary(mf3), [['scaler', 'Update', '', { 'f:spec': { 'f:paused': {}, 'f:replicas': {} } }]]);
  });

  it('removes deleted fields from their owners', () => {
    const v1 = created({ replicas: 1, paused: true });
    const mf1 = updateManagedFields({ ...base, old: null, updated: v1, manager: 'creator' });
    const v2 = { ...withFields(v1, mf1), spec: { replicas: 1 } };
    const mf2 = updateManagedFields({ ...base, old: withFields(v1, mf1), updated: v2, manager: 'editor', now: T1 });
    assert.deepEqual(summary(mf2), [['creator', 'Update', '', { 'f:spec': { 'f:replicas': {} } }]]);
  });

  it('keys entries by subresource and lists Apply entries first', () => {
    const applied = serverSideApply({ ...base, force: false, live: null, applied: created({ replicas: 1, paused: true }), manager: 'kubectl', now: T1 }).object;
    const withStatus = { ...applied, status: { replicas: 1 } };
    const mf = updateManagedFields({ ...base, old: applied, updated: withStatus, manager: 'kube-controller-manager', subresource: 'status' });
    assert.deepEqual(summary(mf), [
      ['kubectl', 'Apply', '', { 'f:spec': { 'f:paused': {}, 'f:replicas': {} } }],
      ['kube-controller-manager', 'Update', 'status', { 'f:status': { '.': {}, 'f:replicas': {} } }],
    ]);
    assert.deepEqual(Object.keys(mf[1]), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource']);
  });

  it('leaves the entry and its time alone when nothing changed', () => {
    const v1 = created({ replicas: 1 });
    const mf1 = updateManagedFields({ ...base, old: null, updated: v1, manager: 'creator' });
    const mf2 = updateManagedFields({ ...base, old: withFields(v1, mf1), updated: withFields(v1, mf1), manager: 'other', now: T1 });
    assert.deepEqual(mf2, mf1);
  });

  it('honours managedFields sent by the client, and [] resets tracking', () => {
    const v1 = created({ replicas: 1, paused: true });
    const mf1 = updateManagedFields({ ...base, old: null, updated: v1, manager: 'creator' });
    const live = withFields(v1, mf1);
    const sent: ManagedFieldsEntry[] = [
      { manager: 'migrated', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: FieldSet.of([fieldElement('spec'), fieldElement('replicas')]).toFieldsV1() },
    ];
    assert.deepEqual(summary(updateManagedFields({ ...base, old: live, updated: withFields(v1, sent), manager: 'kubectl-edit' })), [
      ['migrated', 'Apply', '', { 'f:spec': { 'f:replicas': {} } }],
    ]);
    assert.deepEqual(updateManagedFields({ ...base, old: live, updated: withFields(v1, []), manager: 'kubectl-edit' }), []);
    // Invalid entries are ignored in favour of the stored ones.
    const bad = [{ manager: 'x', operation: 'Bogus' }] as unknown as ManagedFieldsEntry[];
    assert.deepEqual(updateManagedFields({ ...base, old: live, updated: withFields(v1, bad), manager: 'kubectl-edit' }), mf1);
    // A subresource request cannot replace them.
    assert.deepEqual(updateManagedFields({ ...base, old: live, updated: withFields(v1, sent), manager: 'k', subresource: 'status' }), mf1);
  });

  it('does not start tracking an existing untracked object on update', () => {
    const v1 = created({ replicas: 1 });
    assert.deepEqual(updateManagedFields({ ...base, old: v1, updated: { ...v1, spec: { replicas: 2 } }, manager: 'x' }), []);
  });

  it('folds the oldest of more than ten updaters into ancient-changes', () => {
    let obj = created({});
    let mf: ManagedFieldsEntry[] = [];
    for (let i = 0; i < 11; i++) {
      const next = withFields({ ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata?.labels, [`l${i}`]: 'x' } } }, mf);
      mf = updateManagedFields({ ...base, old: i === 0 ? null : obj, updated: next, manager: `m${i}`, now: `2025-01-01T00:00:${String(i).padStart(2, '0')}Z` });
      obj = withFields(next, mf);
    }
    assert.equal(mf.length, 10);
    assert.deepEqual(mf[0].manager, 'ancient-changes');
    assert.deepEqual(mf[0].fieldsV1, { 'f:metadata': { 'f:labels': { '.': {}, 'f:l0': {}, 'f:l1': {} } } });
    assert.equal(mf[0].time, '2025-01-01T00:00:01Z');
  });

  it('keeps the stored managedFields when the object cannot be indexed', () => {
    const v1 = created({ template: { spec: { containers: [{ name: 'a' }] } } });
    const mf1 = updateManagedFields({ ...base, old: null, updated: v1, manager: 'creator' });
    const broken = { ...withFields(v1, mf1), spec: { template: { spec: { containers: [{ image: 'no-name' }] } } } };
    assert.deepEqual(updateManagedFields({ ...base, old: withFields(v1, mf1), updated: broken, manager: 'x' }), mf1);
  });
});
