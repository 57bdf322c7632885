import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState, InterPodAffinity, PodTopologySpread, Snapshot, type NodeScore, type Pod, type Node } from '../../../src/scheduler/index.js';
import { node, pod } from './fixtures.js';

const zoned = () => [
  node('a1', { labels: { zone: 'a' } }),
  node('a2', { labels: { zone: 'a' } }),
  node('b1', { labels: { zone: 'b' } }),
  node('nozone'),
];

function filterAll(plugin: InterPodAffinity | PodTopologySpread, nodes: Node[], existing: Pod[], p: Pod): Record<string, string> {
  const snap = Snapshot.from(nodes, existing);
  const state = new CycleState(snap);
  const pre = plugin.preFilter(state, p);
  if (pre?.status?.code === 'Skip') return Object.fromEntries(snap.nodes.map((n) => [n.name, 'ok']));
  return Object.fromEntries(snap.nodes.map((n) => [n.name, plugin.filter(state, p, n)?.reasons.join() ?? 'ok']));
}

test('InterPodAffinity required affinity: same zone as matching pods; first pod of a group may go anywhere', () => {
  const ipa = new InterPodAffinity();
  const term = { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'zone' };
  const p = pod('web', { labels: { app: 'web' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } });
  const r = filterAll(ipa, zoned(), [pod('db', { labels: { app: 'db' }, node: 'a1' })], p);
  assert.deepEqual(r, { a1: 'ok', a2: 'ok', b1: "node(s) didn't match pod affinity rules", nozone: "node(s) didn't match pod affinity rules" });
  // No db pod anywhere and the pod is not a db pod itself: nothing fits.
  assert.equal(filterAll(ipa, zoned(), [], p).a1, "node(s) didn't match pod affinity rules");
  const self = pod('db2', { labels: { app: 'db' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } });
  assert.deepEqual(filterAll(ipa, zoned(), [], self), { a1: 'ok', a2: 'ok', b1: 'ok', nozone: "node(s) didn't match pod affinity rules" });
});

test('InterPodAffinity anti-affinity: own terms and existing pods\' terms; namespaces', () => {
  const ipa = new InterPodAffinity();
  const anti = (labels: Record<string, string>) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' }] } });
  const p = pod('p', { labels: { app: 'x' }, spec: { affinity: anti({ app: 'x' }) } });
  const r = filterAll(ipa, zoned(), [pod('x1', { labels: { app: 'x' }, node: 'a1' }), pod('x2', { labels: { app: 'x' }, node: 'b1', namespace: 'other' })], p);
  assert.deepEqual(r, { a1: "node(s) didn't match pod anti-affinity rules", a2: 'ok', b1: 'ok', nozone: 'ok' });
  const guard = pod('guard', { node: 'a2', labels: { app: 'g' }, spec: { affinity: anti({ app: 'x' }) } });
  const plain = pod('plain', { labels: { app: 'x' } });
  assert.equal(filterAll(ipa, zoned(), [guard], plain).a2, "node(s) didn't satisfy existing pods anti-affinity rules");
  assert.equal(filterAll(ipa, zoned(), [guard], pod('other', { labels: { app: 'y' } })).a2, 'ok');
});

test('InterPodAffinity preferred terms score the topology of matching pods', () => {
  const ipa = new InterPodAffinity();
  const snap = Snapshot.from(zoned(), [pod('db', { labels: { app: 'db' }, node: 'b1' })]);
  const state = new CycleState(snap);
  const p = pod('web', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'zone' } }] } } } });
  assert.equal(ipa.preScore(state, p), undefined);
  const scores: NodeScore[] = snap.nodes.map((n) => ({ name: n.name, score: ipa.score(state, p, n) }));
  assert.deepEqual(scores.map((s) => s.score), [0, 0, 10, 0]);
  ipa.normalizeScore(state, p, scores);
  assert.deepEqual(scores.map((s) => s.score), [0, 0, 100, 0]);
});

test('PodTopologySpread DoNotSchedule: maxSkew over zones, missing label', () => {
  const pts = new PodTopologySpread();
  const p = pod('p', { labels: { app: 'w' }, spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'w' } } }] } });
  const existing = [pod('w1', { labels: { app: 'w' }, node: 'a1' }), pod('w2', { labels: { app: 'w' }, node: 'a2' }), pod('w3', { labels: { app: 'w' }, node: 'b1' })];
  // zone a has 2, zone b has 1: placing in a gives skew 3-1=2 > 1.
  assert.deepEqual(filterAll(pts, zoned(), existing, p), {
    a1: "node(s) didn't match pod topology spread constraints",
    a2: "node(s) didn't match pod topology spread constraints",
    b1: 'ok',
    nozone: "node(s) didn't match pod topology spread constraints (missing required label)",
  });
  // Terminating and other-namespace pods do not count.
  const gone = [{ ...existing[2], metadata: { ...existing[2].metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } }, pod('w4', { labels: { app: 'w' }, node: 'b1', namespace: 'x' })];
  assert.equal(filterAll(pts, zoned(), [existing[0], ...gone], p).b1, 'ok');
  assert.equal(filterAll(pts, zoned(), [existing[0], ...gone], p).a1, "node(s) didn't match pod topology spread constraints");
});

test('PodTopologySpread ScheduleAnyway scores emptier domains higher; nodes without the key score 0', () => {
  const pts = new PodTopologySpread();
  const snap = Snapshot.from(zoned(), [pod('w1', { labels: { app: 'w' }, node: 'a1' }), pod('w2', { labels: { app: 'w' }, node: 'a2' })]);
  const state = new CycleState(snap);
  const p = pod('p', { labels: { app: 'w' }, spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'w' } } }] } });
  assert.equal(pts.preScore(state, p, snap.nodes), undefined);
  const scores: NodeScore[] = snap.nodes.map((n) => ({ name: n.name, score: pts.score(state, p, n) }));
  // two domains → weight ln(4); zone a has 2 pods: round(2·1.386) = 3.
  assert.deepEqual(scores.map((s) => s.score), [3, 3, 0, 0]);
  pts.normalizeScore(state, p, scores);
  assert.deepEqual(scores.map((s) => s.score), [0, 0, 100, 0]);
});
