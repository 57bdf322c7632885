// The Kubelet against a real API server, with the fake runtime driving exits and crashes:
// it registers its Node, runs pods to Running/Ready with complete statuses, restarts crashing
// containers with a growing CrashLoopBackOff, finishes Never/OnFailure pods, runs init
// containers in order (sidecars beside the app), deletes pods after their preStop hooks within
// the grace period, restarts on liveness failure, and adopts what runs after a restart.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { Lease } from '../../src/api/coordination/lease.js';
import type { Pod } from '../../src/api/core/types.js';
import { eventually, sleep } from './apiserver-helpers.js';
import { BACKOFF_BASE_MS, eventsWith, NODE, NODE_IP, podOn, podWhere, startKubelet, type KubeletHarness } from './kubelet-harness.js';

let h: KubeletHarness;

before(async () => {
  h = await startKubelet();
  h.runtime.behavior = (c) => {
    if (c.image.startsWith('crash')) return { exitCode: 1, afterMs: 20 };
    if (c.image.startsWith('fail')) return { exitCode: 3, afterMs: 50 };
    if (c.image.startsWith('done')) return { exitCode: 0, afterMs: 100 };
    if (c.image.startsWith('stubborn')) return { ignoreSigterm: true };
    return {};
  };
});
after(async () => h?.stop());

const status = (p: Pod) => p.status as Record<string, any>;
const condition = (p: Pod, type: string) => status(p).conditions?.find((c: any) => c.type === type);
const phaseIs = (phase: string) => (p: Pod) => p.status?.phase === phase;

it('registers its Node Ready with capacity, addresses, node info and a Lease', async () => {
  const node = await eventually(() => h.client.nodes.get(undefined, NODE).catch(() => undefined), 5000, 'node registered');
  const st = node!.status as Record<string, any>;
  assert.match(String(st.capacity.cpu), /^\d+$/);
  assert.match(String(st.capacity.memory), /^\d+Ki$/);
  assert.match(String(st.capacity['ephemeral-storage']), /^\d+Ki$/);
  assert.equal(st.capacity.pods, '110');
  assert.deepEqual(st.allocatable, st.capacity);
  assert.deepEqual(st.addresses, [{ type: 'InternalIP', address: NODE_IP }, { type: 'Hostname', address: NODE }]);
  assert.equal(st.daemonEndpoints.kubeletEndpoint.Port, 10250);
  assert.equal(st.nodeInfo.kubeletVersion, 'v1.32.0-k8ts');
  assert.equal(st.nodeInfo.containerRuntimeVersion, 'fake://0.1.0');
  assert.equal(st.nodeInfo.operatingSystem, 'linux');
  assert.ok(st.nodeInfo.kernelVersion && st.nodeInfo.osImage && st.nodeInfo.bootID);
  assert.deepEqual(node!.spec?.podCIDRs, ['10.88.0.0/24']);
  assert.equal(node!.metadata?.labels?.['kubernetes.io/hostname'], NODE);
  const ready = st.conditions.find((c: any) => c.type === 'Ready');
  assert.equal(ready.status, 'True');
  assert.equal(ready.reason, 'KubeletReady');
  for (const t of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) assert.equal(st.conditions.find((c: any) => c.type === t).status, 'False');
  const lease = (await h.client.leases.get('kube-node-lease', NODE)) as Lease;
  assert.equal(lease.spec?.holderIdentity, NODE);
  const first = lease.spec?.renewTime;
  await eventually(async () => ((await h.client.leases.get('kube-node-lease', NODE)) as Lease).spec?.renewTime !== first, 3000, 'lease renewed');
});

it('reports NotReady while the runtime is not ready, and registers again when the Node is deleted', async () => {
  h.runtime.runtimeStatus = { runtimeReady: true, networkReady: false, message: 'cni plugin not initialized' };
  const notReady = await eventually(async () => {
    const n = await h.client.nodes.get(undefined, NODE);
    const c = (n.status?.conditions as any[]).find((x) => x.type === 'Ready');
    return c.status === 'False' ? c : undefined;
  }, 3000, 'Ready=False');
  assert.equal(notReady.reason, 'KubeletNotReady');
  assert.match(notReady.message, /cni plugin not initialized/);
  h.runtime.runtimeStatus = { runtimeReady: true, networkReady: true };
  const old = await h.client.nodes.get(undefined, NODE);
  await h.client.nodes.delete(undefined, NODE);
  await eventually(async () => {
    const n = await h.client.nodes.get(undefined, NODE).catch(() => undefined);
    return n && n.metadata?.uid !== old.metadata?.uid && (n.status?.conditions as any[]).find((x) => x.type === 'Ready').status === 'True';
  }, 3000, 'node registered again and Ready');
});

it('runs a pod to Running and Ready with complete statuses and events', async () => {
  const created = await h.client.pods.create('default', podOn('web', {
    containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, hostPort: 8080 }], resources: { requests: { cpu: '250m' }, limits: { cpu: '500m', memory: '64Mi' } } }],
  }));
  const p = await podWhere(h.client, 'web', (x) => condition(x, 'Ready')?.status === 'True', 5000, 'web Ready');
  const st = status(p);
  assert.equal(st.phase, 'Running');
  assert.equal(st.hostIP, NODE_IP);
  assert.deepEqual(st.hostIPs, [{ ip: NODE_IP }]);
  assert.match(st.podIP, /^10\.88\./);
  assert.deepEqual(st.podIPs, [{ ip: st.podIP }]);
  assert.ok(st.startTime);
  for (const t of ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'PodScheduled']) assert.equal(condition(p, t)?.status, 'True', t);
  const [cs] = st.containerStatuses;
  assert.equal(cs.name, 'web');
  assert.equal(cs.image, 'nginx:1.27');
  assert.match(cs.imageID, /^sha256:/);
  assert.match(cs.containerID, /^fake:\/\/container-/);
  assert.equal(cs.ready, true);
  assert.equal(cs.started, true);
  assert.equal(cs.restartCount, 0);
  assert.ok(cs.state.running.startedAt);
  assert.deepEqual(cs.lastState, {});

  const id = cs.containerID.replace('fake://', '');
  const config = h.runtime.containerConfig(id)!;
  assert.equal(config.logPath, 'web/0.log');
  assert.deepEqual(config.resources, { cpuShares: 256, cpuQuota: 50000, cpuPeriod: 100000, memoryLimitBytes: 64 * 1024 * 1024 });
  assert.equal(config.labels['io.kubernetes.pod.uid'], created.metadata?.uid);
  assert.equal(config.labels['io.kubernetes.container.name'], 'web');
  const hosts = config.mounts.find((m) => m.containerPath === '/etc/hosts')!;
  assert.match(readFileSync(hosts.hostPath, 'utf8'), new RegExp(`^${st.podIP.replace(/\./g, '\\.')}\tweb$`, 'm'));
  const sandboxId = (await h.runtime.containerStatus(id))!.sandboxId;
  const sb = h.runtime.sandboxConfig(sandboxId)!;
  assert.equal(sb.cgroupParent, `/k8ts/pod${created.metadata?.uid}`);
  assert.deepEqual(sb.dns?.servers, ['10.43.0.10']);
  assert.deepEqual(sb.dns?.searches.slice(0, 3), ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
  assert.deepEqual(sb.dns?.options, ['ndots:5']);
  assert.deepEqual(sb.portMappings, [{ protocol: 'TCP', containerPort: 80, hostPort: 8080 }]);
  assert.equal(sb.hostname, 'web');
  assert.match(sb.logDirectory, new RegExp(`default_web_${created.metadata?.uid}$`));

  await eventsWith(h.client, created.metadata!.uid!, [
    'Pulling: Pulling image "nginx:1.27"',
    /^Pulled: Successfully pulled image "nginx:1.27" in \S+ \(\S+ including waiting\)\. Image size: \d+ bytes\.$/,
    'Created: Created container: web',
    'Started: Started container web',
  ]);
  const started = (await h.client.events.list('default')).items.find((e) => e.involvedObject?.uid === created.metadata?.uid && e.reason === 'Started');
  assert.deepEqual(started?.source, { component: 'kubelet', host: NODE });

  // Nothing changes: no needless status writes.
  const rv = (await h.client.pods.get('default', 'web')).metadata?.resourceVersion;
  await sleep(400);
  assert.equal((await h.client.pods.get('default', 'web')).metadata?.resourceVersion, rv);
});

it('restarts a crashing container with CrashLoopBackOff and growing delays', async () => {
  const created = await h.client.pods.create('default', podOn('crashy', { containers: [{ name: 'crasher', image: 'crash:1' }] }));
  const uid = created.metadata!.uid!;
  const p = await podWhere(h.client, 'crashy', (x) => (status(x).containerStatuses?.[0]?.restartCount ?? 0) >= 3, 8000, 'three restarts');
  const cs = status(p).containerStatuses[0];
  assert.equal(status(p).phase, 'Running');
  const waiting = await podWhere(h.client, 'crashy', (x) => status(x).containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff', 5000, 'CrashLoopBackOff');
  const ws = status(waiting).containerStatuses[0];
  assert.match(ws.state.waiting.message, new RegExp(`^back-off [\\d.]+m?s restarting failed container=crasher pod=crashy_default\\(${uid}\\)$`));
  assert.equal(ws.lastState.terminated.exitCode, 1);
  assert.equal(ws.lastState.terminated.reason, 'Error');
  assert.ok(ws.lastState.terminated.startedAt && ws.lastState.terminated.finishedAt);
  assert.equal(ws.ready, false);
  assert.ok(cs.restartCount >= 3);
  assert.equal(condition(waiting, 'Ready').status, 'False');
  assert.equal(condition(waiting, 'Ready').reason, 'ContainersNotReady');
  assert.equal(condition(waiting, 'Ready').message, 'containers with unready status: [crasher]');

  // Delays between starts grow: the first restart is at once, then base, 2 × base, ….
  const starts = () => h.runtime.starts.filter((s) => s.containerName === 'crasher').map((s) => s.at);
  await eventually(() => starts().length >= 5, 8000, 'five starts');
  const at = starts();
  const gaps = at.slice(1).map((t, i) => t - at[i]);
  assert.ok(gaps[0] < BACKOFF_BASE_MS, `first restart at once, not after ${gaps[0]} ms`);
  assert.ok(gaps[1] >= BACKOFF_BASE_MS - 50, `second restart after ${gaps[1]} ms`);
  assert.ok(gaps[2] >= 2 * BACKOFF_BASE_MS - 50, `third restart after ${gaps[2]} ms`);
  assert.ok(gaps[3] >= 4 * BACKOFF_BASE_MS - 50, `fourth restart after ${gaps[3]} ms`);
  await eventsWith(h.client, uid, [`BackOff: Back-off restarting failed container crasher in pod crashy_default(${uid})`]);
  // Only the newest instance and the last exited one are kept.
  const instances = (await h.runtime.listContainers()).filter((c) => c.labels['io.kubernetes.pod.uid'] === uid);
  assert.ok(instances.length <= 2, `${instances.length} instances kept`);
  await h.client.pods.delete('default', 'crashy', { gracePeriodSeconds: 0 });
});

it('finishes restartPolicy Never and OnFailure pods as Succeeded or Failed, and stops them', async () => {
  await h.client.pods.create('default', podOn('never-ok', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'done:1' }] }));
  await h.client.pods.create('default', podOn('never-fail', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'fail:1' }] }));
  const onFailure = await h.client.pods.create('default', podOn('onfailure-ok', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'done:1' }] }));
  const ok = await podWhere(h.client, 'never-ok', phaseIs('Succeeded'), 5000, 'never-ok Succeeded');
  const cs = status(ok).containerStatuses[0];
  assert.equal(cs.state.terminated.exitCode, 0);
  assert.equal(cs.state.terminated.reason, 'Completed');
  assert.equal(condition(ok, 'Ready').reason, 'PodCompleted');
  const failed = await podWhere(h.client, 'never-fail', phaseIs('Failed'), 5000, 'never-fail Failed');
  assert.equal(status(failed).containerStatuses[0].state.terminated.exitCode, 3);
  assert.equal(status(failed).containerStatuses[0].restartCount, 0);
  await podWhere(h.client, 'onfailure-ok', phaseIs('Succeeded'), 5000, 'onfailure-ok Succeeded');
  const sandboxes = (await h.runtime.listPodSandboxes()).filter((s) => s.uid === onFailure.metadata?.uid);
  await eventually(async () => (await h.runtime.listPodSandboxes()).filter((s) => s.uid === onFailure.metadata?.uid).every((s) => s.state === 'NOTREADY'), 3000, 'sandbox stopped');
  assert.equal(sandboxes.length, 1);
  // The finished pod stays finished.
  await sleep(300);
  assert.equal((await h.client.pods.get('default', 'never-ok')).status?.phase, 'Succeeded');
});

it('runs init containers one at a time, in order, before the app containers', async () => {
  await h.client.pods.create('default', podOn('inits', {
    initContainers: [{ name: 'first', image: 'done:init1' }, { name: 'second', image: 'done:init2' }],
    containers: [{ name: 'app', image: 'nginx:1.27' }],
  }));
  const pending = await podWhere(h.client, 'inits', (x) => status(x).initContainerStatuses?.[0]?.state?.running !== undefined, 5000, 'first init running');
  assert.equal(status(pending).phase, 'Pending');
  assert.equal(condition(pending, 'Initialized').status, 'False');
  assert.equal(condition(pending, 'Initialized').message, 'containers with incomplete status: [first second]');
  assert.equal(status(pending).containerStatuses[0].state.waiting.reason, 'PodInitializing');
  const p = await podWhere(h.client, 'inits', (x) => condition(x, 'Ready')?.status === 'True', 5000, 'inits Ready');
  const [first, second] = status(p).initContainerStatuses;
  assert.equal(first.state.terminated.reason, 'Completed');
  assert.equal(second.state.terminated.reason, 'Completed');
  assert.equal(condition(p, 'Initialized').status, 'True');
  const ms = (t: string) => Date.parse(t);
  assert.ok(ms(first.state.terminated.finishedAt) <= ms(second.state.terminated.startedAt));
  assert.ok(ms(second.state.terminated.finishedAt) <= ms(status(p).containerStatuses[0].state.running.startedAt));
});

it('keeps a sidecar (restartPolicy Always init container) running beside the app containers', async () => {
  await h.client.pods.create('default', podOn('sidecar', {
    initContainers: [{ name: 'proxy', image: 'nginx:1.27', restartPolicy: 'Always' }, { name: 'setup', image: 'done:setup' }],
    containers: [{ name: 'app', image: 'nginx:1.27' }],
  }));
  const p = await podWhere(h.client, 'sidecar', (x) => condition(x, 'Ready')?.status === 'True', 5000, 'sidecar pod Ready');
  const [proxy, setup] = status(p).initContainerStatuses;
  assert.ok(proxy.state.running);
  assert.equal(proxy.started, true);
  assert.equal(proxy.ready, true);
  assert.equal(setup.state.terminated.reason, 'Completed');
  assert.equal(status(p).phase, 'Running');
  const ms = (t: string) => Date.parse(t);
  assert.ok(ms(proxy.state.running.startedAt) <= ms(setup.state.terminated.startedAt));
});

it('deletes a pod after its preStop hook, within the grace period', async () => {
  const created = await h.client.pods.create('default', podOn('graceful', {
    terminationGracePeriodSeconds: 3,
    containers: [{ name: 'c', image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 1'] } } } }],
  }));
  const running = await podWhere(h.client, 'graceful', phaseIs('Running'), 5000, 'graceful Running');
  const id = status(running).containerStatuses[0].containerID.replace('fake://', '');
  const logDir = h.runtime.sandboxConfig((await h.runtime.containerStatus(id))!.sandboxId)!.logDirectory;
  assert.equal(logDir, path.join(h.rootDir, '..', 'pods-logs', `default_graceful_${created.metadata?.uid}`));
  await mkdir(path.join(logDir, 'c'), { recursive: true });
  let hookDone = 0;
  h.runtime.execHandler = async (_name, cmd) => {
    if (cmd.join(' ').includes('sleep 1')) {
      await sleep(300);
      hookDone = Date.now();
    }
    return 0;
  };
  await h.client.pods.delete('default', 'graceful');
  await eventually(async () => (await h.client.pods.get('default', 'graceful').catch(() => undefined)) === undefined, 6000, 'pod gone');
  const hook = h.runtime.execs.find((e) => e.containerName === 'c' && e.cmd.join(' ').includes('sleep 1'));
  assert.ok(hook, 'preStop ran');
  const stop = h.runtime.stops.find((s) => s.at >= hook!.at && s.containerName === 'c');
  assert.ok(stop && stop.at >= hookDone, 'SIGTERM after the hook');
  assert.ok(stop!.timeoutSeconds <= 3 && stop!.timeoutSeconds >= 2, `stop timeout ${stop!.timeoutSeconds}`);
  // The API server may complete the deletion on the kubelet's last status write, a moment before the kubelet has cleaned up.
  await eventually(async () => (await h.runtime.listPodSandboxes()).every((s) => s.uid !== created.metadata?.uid), 3000, 'sandbox removed');
  await eventually(() => !existsSync(logDir), 3000, 'container logs removed with the pod');
  await eventually(() => !existsSync(path.join(h.rootDir, 'pods', created.metadata!.uid!)), 3000, 'pod directory removed');
  await eventsWith(h.client, created.metadata!.uid!, ['Killing: Stopping container c']);
});

it('kills a pod that is removed from the API while it runs', async () => {
  const created = await h.client.pods.create('default', podOn('forced', { containers: [{ name: 'c', image: 'nginx:1.27' }] }));
  await podWhere(h.client, 'forced', phaseIs('Running'), 5000, 'forced Running');
  await h.client.pods.delete('default', 'forced', { gracePeriodSeconds: 0 });
  await eventually(async () => (await h.runtime.listPodSandboxes()).every((s) => s.uid !== created.metadata?.uid), 3000, 'sandbox removed');
});

it('restarts a container whose liveness probe fails', async () => {
  h.runtime.execHandler = (name) => (name === 'live' ? 1 : 0);
  const created = await h.client.pods.create('default', podOn('liveness', {
    containers: [{ name: 'live', image: 'nginx:1.27', livenessProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 1 } }],
  }));
  await podWhere(h.client, 'liveness', (x) => (status(x).containerStatuses?.[0]?.restartCount ?? 0) >= 1, 8000, 'restarted after liveness failure');
  await eventsWith(h.client, created.metadata!.uid!, ['Killing: Container live failed liveness probe, will be restarted', /^Unhealthy: Liveness probe failed/]);
  await h.client.pods.delete('default', 'liveness', { gracePeriodSeconds: 0 });
  h.runtime.execHandler = () => 0;
});

it('adopts the running pods after a restart, without restarting them', async () => {
  const before = status(await h.client.pods.get('default', 'web')).containerStatuses[0].containerID;
  await h.restartKubelet();
  await sleep(500);
  const p = await h.client.pods.get('default', 'web');
  assert.equal(status(p).containerStatuses[0].containerID, before);
  assert.equal(status(p).containerStatuses[0].restartCount, 0);
  assert.equal(condition(p, 'Ready').status, 'True');
});
