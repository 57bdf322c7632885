// The pod status the kubelet generates from runtime state: phase rules (init containers,
// restart policies), conditions with upstream's reasons and messages, container statuses with
// lastState and waiting reasons, and the merge over what the API holds.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Pod } from '../../../src/api/core/types.js';
import type { PodRuntimeState } from '../../../src/kubelet/pod-runtime.js';
import { generatePodStatus, mergePodStatus, type KubeletPodStatus } from '../../../src/kubelet/pod-status.js';
import type { WaitingReason } from '../../../src/kubelet/reason-cache.js';
import type { ContainerStatus, SandboxStatus } from '../../../src/kubelet/runtime/types.js';

const NOW = '2026-01-01T00:00:10Z';
const T0 = Date.parse('2026-01-01T00:00:00Z');

function pod(spec: Record<string, unknown>, status: Record<string, unknown> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'u1' }, spec: { restartPolicy: 'Always', ...spec }, status };
}

const sandbox = (state: 'READY' | 'NOTREADY' = 'READY'): SandboxStatus => ({ id: 'sb', name: 'p', namespace: 'ns', uid: 'u1', attempt: 0, state, createdAt: T0, ip: '10.1.0.5', labels: {} });

let next = 0;
function ctr(name: string, attempt: number, state: ContainerStatus['state'], exitCode = 0): ContainerStatus {
  next++;
  return {
    id: `c${next}`, sandboxId: 'sb', name, attempt, state, createdAt: T0 + next, startedAt: T0 + 1000 * attempt, finishedAt: state === 'EXITED' ? T0 + 1000 * attempt + 500 : 0,
    exitCode, reason: state === 'EXITED' ? (exitCode === 0 ? 'Completed' : 'Error') : '', message: '', image: 'img', imageRef: 'sha256:abc', logPath: '', labels: {}, annotations: {},
  };
}

function statusOf(p: Pod, containers: ContainerStatus[], o: { sandbox?: SandboxStatus; reasons?: Record<string, WaitingReason>; unready?: string[]; terminal?: boolean } = {}): KubeletPodStatus {
  const state: PodRuntimeState = { uid: 'u1', sandboxes: o.sandbox === undefined ? [sandbox()] : [o.sandbox], containers: [...containers].sort((a, b) => b.attempt - a.attempt) };
  return generatePodStatus({
    pod: p, state, runtimeName: 'fake', hostIP: '192.0.2.1', now: NOW, podIsTerminal: o.terminal ?? false,
    reason: (n) => o.reasons?.[n], isReady: (n) => !(o.unready ?? []).includes(n), isStarted: () => true,
  });
}

const cond = (s: KubeletPodStatus, type: string) => s.conditions.find((c) => c.type === type)!;

it('reports a running pod Running and Ready, with IPs, start time and full container statuses', () => {
  const s = statusOf(pod({ containers: [{ name: 'a', image: 'nginx' }] }), [ctr('a', 0, 'RUNNING')]);
  assert.equal(s.phase, 'Running');
  assert.equal(s.podIP, '10.1.0.5');
  assert.deepEqual(s.podIPs, [{ ip: '10.1.0.5' }]);
  assert.equal(s.hostIP, '192.0.2.1');
  assert.equal(s.startTime, NOW);
  for (const t of ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled']) assert.equal(cond(s, t).status, 'True');
  const [a] = s.containerStatuses;
  assert.deepEqual({ ...a, state: undefined }, { name: 'a', image: 'nginx', imageID: 'sha256:abc', containerID: `fake://${a.containerID!.slice(7)}`, state: undefined, lastState: {}, ready: true, restartCount: 0, started: true });
  assert.equal(a.state.running?.startedAt, '2026-01-01T00:00:00Z');
});

it('shows an unready container in ContainersReady and Ready', () => {
  const s = statusOf(pod({ containers: [{ name: 'a' }, { name: 'b' }] }), [ctr('a', 0, 'RUNNING'), ctr('b', 0, 'RUNNING')], { unready: ['b'] });
  assert.equal(s.phase, 'Running');
  assert.deepEqual([cond(s, 'Ready').status, cond(s, 'Ready').reason, cond(s, 'Ready').message], ['False', 'ContainersNotReady', 'containers with unready status: [b]']);
  assert.equal(cond(s, 'ContainersReady').message, 'containers with unready status: [b]');
});

it('shows a crash-looping container waiting, with the exit in lastState and the restart count', () => {
  const reasons = { a: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=a pod=p_ns(u1)' } };
  const s = statusOf(pod({ containers: [{ name: 'a' }] }), [ctr('a', 1, 'EXITED', 1), ctr('a', 2, 'EXITED', 2)], { reasons });
  const [a] = s.containerStatuses;
  assert.deepEqual(a.state, { waiting: reasons.a });
  assert.equal(a.lastState.terminated?.exitCode, 2);
  assert.equal(a.lastState.terminated?.reason, 'Error');
  assert.equal(a.restartCount, 2);
  assert.equal(a.ready, false);
  assert.equal(s.phase, 'Running');
});

it('keeps the previous instance as lastState of a running container', () => {
  const s = statusOf(pod({ containers: [{ name: 'a' }] }), [ctr('a', 0, 'EXITED', 137), ctr('a', 1, 'RUNNING')]);
  const [a] = s.containerStatuses;
  assert.ok(a.state.running);
  assert.equal(a.lastState.terminated?.exitCode, 137);
  assert.equal(a.restartCount, 1);
});

it('is Pending with ContainerCreating before anything runs', () => {
  const s = statusOf(pod({ containers: [{ name: 'a' }] }), [], { sandbox: sandbox('NOTREADY') });
  assert.equal(s.phase, 'Pending');
  assert.deepEqual(s.containerStatuses[0].state, { waiting: { reason: 'ContainerCreating' } });
  assert.equal(cond(s, 'PodReadyToStartContainers').status, 'False');
});

it('shows a container that cannot be configured with its reason', () => {
  const reasons = { a: { reason: 'CreateContainerConfigError', message: 'configmap "x" not found' } };
  const s = statusOf(pod({ containers: [{ name: 'a' }] }), [], { reasons });
  assert.deepEqual(s.containerStatuses[0].state, { waiting: reasons.a });
  assert.equal(s.phase, 'Pending');
});

it('is Pending while init containers run, with PodInitializing and the incomplete ones named', () => {
  const p = pod({ initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] });
  const s = statusOf(p, [ctr('i1', 0, 'EXITED', 0), ctr('i2', 0, 'RUNNING')]);
  assert.equal(s.phase, 'Pending');
  assert.deepEqual([cond(s, 'Initialized').status, cond(s, 'Initialized').reason, cond(s, 'Initialized').message], ['False', 'ContainersNotInitialized', 'containers with incomplete status: [i2]']);
  assert.deepEqual(s.containerStatuses[0].state, { waiting: { reason: 'PodInitializing' } });
  assert.equal(s.initContainerStatuses![0].ready, true);
  assert.equal(s.initContainerStatuses![0].state.terminated?.reason, 'Completed');
});

it('fails a restartPolicy Never pod whose init container failed', () => {
  const p = pod({ restartPolicy: 'Never', initContainers: [{ name: 'i1' }], containers: [{ name: 'a' }] });
  assert.equal(statusOf(p, [ctr('i1', 0, 'EXITED', 1)]).phase, 'Failed');
  assert.equal(statusOf({ ...p, spec: { ...p.spec, restartPolicy: 'OnFailure' } }, [ctr('i1', 0, 'EXITED', 1)]).phase, 'Pending');
});

it('decides Succeeded, Failed or Running by restart policy once all containers stopped', () => {
  const two = (policy: string) => pod({ restartPolicy: policy, containers: [{ name: 'a' }, { name: 'b' }] });
  const ok = [ctr('a', 0, 'EXITED', 0), ctr('b', 0, 'EXITED', 0)];
  const mixed = [ctr('a', 0, 'EXITED', 0), ctr('b', 0, 'EXITED', 1)];
  assert.equal(statusOf(two('Never'), ok).phase, 'Succeeded');
  assert.equal(statusOf(two('Never'), mixed).phase, 'Failed');
  assert.equal(statusOf(two('OnFailure'), ok).phase, 'Succeeded');
  assert.equal(statusOf(two('OnFailure'), mixed).phase, 'Running');
  assert.equal(statusOf(two('Always'), ok).phase, 'Running');
  assert.equal(statusOf(two('Always'), mixed, { terminal: true }).phase, 'Failed');
  assert.equal(statusOf(two('Never'), [ctr('a', 0, 'EXITED', 0), ctr('b', 0, 'RUNNING')]).phase, 'Running');
  const done = statusOf(two('Never'), ok);
  assert.deepEqual([cond(done, 'Ready').status, cond(done, 'Ready').reason], ['False', 'PodCompleted']);
  assert.equal(cond(done, 'ContainersReady').reason, 'PodCompleted');
});

it('keeps transition times of unchanged conditions and the start time, and honours readiness gates', () => {
  const old = { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }, { type: 'Initialized', status: 'False', lastTransitionTime: '2025-01-01T00:00:00Z' }] };
  const s = mergePodStatus(old, statusOf(pod({ containers: [{ name: 'a' }] }, old), [ctr('a', 0, 'RUNNING')]));
  const merged = (type: string) => s.conditions!.find((c) => c.type === type) as { lastTransitionTime?: string };
  assert.equal(merged('Ready').lastTransitionTime, '2025-01-01T00:00:00Z');
  assert.equal(merged('Initialized').lastTransitionTime, NOW);
  assert.equal(mergePodStatus({ startTime: '2025-01-01T00:00:00Z' }, statusOf(pod({ containers: [{ name: 'a' }] }), [])).startTime, '2025-01-01T00:00:00Z');
  const gated = statusOf(pod({ readinessGates: [{ conditionType: 'example.com/lb' }], containers: [{ name: 'a' }] }), [ctr('a', 0, 'RUNNING')]);
  assert.deepEqual([cond(gated, 'Ready').status, cond(gated, 'Ready').reason, cond(gated, 'Ready').message], ['False', 'ReadinessGatesNotReady', 'corresponding condition of pod readiness gate "example.com/lb" does not exist.']);
  assert.equal(cond(gated, 'ContainersReady').status, 'True');
});

it('merges over the API status: keeps fields and conditions of others, never leaves a terminal phase', () => {
  const ours = statusOf(pod({ containers: [{ name: 'a' }] }), [ctr('a', 0, 'RUNNING')]);
  const merged = mergePodStatus({ qosClass: 'BestEffort', phase: 'Pending', conditions: [{ type: 'DisruptionTarget', status: 'True' }, { type: 'Ready', status: 'False' }] }, ours);
  assert.equal(merged.qosClass, 'BestEffort');
  assert.equal(merged.phase, 'Running');
  assert.deepEqual(merged.conditions!.map((c) => c.type), ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled', 'DisruptionTarget']);
  assert.equal(mergePodStatus({ phase: 'Succeeded' }, ours).phase, 'Succeeded');
});
