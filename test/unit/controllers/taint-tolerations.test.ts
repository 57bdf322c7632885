import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, Toleration } from '../../../src/api/core/types.js';
import { evictionTimeMs, noExecuteTaints, toleratesTaint, withDisruptionTarget, type Taint } from '../../../src/controllers/tainteviction/index.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2024-05-01T10:00:00Z' };
const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2024-05-01T10:00:10Z' };
const tol = (key: string | undefined, seconds?: number, extra: Partial<Toleration> = {}): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds, ...extra });

describe('toleratesTaint', () => {
  it('matches by key, effect and value as the API defines', () => {
    const dedicated: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoExecute' };
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu' }, dedicated), true, 'empty effect matches all');
    assert.equal(toleratesTaint({ key: 'dedicated', value: 'cpu' }, dedicated), false);
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, dedicated), false);
    assert.equal(toleratesTaint({ operator: 'Exists' }, dedicated), true, 'empty key with Exists tolerates everything');
    assert.equal(toleratesTaint({ key: 'other', operator: 'Exists' }, dedicated), false);
  });
});

describe('evictionTimeMs', () => {
  it('now for an untolerated taint', () => {
    assert.equal(evictionTimeMs([unreachable], [tol('node.kubernetes.io/not-ready', 300)], T0 + 5000), T0 + 5000);
  });
  it('never when every match is unbounded', () => {
    assert.equal(evictionTimeMs([unreachable], [tol('node.kubernetes.io/unreachable')], T0), undefined);
  });
  it('the earliest of each taint\'s timeAdded plus its first matching toleration', () => {
    const tolerations = [tol('node.kubernetes.io/unreachable', 30), tol(undefined, 5), tol('node.kubernetes.io/not-ready', 3)];
    // unreachable: 30 s from 10:00:00; not-ready: first matched by the wildcard, 5 s from 10:00:10.
    assert.equal(evictionTimeMs([unreachable, notReady], tolerations, T0 + 60_000), T0 + 15_000);
  });
  it('counts from `since` when the taint has no timeAdded; negative seconds mean now', () => {
    const bare = { key: 'k', effect: 'NoExecute' };
    assert.equal(evictionTimeMs([bare], [tol('k', 2)], T0), T0 + 2000);
    assert.equal(evictionTimeMs([bare], [tol('k', -1)], T0), T0);
  });
  it('noExecuteTaints keeps only NoExecute', () => {
    assert.deepEqual(noExecuteTaints([{ key: 'a', effect: 'NoSchedule' }, unreachable]), [unreachable]);
  });
});

describe('withDisruptionTarget', () => {
  const now = new Date(T0);
  it('adds the condition once', () => {
    const pod: Pod = { metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    const marked = withDisruptionTarget(pod, now)!;
    assert.deepEqual(marked.status?.conditions?.[1], { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: '2024-05-01T10:00:00Z' });
    assert.equal(withDisruptionTarget(marked, now), undefined);
  });
});
