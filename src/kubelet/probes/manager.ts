// The kubelet's probe manager (upstream's prober.Manager): one timer-driven worker per
// running container and probe kind, readiness and startup results for the pod status, and
// a call back when liveness or startup fails so the kubelet replaces the container.

import type { Container, Pod } from '../../api/core/types.js';
import type { EventRecorder } from '../../client/events.js';
import type { Runtime } from '../runtime/types.js';
import { PROBE_KINDS, ProbeWorker, type ProbeKind, type WorkerHost } from './worker.js';

export interface ProbeTarget {
  name: string;
  containerId: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
}

export interface ProbeManagerOptions {
  runtime: Runtime;
  /** Emits Unhealthy events ("Liveness probe failed: …") on the pod. */
  recorder: EventRecorder;
  /** A probe result changed (readiness/startup): the kubelet re-syncs the pod's status. */
  onChange: (podUid: string) => void;
  /**
   * Liveness (or startup) failed failureThreshold times: the kubelet kills and restarts the
   * container. `message` is upstream's "Container x failed liveness probe" (the kubelet adds
   * ", will be restarted" when it will be).
   */
  onFailure: (pod: Pod, containerName: string, containerId: string, message: string) => void;
}

const PROBE_FIELDS = { liveness: 'livenessProbe', readiness: 'readinessProbe', startup: 'startupProbe' } as const;

/** The containers that are probed: regular ones and restartable init containers (sidecars). */
function probedContainer(pod: Pod | undefined, name: string): Container | undefined {
  const sidecars = (pod?.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  return [...(pod?.spec?.containers ?? []), ...sidecars].find((c) => c.name === name);
}

function workerKey(podUid: string, containerName: string, kind: ProbeKind): string {
  return `${podUid}/${containerName}/${kind}`;
}

export class ProbeManager {
  private readonly workers = new Map<string, ProbeWorker>();
  /** The latest pod object seen per uid, for its probe specs. */
  private readonly pods = new Map<string, Pod>();
  private readonly host: WorkerHost;

  constructor(private readonly o: ProbeManagerOptions) {
    this.host = {
      runtime: o.runtime,
      recorder: o.recorder,
      isStarted: (uid, name) => this.isStarted(uid, name),
      resultChanged: (w) => this.resultChanged(w),
    };
  }

  /** Keeps one worker per (pod, container, probe kind) for the listed running containers; stops the others of this pod. A container whose id changed gets fresh workers. */
  update(pod: Pod, running: ProbeTarget[], podIP: string | undefined): void {
    const uid = pod.metadata?.uid ?? '';
    this.pods.set(uid, pod);
    const wanted = new Set<string>();
    for (const target of running) {
      const container = probedContainer(pod, target.name);
      if (!container) continue;
      for (const kind of PROBE_KINDS) {
        const spec = container[PROBE_FIELDS[kind]];
        if (!spec) continue;
        const key = workerKey(uid, target.name, kind);
        wanted.add(key);
        const existing = this.workers.get(key);
        if (existing?.containerId === target.containerId) {
          existing.retarget(pod, podIP);
          continue;
        }
        existing?.stop();
        const worker = new ProbeWorker(this.host, { pod, container, containerId: target.containerId, startedAt: target.startedAt, podIP }, kind, spec);
        this.workers.set(key, worker);
        worker.start();
      }
    }
    for (const [key, w] of this.workers) {
      if (w.podUid === uid && !wanted.has(key)) {
        w.stop();
        this.workers.delete(key);
      }
    }
  }

  removePod(podUid: string): void {
    for (const [key, w] of this.workers) {
      if (w.podUid !== podUid) continue;
      w.stop();
      this.workers.delete(key);
    }
    this.pods.delete(podUid);
  }

  /** Readiness result: false until the first success when a readiness probe exists (and until started); true when there is none. A pod never passed to update() has no known probes. */
  isReady(podUid: string, containerName: string): boolean {
    if (!this.isStarted(podUid, containerName)) return false;
    return this.passed(podUid, containerName, 'readiness');
  }

  /** Startup probe passed (true when there is none). */
  isStarted(podUid: string, containerName: string): boolean {
    return this.passed(podUid, containerName, 'startup');
  }

  stop(): void {
    for (const w of this.workers.values()) w.stop();
    this.workers.clear();
    this.pods.clear();
  }

  private passed(podUid: string, containerName: string, kind: ProbeKind): boolean {
    const pod = this.pods.get(podUid);
    if (!pod || !probedContainer(pod, containerName)?.[PROBE_FIELDS[kind]]) return true;
    return this.workers.get(workerKey(podUid, containerName, kind))?.result === true;
  }

  private resultChanged(w: ProbeWorker): void {
    if (w.kind === 'startup' && w.result) {
      // Started: readiness need not wait for its next tick (upstream triggers it from the status sync).
      this.workers.get(workerKey(w.podUid, w.containerName, 'readiness'))?.trigger();
    }
    if (w.result === false && w.kind !== 'readiness') {
      this.o.onFailure(w.pod, w.containerName, w.containerId, `Container ${w.containerName} failed ${w.kind} probe`);
    }
    if (w.kind !== 'liveness') this.o.onChange(w.podUid);
  }
}
