import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployments, statefulSets, daemonSets } from '../../../src/api/apps/index.js';
import type { KubeObject } from '../../../src/api/resource.js';

const NOW = new Date('2024-05-01T12:00:00Z');

function deployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-05-01T11:55:00Z' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }] } },
    },
  };
}

const messages = (errs: { field: string; message: string }[]) => errs.map((e) => `${e.field}: ${e.message}`);

test('deployment defaults', () => {
  const d = deployment();
  deployments.defaults!(d);
  const spec = d.spec as Record<string, unknown>;
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.progressDeadlineSeconds, 600);
  assert.equal((spec.template as { spec: { restartPolicy: string } }).spec.restartPolicy, 'Always');
  assert.deepEqual(deployments.validate!(d), []);
});

test('deployment validation messages', () => {
  const d = deployment();
  deployments.defaults!(d);
  const spec = d.spec as { replicas: number; template: { metadata: { labels: Record<string, string> } }; strategy: { rollingUpdate: Record<string, unknown> } };
  spec.replicas = -1;
  spec.template.metadata.labels = { app: 'other' };
  spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: 0 };
  assert.deepEqual(messages(deployments.validate!(d)), [
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    'spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
  ]);
  const missing = deployment();
  delete (missing.spec as Record<string, unknown>).selector;
  deployments.defaults!(missing);
  assert.deepEqual(messages(deployments.validate!(missing)), ['spec.selector: Required value']);
});

test('deployment selector is immutable', () => {
  const old = deployment();
  deployments.defaults!(old);
  const d = structuredClone(old);
  (d.spec as { selector: unknown }).selector = { matchLabels: { app: 'web', v: '2' } };
  (d.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels.v = '2';
  assert.deepEqual(messages(deployments.validateUpdate!(d, old)), ['spec.selector: Invalid value: {"matchLabels":{"app":"web","v":"2"}}: field is immutable']);
});

test('deployment table, discovery and scale', () => {
  const d = deployment();
  deployments.defaults!(d);
  d.spec = { ...(d.spec as object), replicas: 3 };
  d.status = { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
  assert.deepEqual(
    deployments.columns.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Up-to-date', 'string', '', 0],
      ['Available', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['Containers', 'string', '', 1],
      ['Images', 'string', '', 1],
      ['Selector', 'string', '', 1],
    ],
  );
  assert.deepEqual(deployments.cells(d, NOW), ['web', '2/3', 3, 2, '5m', 'nginx,side', 'nginx:1.25,busybox', 'app=web']);
  assert.equal(deployments.schemaType, 'io.k8s.api.apps.v1.Deployment');
  assert.equal(deployments.storageResource, 'apps/deployments');
  assert.deepEqual(deployments.shortNames, ['deploy']);
  assert.deepEqual(deployments.categories, ['all']);
  assert.deepEqual(
    deployments.subresources.map((s) => [s.name, s.kind.group, s.kind.kind]),
    [
      ['status', 'apps', 'Deployment'],
      ['scale', 'autoscaling', 'Scale'],
    ],
  );
  assert.equal(deployments.scale!.selector(d), 'app=web');
  assert.equal(deployments.scale!.specReplicas(d), 3);
  deployments.prepareForCreate!(d);
  assert.deepEqual(d.status, {});
});

test('statefulset defaults, table and update rule', () => {
  const sts: KubeObject = {
    metadata: { name: 'db', namespace: 'default', creationTimestamp: '2024-04-30T12:00:00Z' },
    spec: { selector: { matchLabels: { app: 'db' } }, serviceName: 'db', template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'pg', image: 'postgres' }] } } },
  };
  statefulSets.defaults!(sts);
  const spec = sts.spec as Record<string, unknown>;
  assert.equal(spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  assert.deepEqual(statefulSets.validate!(sts), []);
  sts.status = { readyReplicas: 1 };
  assert.deepEqual(statefulSets.cells(sts, NOW), ['db', '1/1', '24h', 'pg', 'postgres']);
  const changed = structuredClone(sts);
  (changed.spec as Record<string, unknown>).serviceName = 'other';
  assert.deepEqual(messages(statefulSets.validateUpdate!(changed, sts)), [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
});

test('daemonset template generation annotation', () => {
  const ds: KubeObject = {
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'a' }] } } },
  };
  daemonSets.defaults!(ds);
  assert.deepEqual(daemonSets.validate!(ds), []);
  daemonSets.prepareForCreate!(ds);
  assert.equal(ds.metadata!.annotations!['deprecated.daemonset.template.generation'], '1');
  const next = structuredClone(ds);
  (next.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = 'b';
  daemonSets.prepareForUpdate!(next, ds);
  assert.equal(next.metadata!.annotations!['deprecated.daemonset.template.generation'], '2');
});
