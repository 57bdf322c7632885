// Why a container cannot start, as the kubelet reports it (with the fake runtime): image pulls
// that fail and back off, environment and volumes waiting for a ConfigMap, a runtime that
// refuses to create the container, a failing postStart hook, and a pod past its active deadline.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Pod } from '../../src/api/core/types.js';
import { eventsWith, podOn, podWhere, startKubelet, type KubeletHarness } from './kubelet-harness.js';

let h: KubeletHarness;

before(async () => {
  h = await startKubelet();
  h.runtime.pullError = (image) => (image.startsWith('missing') ? `pull access denied for ${image}` : undefined);
  h.runtime.createError = (c) => (c.image.startsWith('broken') ? 'failed to create containerd task: exec format error' : undefined);
  h.runtime.execHandler = (name) => (name === 'hooked' ? 7 : 0);
});
after(async () => h?.stop());

const waiting = (p: Pod) => (p.status as any)?.containerStatuses?.[0]?.state?.waiting;
const waitingReason = (reason: string) => (p: Pod) => waiting(p)?.reason === reason;

it('reports ErrImagePull, then ImagePullBackOff, for an image that cannot be pulled', async () => {
  const created = await h.client.pods.create('default', podOn('nopull', { containers: [{ name: 'c', image: 'missing:1', imagePullPolicy: 'IfNotPresent' }] }));
  const p = await podWhere(h.client, 'nopull', waitingReason('ErrImagePull'), 5000, 'ErrImagePull');
  assert.equal(waiting(p).message, 'Failed to pull image "missing:1": pull access denied for missing:1');
  assert.equal(p.status?.phase, 'Pending');
  const b = await podWhere(h.client, 'nopull', waitingReason('ImagePullBackOff'), 5000, 'ImagePullBackOff');
  assert.equal(waiting(b).message, 'Back-off pulling image "missing:1"');
  await eventsWith(h.client, created.metadata!.uid!, ['Failed: Failed to pull image "missing:1": pull access denied for missing:1', 'BackOff: Back-off pulling image "missing:1"']);
});

it('waits with CreateContainerConfigError for a missing ConfigMap key, and starts once it exists', async () => {
  await h.client.pods.create('default', podOn('needs-env', {
    containers: [{ name: 'c', image: 'nginx:1.27', args: ['--mode=$(MODE)'], env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } }] }],
  }));
  const p = await podWhere(h.client, 'needs-env', waitingReason('CreateContainerConfigError'), 5000, 'CreateContainerConfigError');
  assert.match(waiting(p).message, /settings/);
  await h.client.configmaps.create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } });
  const running = await podWhere(h.client, 'needs-env', (x) => x.status?.phase === 'Running', 6000, 'needs-env Running');
  const id = (running.status as any).containerStatuses[0].containerID.replace('fake://', '');
  assert.deepEqual(h.runtime.containerConfig(id)!.env.find((e) => e.name === 'MODE'), { name: 'MODE', value: 'fast' });
  assert.deepEqual(h.runtime.containerConfig(id)!.args, ['--mode=fast']);
});

it('reports FailedMount while a volume cannot be set up, and runs once it can', async () => {
  const created = await h.client.pods.create('default', podOn('needs-volume', {
    volumes: [{ name: 'cfg', configMap: { name: 'files' } }],
    containers: [{ name: 'c', image: 'nginx:1.27', volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }] }],
  }));
  await eventsWith(h.client, created.metadata!.uid!, [/^FailedMount: /], 5000);
  assert.equal(waiting(await h.client.pods.get('default', 'needs-volume'))?.reason, 'ContainerCreating');
  await h.client.configmaps.create('default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'files' }, data: { 'app.conf': 'x=1' } });
  const running = await podWhere(h.client, 'needs-volume', (x) => x.status?.phase === 'Running', 6000, 'needs-volume Running');
  const id = (running.status as any).containerStatuses[0].containerID.replace('fake://', '');
  assert.equal(h.runtime.containerConfig(id)!.mounts.find((m) => m.containerPath === '/etc/app')?.readOnly, true);
});

it("reports CreateContainerError with the runtime's message", async () => {
  await h.client.pods.create('default', podOn('uncreatable', { containers: [{ name: 'c', image: 'broken:1' }] }));
  const p = await podWhere(h.client, 'uncreatable', waitingReason('CreateContainerError'), 5000, 'CreateContainerError');
  assert.equal(waiting(p).message, 'failed to create containerd task: exec format error');
});

it('kills a container whose postStart hook fails', async () => {
  const created = await h.client.pods.create('default', podOn('poststart', {
    containers: [{ name: 'hooked', image: 'nginx:1.27', lifecycle: { postStart: { exec: { command: ['/bin/false'] } } } }],
  }));
  await eventsWith(h.client, created.metadata!.uid!, ['FailedPostStartHook: PostStartHook failed', 'Killing: FailedPostStartHook'], 5000);
  assert.ok(h.runtime.stops.some((s) => s.containerName === 'hooked'));
  const p = await podWhere(h.client, 'poststart', (x) => waiting(x)?.reason === 'PostStartHookError', 5000, 'PostStartHookError');
  assert.match(waiting(p).message, /^Exec lifecycle hook \(\[\/bin\/false\]\) for Container "hooked" in Pod "poststart_default\(.*\)" failed - error: command '\/bin\/false' exited with 7/);
  await podWhere(h.client, 'poststart', (x) => ((x.status as any)?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 5000, 'restarted');
});

it('kills a pod past its activeDeadlineSeconds and fails it with DeadlineExceeded', async () => {
  await h.client.pods.create('default', podOn('deadline', { activeDeadlineSeconds: 1, containers: [{ name: 'c', image: 'nginx:1.27' }] }));
  const p = await podWhere(h.client, 'deadline', (x) => x.status?.phase === 'Failed', 5000, 'deadline Failed');
  assert.equal(p.status?.reason, 'DeadlineExceeded');
  assert.equal((p.status as any).message, 'Pod was active on the node longer than the specified deadline');
  assert.equal((p.status as any).containerStatuses[0].state.terminated.exitCode, 143);
  assert.equal(h.runtime.running('c').filter((c) => c.labels['io.kubernetes.pod.uid'] === p.metadata?.uid).length, 0);
});
