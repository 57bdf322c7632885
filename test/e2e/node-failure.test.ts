// A node that stops heartbeating: the real `k8ts up` with short, upstream-named timings, and
// a separate `k8ts sim-nodes` process playing one extra node. Killing that process stops
// its Lease renewals; the node turns Unknown, gets the unreachable taint, and its pods are
// evicted after their toleration and recreated on the healthy nodes.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { manifest, REPO, startCluster, type Cluster } from './harness.js';

const GRACE_S = 6;
const TOLERATION_S = 3;

let c: Cluster;
let flaky: ChildProcess | undefined;
before(async () => {
  c = await startCluster({
    extraArgs: ['--simulated-nodes', '2', '--node-monitor-grace-period', `${GRACE_S}s`, '--default-unreachable-toleration-seconds', String(TOLERATION_S), '--default-not-ready-toleration-seconds', String(TOLERATION_S)],
  });
});
after(async () => {
  flaky?.kill('SIGKILL');
  await c?.stop();
  c?.cleanup();
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('pods on a node that stops heartbeating are recreated elsewhere within the configured times', async () => {
  flaky = spawn(path.join(REPO, 'k8ts'), ['sim-nodes', '--kubeconfig', c.kubeconfig, '--count', '1', '--name-prefix', 'flaky-'], { stdio: 'ignore' });
  await until('flaky-0 Ready', async () => ((await c.kubectl(['get', 'node', 'flaky-0'])).stdout.match(/flaky-0\s+Ready/) ? true : undefined));

  const spread = `apiVersion: apps/v1
kind: Deployment
metadata: {name: spread}
spec:
  replicas: 3
  selector: {matchLabels: {app: spread}}
  template:
    metadata: {labels: {app: spread}}
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector: {matchLabels: {app: spread}}
      containers: [{name: main, image: busybox:1.36}]
`;
  await c.k(['apply', '-f', manifest(c, 'spread.yaml', spread)]);
  await c.k(['rollout', 'status', 'deployment/spread', '--timeout=60s']);
  const onFlaky = JSON.parse(await c.k(['get', 'pods', '-l', 'app=spread', '--field-selector', 'spec.nodeName=flaky-0', '-o', 'json'])).items;
  assert.equal(onFlaky.length, 1, 'anti-affinity spread one pod onto each node');
  const victim = onFlaky[0].metadata.name;

  const killedAt = Date.now();
  flaky.kill('SIGKILL');

  await until('flaky-0 not ready', async () => {
    const n = JSON.parse(await c.k(['get', 'node', 'flaky-0', '-o', 'json']));
    const ready = n.status.conditions.find((x: any) => x.type === 'Ready');
    return ready.status === 'Unknown' && (n.spec.taints ?? []).some((t: any) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute') ? n : undefined;
  });
  const notReadyAfter = (Date.now() - killedAt) / 1000;
  await until('a replacement running on a healthy node', async () => {
    const pods = JSON.parse(await c.k(['get', 'pods', '-l', 'app=spread', '-o', 'json'])).items;
    const healthy = pods.filter((p: any) => !p.metadata.deletionTimestamp && p.spec.nodeName?.startsWith('sim-node-') && p.status.phase === 'Running');
    return healthy.length === 3 ? true : undefined;
  });
  const recreatedAfter = (Date.now() - killedAt) / 1000;
  const victimNow = JSON.parse((await c.kubectl(['get', 'pod', victim, '-o', 'json'])).stdout || '{}');
  assert.ok(!victimNow.metadata || victimNow.metadata.deletionTimestamp, 'the pod on the dead node was evicted');
  // Lease grace + the controller's 5 s monitor period + toleration, with room for a busy machine.
  assert.ok(notReadyAfter <= GRACE_S + 5 + 10, `node marked in ${notReadyAfter}s`);
  assert.ok(recreatedAfter <= GRACE_S + 5 + TOLERATION_S + 15, `pods recreated in ${recreatedAfter}s`);
  const events = await c.k(['get', 'events', '-A', '--field-selector', 'reason=TaintManagerEviction']);
  assert.match(events, new RegExp(`Marking for deletion Pod default/${victim}`));
});
