import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setNewReplicaSetAnnotations } from '../../../src/controllers/deployment/annotations.js';
import { computeHash } from '../../../src/controllers/deployment/hash.js';
import { buildNewReplicaSet } from '../../../src/controllers/deployment/new-replicaset.js';
import { equalIgnoreHash, findActiveOrLatest, findNewReplicaSet, findOldReplicaSets, maxRevision } from '../../../src/controllers/deployment/replicasets.js';
import { deployment, rs, template } from './deployment-fixtures.js';

describe('new ReplicaSet detection', () => {
  it('compares templates ignoring pod-template-hash and empty values', () => {
    const withHash = { ...template('x'), metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' }, annotations: {} } };
    assert.equal(equalIgnoreHash(template('x'), withHash), true);
    assert.equal(equalIgnoreHash(template('x'), template('y')), false);
  });

  it('finds the oldest ReplicaSet running the template; the rest are old', () => {
    const d = deployment({ image: 'b' });
    const list = [rs('c', { created: 3, image: 'b' }), rs('a', { created: 1 }), rs('b', { created: 2, image: 'b' })];
    assert.equal(findNewReplicaSet(d, list)?.metadata?.name, 'b');
    assert.deepEqual(findOldReplicaSets(d, list).map((r) => r.metadata?.name), ['c', 'a']);
    assert.equal(findNewReplicaSet(deployment({ image: 'z' }), list), undefined);
  });

  it('picks the only active ReplicaSet, or the newest when none is active', () => {
    assert.equal(findActiveOrLatest(rs('n'), [rs('o', { replicas: 2 })])?.metadata?.name, 'o');
    assert.equal(findActiveOrLatest(undefined, [rs('o1', { created: 1 }), rs('o2', { created: 2 })])?.metadata?.name, 'o2');
    assert.equal(findActiveOrLatest(rs('n', { replicas: 1 }), [rs('o', { replicas: 2 })]), undefined);
  });
});

describe('revisions', () => {
  it('takes the highest parsable revision', () => {
    const bad = rs('bad');
    bad.metadata!.annotations!['deployment.kubernetes.io/revision'] = 'x';
    assert.equal(maxRevision([rs('a', { revision: 2 }), rs('b', { revision: 7 }), bad, rs('c')]), 7);
    assert.equal(maxRevision([]), 0);
  });

  it('annotates a new ReplicaSet: revision, replica counts, and the deployment annotations but the skipped ones', () => {
    const d = deployment({
      replicas: 4,
      annotations: {
        'kubernetes.io/change-cause': 'kubectl set image',
        team: 'a',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'deployment.kubernetes.io/revision': '9',
      },
    });
    const r = rs('n');
    r.metadata!.annotations = undefined;
    assert.equal(setNewReplicaSetAnnotations(d, r, 3, false), true);
    assert.deepEqual(r.metadata?.annotations, {
      'kubernetes.io/change-cause': 'kubectl set image',
      team: 'a',
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
    assert.equal(setNewReplicaSetAnnotations(d, r, 3, false), false, 'idempotent');
  });

  it('raises a re-used ReplicaSet to max+1 and keeps its earlier revisions in revision-history', () => {
    const d = deployment();
    const r = rs('old', { revision: 1 });
    assert.equal(setNewReplicaSetAnnotations(d, r, 3, true), true);
    assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/revision'], '3');
    assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    setNewReplicaSetAnnotations(d, r, 5, true);
    assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1,3');
    assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], undefined, 'existing: replica counts left to scaling');
  });

  it('never lowers a revision, and trims the history to its length limit', () => {
    const r = rs('x', { revision: 5 });
    assert.equal(setNewReplicaSetAnnotations(deployment(), r, 3, true), false);
    assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/revision'], '5');
    r.metadata!.annotations!['deployment.kubernetes.io/revision-history'] = '1,2,3';
    setNewReplicaSetAnnotations(deployment(), r, 6, true, 6);
    assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '2,3,5');
  });
});

describe('buildNewReplicaSet', () => {
  it('names, labels, selects and owns by the template hash, sized within maxSurge', () => {
    const d = deployment({ replicas: 10, image: 'new', annotations: { 'kubernetes.io/change-cause': 'why' } });
    const hash = computeHash(d.spec?.template);
    const r = buildNewReplicaSet(d, [rs('old', { replicas: 10, revision: 4 })], 5);
    assert.equal(r.metadata?.name, `web-${hash}`);
    assert.deepEqual(r.metadata?.labels, { app: 'web', 'pod-template-hash': hash });
    assert.deepEqual(r.spec?.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
    assert.deepEqual(r.spec?.template?.metadata?.labels, { app: 'web', 'pod-template-hash': hash });
    assert.deepEqual(r.metadata?.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }]);
    assert.equal(r.spec?.replicas, 3);
    assert.equal(r.metadata?.annotations?.['deployment.kubernetes.io/revision'], '5');
    assert.equal(r.metadata?.annotations?.['kubernetes.io/change-cause'], 'why');
    assert.equal(d.spec?.template?.metadata?.labels?.['pod-template-hash'], undefined, 'the deployment is untouched');
  });

  it('takes a new name after a collision', () => {
    const d = deployment();
    const first = buildNewReplicaSet(d, [], 1).metadata?.name;
    d.status = { collisionCount: 1 };
    assert.notEqual(buildNewReplicaSet(d, [], 1).metadata?.name, first);
  });
});
