import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hpaV1, hpaV1ToV2, hpaV2, hpaV2ToV1 } from '../../../src/api/autoscaling/index.js';
import { eventFromCore, eventToCore, eventsV1 } from '../../../src/api/events/index.js';
import type { KubeObject } from '../../../src/api/resource.js';

const NOW = new Date('2024-05-01T12:00:00Z');

test('HPA v1 → v2 → v1 keeps the CPU target and status', () => {
  const v1: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-05-01T11:00:00Z' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 },
    status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 30 },
  };
  const v2 = hpaV1ToV2(v1);
  assert.equal(v2.apiVersion, 'autoscaling/v2');
  assert.deepEqual(v2.spec!.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
  assert.deepEqual(v2.status!.currentMetrics, [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 30 } } }]);
  assert.deepEqual(hpaV2.cells(v2, NOW), ['web', 'Deployment/web', 'cpu: 30%/50%', '1', 5, 2, '60m']);
  const back = hpaV2ToV1(v2);
  assert.equal((back.spec as Record<string, unknown>).targetCPUUtilizationPercentage, 50);
  assert.equal((back.status as Record<string, unknown>).currentCPUUtilizationPercentage, 30);
  // The CPU status is recorded in the annotation too, and disappears again on the way back to v2.
  assert.deepEqual(hpaV1ToV2(back), v2);
  assert.deepEqual(hpaV1.validate!(v1), []);
});

test('HPA v2 metrics v1 cannot express travel in annotations', () => {
  const v2: KubeObject = {
    apiVersion: 'autoscaling/v2',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 4,
      metrics: [
        { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
    },
  };
  const v1 = hpaV2ToV1(v2);
  const annotations = v1.metadata!.annotations!;
  assert.deepEqual(JSON.parse(annotations['autoscaling.alpha.kubernetes.io/metrics']), [{ type: 'Pods', pods: { metricName: 'qps', targetAverageValue: '10' } }]);
  assert.equal((v1.spec as Record<string, unknown>).targetCPUUtilizationPercentage, 70);
  assert.deepEqual(hpaV1ToV2(v1), v2);
});

test('HPA v1 without a target gets the 80% CPU default; v2 defaults', () => {
  const v2 = hpaV1ToV2({ metadata: { name: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 2 } });
  assert.equal(v2.spec!.metrics![0].resource!.target!.averageUtilization, 80);
  const obj: KubeObject = { metadata: { name: 'x', namespace: 'd' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 0, behavior: {} } };
  hpaV2.defaults!(obj);
  const spec = obj.spec as { minReplicas: number; behavior: { scaleUp: { policies: unknown[] } } };
  assert.equal(spec.minReplicas, 1);
  assert.equal(spec.behavior.scaleUp.policies.length, 2);
  assert.deepEqual(hpaV2.validate!(obj).map((e) => `${e.field}: ${e.message}`), [
    'spec.maxReplicas: Invalid value: 0: must be greater than 0',
    'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
  ]);
  assert.equal(hpaV1.storageResource, 'autoscaling/horizontalpodautoscalers');
  assert.equal(hpaV2.storageResource, 'autoscaling/horizontalpodautoscalers');
});

test('events.k8s.io/v1 ⇄ core/v1 Event', () => {
  const ev: KubeObject = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'web.1', namespace: 'default' },
    eventTime: '2024-05-01T11:59:00.000000Z',
    reportingController: 'k8ts/scheduler',
    reportingInstance: 'node-1',
    action: 'Binding',
    reason: 'Scheduled',
    regarding: { kind: 'Pod', name: 'web', namespace: 'default' },
    note: 'Successfully assigned default/web to node-1',
    type: 'Normal',
  };
  const core = eventToCore(ev);
  assert.equal(core.apiVersion, 'v1');
  assert.equal(core.message, 'Successfully assigned default/web to node-1');
  assert.equal(core.reportingComponent, 'k8ts/scheduler');
  assert.deepEqual(core.involvedObject, { kind: 'Pod', name: 'web', namespace: 'default' });
  assert.deepEqual(eventFromCore(core), ev);
  assert.deepEqual(eventsV1.validate!(ev), []);
  assert.equal(eventsV1.storageResource, 'core/events');
  assert.equal(eventsV1.schemaType, 'io.k8s.api.events.v1.Event');
  assert.equal(eventsV1.selectableFields!(ev)['involvedObject.name'], 'web');
  const bad = { ...ev, deprecatedCount: 3 };
  assert.deepEqual(eventsV1.validate!(bad).map((e) => `${e.field}: ${e.message}`), ['count: Invalid value: "": needs to be unset']);
});
