// pods/eviction asks the pod's PodDisruptionBudget first, as upstream's EvictionREST.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { assertStatus, pod, serverPerFile } from './apiserver-helpers.js';

const PODS = '/api/v1/namespaces/default/pods';
const PDBS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';

const server = serverPerFile();

async function runningPod(name: string): Promise<void> {
  await server.c.expect(201, 'POST', PODS, pod(name, { labels: { app: 'guarded' } }));
  assert.equal((await server.c.patch(`${PODS}/${name}/status`, { status: { phase: 'Running' } })).status, 200);
}

function evict(name: string) {
  return server.c.post(`${PODS}/${name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } });
}

async function setAllowed(n: number): Promise<void> {
  const pdb = await server.c.expect(200, 'GET', `${PDBS}/budget`);
  const r = await server.c.patch(`${PDBS}/budget/status`, {
    status: { observedGeneration: pdb.metadata.generation, disruptionsAllowed: n, currentHealthy: 2, desiredHealthy: 2, expectedPods: 2 },
  });
  assert.equal(r.status, 200, r.text);
}

it('a budget with no disruptions left refuses with 429, one with room spends it', async () => {
  await server.c.expect(201, 'POST', PDBS, { metadata: { name: 'budget' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } } });
  await runningPod('p1');
  await runningPod('p2');

  // Not yet observed by the disruption controller: still being processed.
  assertStatus(await evict('p1'), 429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.");

  await setAllowed(0);
  const refused = await evict('p1');
  assertStatus(refused, 429, 'TooManyRequests');
  assert.deepEqual(refused.body.details.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget budget needs 2 healthy pods and has 2 currently' }]);
  await server.c.expect(200, 'GET', `${PODS}/p1`);

  await setAllowed(1);
  const done = await evict('p1');
  assert.equal(done.status, 201, done.text);
  assert.equal(done.body.status, 'Success');
  assert.equal((await server.c.get(`${PODS}/p1`)).status, 404, 'the pod is gone (unbound pods go at once)');
  const pdb = await server.c.expect(200, 'GET', `${PDBS}/budget`);
  assert.equal(pdb.status.disruptionsAllowed, 0, 'the disruption was spent');
  assert.ok(pdb.status.disruptedPods.p1, 'and recorded');
  assertStatus(await evict('p2'), 429, 'TooManyRequests');
});

it('pods no budget covers, and pending pods, are evicted freely', async () => {
  await server.c.expect(201, 'POST', PODS, pod('free'));
  assert.equal((await evict('free')).status, 201);
  await server.c.expect(201, 'POST', PODS, pod('pending', { labels: { app: 'guarded' } }));
  assert.equal((await evict('pending')).status, 201, 'a Pending pod disrupts nothing');
});
