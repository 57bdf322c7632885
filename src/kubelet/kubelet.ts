// The kubelet (pkg/kubelet): registers its Node and keeps it alive, runs the pods bound to it
// (from a pod informer restricted to this node) and the static pods of a manifest directory,
// through the Runtime interface only, and reports their status through the API. One worker per
// pod syncs it whenever the API, the runtime (PLEG), a probe or a back-off says so.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Pod } from '../api/core/types.js';
import type { Service } from '../api/core/services.js';
import { EventRecorder } from '../client/events.js';
import type { Client, SharedInformer, SharedInformerFactory } from '../client/index.js';
import { jsonEqual } from '../machinery/deep.js';
import { logger } from '../machinery/log.js';
import { nowRFC3339 } from '../machinery/time.js';
import { activeDeadlineAt, DEADLINE_MESSAGE, DEADLINE_REASON } from './active-deadline.js';
import { Backoff } from './backoff.js';
import { collectGarbage } from './container-gc.js';
import { podGraceSeconds } from './container-start.js';
import { removeHostsFile } from './etc-hosts.js';
import type { KubeletContext } from './kubelet-context.js';
import { fullName, MirrorClient, mirrorMatches } from './mirror-pods.js';
import { NodeStatusManager } from './node-status.js';
import { KUBELET_CONDITIONS } from './pod-conditions.js';
import { killContainer, killPod, removePod } from './pod-kill.js';
import { isTerminalPhase } from './pod-phase.js';
import { currentSandbox, isEmpty, podRuntimeState, type PodRuntimeState } from './pod-runtime.js';
import { generatePodStatus, type KubeletPodStatus } from './pod-status.js';
import { syncPod } from './pod-sync.js';
import { PodWorkers } from './pod-workers.js';
import { Pleg } from './pleg.js';
import { ProbeManager } from './probes/index.js';
import { ReasonCache } from './reason-cache.js';
import type { Runtime } from './runtime/types.js';
import { isMirrorPod, isStaticPod, StaticPodSource } from './static-pods.js';
import { StatusManager } from './status-manager.js';
import { VolumeManager } from './volumes/index.js';

const log = logger('kubelet');

export interface KubeletOptions {
  client: Client;
  informers: SharedInformerFactory;
  runtime: Runtime;
  nodeName: string;
  nodeIP: string;
  podCIDR?: string;
  /** Reported in status.daemonEndpoints (the kubelet's own server is started by the caller). */
  kubeletPort: number;
  /** Volumes and other per-pod state live under <rootDir>/pods. */
  rootDir: string;
  /** Container logs, `<podLogDir>/<ns>_<name>_<uid>/<container>/<attempt>.log`; default `<rootDir>/../pods-logs`. */
  podLogDir?: string;
  clusterDNS?: string;
  clusterDomain?: string;
  staticPodPath?: string;
  labels?: Record<string, string>;
  /** Tuning, mostly for tests; upstream's values by default. */
  timing?: KubeletTiming;
}

export interface KubeletTiming {
  /** Node Lease renewal and status check (10 s). */
  heartbeatMs?: number;
  /** PLEG relist period (1 s). */
  plegMs?: number;
  /** Every pod is synced at least this often (1 min). */
  resyncMs?: number;
  /** Retry of a failed sync (10 s upstream; 2 s here, since it is cheap). */
  retryMs?: number;
  /** Container restart back-off: base 10 s, doubling to 5 min. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How often the static pod directory is re-read besides watching it (20 s). */
  staticPollMs?: number;
}

/** Metadata as far as the kubelet cares: not the version stamps every write changes. */
const meaningfulMeta = (p: Pod) => ({ ...p.metadata, resourceVersion: undefined, managedFields: undefined });
const othersConditions = (p: Pod) => (p.status?.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.includes(c.type));

/**
 * Whether an update is news to the kubelet. Its own status writes are not (upstream's pod
 * config drops status-only updates too); a spec or metadata change, or a condition someone
 * else set (a readiness gate), is.
 */
function needsSync(old: Pod, pod: Pod): boolean {
  return !jsonEqual(old.spec, pod.spec) || !jsonEqual(meaningfulMeta(old), meaningfulMeta(pod)) || !jsonEqual(othersConditions(old), othersConditions(pod));
}

export class Kubelet {
  private readonly runtime: Runtime;
  private readonly recorder: EventRecorder;
  private readonly ctx: KubeletContext;
  private readonly nodeStatus: NodeStatusManager;
  private readonly statuses: StatusManager;
  private readonly mirrorClient: MirrorClient;
  private readonly workers: PodWorkers;
  private readonly pleg: Pleg;
  private readonly podInformer: SharedInformer<Pod>;
  private readonly serviceInformer: SharedInformer<Service>;
  private readonly staticSource?: StaticPodSource;
  /** The pods to run: from the API (by uid) and from files (by their hash uid). */
  private readonly apiPods = new Map<string, Pod>();
  private readonly staticPods = new Map<string, Pod>();
  /** Mirror pods in the API, by namespace/name. */
  private readonly mirrors = new Map<string, Pod>();
  /** The last state of pods that left the API, for the grace period of killing what is left of them. */
  private readonly departed = new Map<string, Pod>();
  /** Finished pods whose sandbox is stopped and volumes torn down. */
  private readonly finished = new Set<string>();
  private unregister?: () => void;
  private resyncTimer?: NodeJS.Timeout;
  private running = false;
  /** Both pod sources have been read: a pod in neither is an orphan. */
  private sourcesReady = false;
  private readonly timing: Required<KubeletTiming>;

  constructor(private readonly o: KubeletOptions) {
    this.runtime = o.runtime;
    const t = o.timing ?? {};
    this.timing = {
      heartbeatMs: t.heartbeatMs ?? 10_000,
      plegMs: t.plegMs ?? 1000,
      resyncMs: t.resyncMs ?? 60_000,
      retryMs: t.retryMs ?? 2000,
      backoffBaseMs: t.backoffBaseMs ?? 10_000,
      backoffMaxMs: t.backoffMaxMs ?? 300_000,
      staticPollMs: t.staticPollMs ?? 20_000,
    };
    this.recorder = new EventRecorder(o.client, 'kubelet', o.nodeName);
    this.podInformer = o.informers.informerFor(o.client.pods, { fieldSelector: `spec.nodeName=${o.nodeName}` });
    this.serviceInformer = o.informers.informerFor(o.client.services);
    this.workers = new PodWorkers((uid) => this.sync(uid), this.timing.retryMs);
    const probes = new ProbeManager({
      runtime: o.runtime,
      recorder: this.recorder,
      onChange: (uid) => this.workers.enqueue(uid),
      onFailure: (pod, name, id, message) => void this.killUnhealthy(pod, name, id, message),
    });
    this.ctx = {
      runtime: o.runtime,
      recorder: this.recorder,
      reasons: new ReasonCache(),
      backoff: new Backoff({ baseMs: this.timing.backoffBaseMs, maxMs: this.timing.backoffMaxMs }),
      probes,
      volumes: new VolumeManager({ client: o.client, rootDir: o.rootDir, nodeName: o.nodeName }),
      env: { client: o.client, services: () => this.serviceInformer.indexer.list(), nodeName: o.nodeName, nodeIP: o.nodeIP },
      sandbox: {
        podLogDir: o.podLogDir ?? path.join(o.rootDir, '..', 'pods-logs'),
        clusterDNS: o.clusterDNS,
        clusterDomain: o.clusterDomain ?? 'cluster.local',
      },
      rootDir: o.rootDir,
      retryMs: this.timing.retryMs,
      resyncAt: (uid, atMs) => this.workers.enqueueAt(uid, atMs),
    };
    this.nodeStatus = new NodeStatusManager({ ...o, heartbeatMs: this.timing.heartbeatMs });
    this.statuses = new StatusManager(o.client);
    this.mirrorClient = new MirrorClient(o.client);
    this.pleg = new Pleg(o.runtime, this.timing.plegMs, (uid) => this.workers.enqueue(uid));
    if (o.staticPodPath) this.staticSource = new StaticPodSource(o.staticPodPath, o.nodeName, this.timing.staticPollMs, (pods) => this.setStaticPods(pods));
  }

  /**
   * Registers the Node (in the background, retried), then starts running pods once the pod
   * informer has synced and the static pods are read: only then is a pod found in the runtime
   * but in neither source known to be an orphan.
   */
  async start(): Promise<void> {
    this.running = true;
    // Its filesystem is the node's ephemeral-storage capacity, so it must exist before registering.
    await mkdir(this.o.rootDir, { recursive: true });
    this.nodeStatus.start();
    this.unregister = this.podInformer.addEventHandler({
      onAdd: (p) => this.podSeen(p),
      onUpdate: (old, p) => this.podSeen(p, old),
      onDelete: (p) => this.podGone(p),
    });
    this.o.informers.start();
    await this.o.informers.waitForSync();
    await this.staticSource?.start();
    if (!this.running) return;
    this.sourcesReady = true;
    this.pleg.start();
    this.resyncTimer = setInterval(() => this.resyncAll(), this.timing.resyncMs);
    this.deleteOrphanMirrors();
  }

  /** Stops the loops; pods keep running (the caller decides, through runtime.close()). */
  async stop(): Promise<void> {
    this.running = false;
    this.sourcesReady = false;
    clearInterval(this.resyncTimer);
    this.unregister?.();
    await this.staticSource?.stop();
    await this.pleg.stop();
    await this.workers.stop();
    this.ctx.probes.stop();
    await this.nodeStatus.stop();
    await this.recorder.flush();
  }

  private podSeen(pod: Pod, old?: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    if (isMirrorPod(pod)) {
      this.mirrors.set(fullName(pod), pod);
      this.mirrorChanged(pod);
      return;
    }
    this.apiPods.set(uid, pod);
    if (!old || needsSync(old, pod)) this.workers.enqueue(uid);
  }

  private podGone(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    if (isMirrorPod(pod)) {
      if (this.mirrors.get(fullName(pod))?.metadata?.uid === uid) this.mirrors.delete(fullName(pod));
      this.mirrorChanged(pod);
      return;
    }
    this.apiPods.delete(uid);
    this.departed.set(uid, pod);
    this.workers.enqueue(uid);
  }

  /** A mirror pod changed: its static pod syncs (and makes it again if needed); an orphan goes. */
  private mirrorChanged(mirror: Pod): void {
    const staticPod = this.staticFor(fullName(mirror));
    if (staticPod) this.workers.enqueue(staticPod.metadata?.uid ?? '');
    else this.deleteOrphanMirrors();
  }

  private staticFor(name: string): Pod | undefined {
    return [...this.staticPods.values()].find((p) => fullName(p) === name);
  }

  private setStaticPods(pods: Pod[]): void {
    const before = new Set(this.staticPods.keys());
    this.staticPods.clear();
    for (const p of pods) this.staticPods.set(p.metadata?.uid ?? '', p);
    // Workers start at once and read the maps: they are up to date first.
    for (const uid of before) if (!this.staticPods.has(uid)) this.workers.enqueue(uid);
    for (const uid of this.staticPods.keys()) if (!before.has(uid)) this.workers.enqueue(uid);
    this.deleteOrphanMirrors();
  }

  /** Mirror pods whose static pod is gone are deleted (only once the static pods have been read). */
  private deleteOrphanMirrors(): void {
    if (!this.running || !this.sourcesReady) return;
    for (const mirror of this.mirrors.values()) {
      if (this.staticFor(fullName(mirror))) continue;
      this.mirrorClient.delete(mirror).catch((e) => log.warn('could not delete orphaned mirror pod', { pod: fullName(mirror), error: (e as Error).message }));
    }
  }

  private resyncAll(): void {
    for (const uid of [...this.apiPods.keys(), ...this.staticPods.keys()]) this.workers.enqueue(uid);
  }

  /**
   * The mirror pod of a static pod, made (again) when missing or stale; undefined until it is
   * there. The static pod runs either way: a mirror that cannot be written is tried again later.
   */
  private async mirrorOf(staticPod: Pod): Promise<Pod | undefined> {
    const mirror = this.mirrors.get(fullName(staticPod));
    if (mirror && mirrorMatches(mirror, staticPod)) return mirror;
    const retry = () => this.workers.enqueueAt(staticPod.metadata?.uid ?? '', Date.now() + this.timing.retryMs);
    // Not registered yet: the mirror is owned by the Node, so it waits for it.
    const nodeUid = this.nodeStatus.uid();
    try {
      if (mirror) await this.mirrorClient.delete(mirror);
      else if (nodeUid) await this.mirrorClient.create(staticPod, this.o.nodeName, nodeUid);
      else retry();
    } catch (e) {
      log.warn('could not write mirror pod', { pod: fullName(staticPod), error: (e as Error).message });
      retry();
    }
    return undefined;
  }

  private async sync(uid: string): Promise<void> {
    if (!this.running) return;
    const pod = this.apiPods.get(uid) ?? this.staticPods.get(uid);
    const state = await podRuntimeState(this.runtime, uid);
    if (!pod) return this.cleanUp(uid, state);
    // A static pod's status lives in its mirror pod.
    const apiPod = isStaticPod(pod) ? await this.mirrorOf(pod) : pod;
    const withStatus: Pod = apiPod && apiPod !== pod ? { ...pod, status: apiPod.status } : pod;
    if (pod.metadata?.deletionTimestamp) return this.terminate(pod, state);
    if (this.finished.has(uid) || isTerminalPhase(withStatus.status?.phase)) return this.finish(pod, state);
    const deadline = activeDeadlineAt(withStatus);
    if (deadline !== undefined && Date.now() >= deadline) return this.failPastDeadline(withStatus, apiPod, state);
    if (deadline !== undefined) this.workers.enqueueAt(uid, deadline);
    await syncPod(this.ctx, pod, state);
    const after = await podRuntimeState(this.runtime, uid);
    const status = this.statusOf(withStatus, after, false);
    if (apiPod) await this.statuses.update(apiPod, status);
    if (isTerminalPhase(status.phase)) {
      await this.finish(pod, after);
      return;
    }
    const sandbox = currentSandbox(after);
    const running = after.containers.filter((c) => c.state === 'RUNNING' && c.sandboxId === sandbox?.id);
    this.ctx.probes.update(pod, running.map((c) => ({ name: c.name, containerId: c.id, startedAt: c.startedAt })), status.podIP);
    await collectGarbage(this.runtime, after);
  }

  private statusOf(pod: Pod, state: PodRuntimeState, podIsTerminal: boolean): KubeletPodStatus {
    const uid = pod.metadata?.uid ?? '';
    return generatePodStatus({
      pod,
      state,
      runtimeName: this.runtime.name,
      reason: (name) => this.ctx.reasons.get(uid, name),
      isReady: (name) => this.ctx.probes.isReady(uid, name),
      isStarted: (name) => this.ctx.probes.isStarted(uid, name),
      hostIP: this.o.nodeIP,
      podIsTerminal,
      now: nowRFC3339(),
    });
  }

  /** A pod that completed (Succeeded/Failed): its containers stay for their logs, the sandbox and volumes go. */
  private async finish(pod: Pod, state: PodRuntimeState): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    this.ctx.probes.removePod(uid);
    if (state.sandboxes.some((s) => s.state === 'READY') || state.containers.some((c) => c.state === 'RUNNING')) {
      await killPod(this.ctx, state, { pod, gracePeriodSeconds: podGraceSeconds(pod), runPreStop: true });
    }
    if (this.finished.has(uid)) return;
    await this.tearDownFiles(uid);
    this.finished.add(uid);
  }

  /** A pod past its activeDeadlineSeconds: killed, and Failed with reason DeadlineExceeded. */
  private async failPastDeadline(pod: Pod, apiPod: Pod | undefined, state: PodRuntimeState): Promise<void> {
    this.ctx.recorder.event(pod, 'Normal', DEADLINE_REASON, DEADLINE_MESSAGE);
    this.ctx.probes.removePod(pod.metadata?.uid ?? '');
    await killPod(this.ctx, state, { pod, gracePeriodSeconds: podGraceSeconds(pod), runPreStop: true });
    const stopped = await podRuntimeState(this.runtime, pod.metadata?.uid ?? '');
    const status: KubeletPodStatus = { ...this.statusOf(pod, stopped, true), phase: 'Failed', reason: DEADLINE_REASON, message: DEADLINE_MESSAGE };
    if (apiPod) await this.statuses.update(apiPod, status);
    await this.finish(pod, stopped);
  }

  /** A pod being deleted: preStop hooks and SIGTERM within its grace period, a last status, then the pod is deleted for good. */
  private async terminate(pod: Pod, state: PodRuntimeState): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    this.ctx.probes.removePod(uid);
    const grace = pod.metadata?.deletionGracePeriodSeconds ?? podGraceSeconds(pod);
    await killPod(this.ctx, state, { pod, gracePeriodSeconds: grace, runPreStop: true });
    const stopped = await podRuntimeState(this.runtime, uid);
    if (!isEmpty(stopped)) await this.statuses.update(pod, this.statusOf(pod, stopped, true));
    await removePod(this.ctx, stopped);
    await this.tearDownFiles(uid);
    await this.statuses.deletePod(pod);
    this.forget(uid);
  }

  /** A pod in neither source: whatever the runtime still runs of it is killed and removed. */
  private async cleanUp(uid: string, state: PodRuntimeState): Promise<void> {
    const last = this.departed.get(uid);
    this.ctx.probes.removePod(uid);
    if (!isEmpty(state)) {
      const grace = last?.metadata?.deletionGracePeriodSeconds ?? (last ? podGraceSeconds(last) : 0);
      await killPod(this.ctx, state, { pod: last, gracePeriodSeconds: grace, runPreStop: true });
      await removePod(this.ctx, await podRuntimeState(this.runtime, uid));
    }
    if (last || !isEmpty(state)) await this.tearDownFiles(uid);
    this.forget(uid);
    this.departed.delete(uid);
  }

  /** The pod's files on the node: its hosts file, then its volumes (and its directory once empty). */
  private async tearDownFiles(uid: string): Promise<void> {
    await removeHostsFile(this.o.rootDir, uid);
    await this.ctx.volumes.tearDown(uid);
  }

  private forget(uid: string): void {
    this.ctx.reasons.forgetPod(uid);
    this.ctx.backoff.forgetPrefix(`${uid}/`);
    this.ctx.backoff.forgetPrefix(`pull/${uid}/`);
    this.finished.delete(uid);
  }

  /** Liveness (or startup) failed: the container is killed, and the restart policy decides what follows. */
  private async killUnhealthy(pod: Pod, name: string, containerId: string, message: string): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    try {
      const c = await this.runtime.containerStatus(containerId);
      if (!c || c.state !== 'RUNNING') return;
      const restarts = pod.spec?.restartPolicy !== 'Never';
      await killContainer(this.ctx, c, { pod, gracePeriodSeconds: podGraceSeconds(pod), runPreStop: true, message: restarts ? `${message}, will be restarted` : message });
    } catch (e) {
      log.warn('could not kill unhealthy container', { pod: fullName(pod), container: name, error: (e as Error).message });
    }
    this.workers.enqueue(uid);
  }
}
