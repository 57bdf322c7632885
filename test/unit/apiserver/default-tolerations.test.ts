import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDefaultTolerations } from '../../../src/apiserver/admission/default-tolerations.js';

const d = { notReadySeconds: 300, unreachableSeconds: 60 };

test('a new pod tolerates not-ready and unreachable nodes for the configured times', () => {
  const pod: { spec: { tolerations?: unknown[] } } = { spec: {} };
  addDefaultTolerations(pod, d);
  assert.deepEqual(pod.spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
  ]);
});

test("a pod's own tolerations for those taints are kept, and nothing is doubled", () => {
  const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 };
  const pod = { spec: { tolerations: [own] } };
  addDefaultTolerations(pod, d);
  const tolerations = (pod.spec as { tolerations: { key: string; tolerationSeconds: number }[] }).tolerations;
  assert.equal(tolerations.length, 2);
  assert.equal(tolerations.find((t) => t.key === 'node.kubernetes.io/unreachable')!.tolerationSeconds, 5);
  const everything = { spec: { tolerations: [{ operator: 'Exists' }] } };
  addDefaultTolerations(everything, d);
  assert.equal((everything.spec.tolerations as unknown[]).length, 1, 'a wildcard toleration already covers both');
});
