// One probe of one container (upstream's prober worker): probes on a timer — first when
// initialDelaySeconds have passed since the container started, then every periodSeconds —
// and publishes a result only after successThreshold successes or failureThreshold failures
// in a row. Liveness and startup failures stop the worker (the container will be replaced,
// and its successor gets new workers); so does a passed startup probe, which has done its job.

import type { Container, Pod, Probe } from '../../api/core/types.js';
import type { EventRecorder } from '../../client/events.js';
import type { Runtime } from '../runtime/types.js';
import { runProbe } from './prober.js';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';
export const PROBE_KINDS: ProbeKind[] = ['startup', 'liveness', 'readiness'];

/** How events name each kind (`Liveness probe failed: …`). */
const LABELS: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export interface WorkerHost {
  runtime: Runtime;
  recorder: EventRecorder;
  isStarted(podUid: string, containerName: string): boolean;
  /** The published result changed. */
  resultChanged(worker: ProbeWorker): void;
}

export interface WorkerTarget {
  pod: Pod;
  container: Container;
  containerId: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  podIP: string | undefined;
}

export class ProbeWorker {
  /** Liveness starts out passing, readiness failing, startup unknown (not passed, not failed). */
  result: boolean | undefined;
  private lastResult?: boolean;
  private resultRun = 0;
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;

  constructor(
    private readonly host: WorkerHost,
    private target: WorkerTarget,
    readonly kind: ProbeKind,
    private readonly spec: Probe,
  ) {
    this.result = kind === 'liveness' ? true : kind === 'readiness' ? false : undefined;
  }

  get podUid(): string {
    return this.target.pod.metadata?.uid ?? '';
  }
  get pod(): Pod {
    return this.target.pod;
  }
  get containerName(): string {
    return this.target.container.name ?? '';
  }
  get containerId(): string {
    return this.target.containerId;
  }

  start(): void {
    this.schedule(this.target.startedAt + (this.spec.initialDelaySeconds ?? 0) * 1000 - Date.now());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** A newer pod object (deletion, IP) for the same container. */
  retarget(pod: Pod, podIP: string | undefined): void {
    this.target = { ...this.target, pod, podIP };
  }

  /** Probes now instead of at the next tick (upstream's manual trigger), unless one is under way. */
  trigger(): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delayMs));
  }

  private async tick(): Promise<void> {
    const startedMs = Date.now();
    this.running = true;
    let again: boolean;
    try {
      again = await this.probeOnce();
    } finally {
      this.running = false;
    }
    const periodMs = (this.spec.periodSeconds || 10) * 1000;
    if (again) this.schedule(startedMs + periodMs - Date.now());
  }

  /** One round; false when this worker is done. */
  private async probeOnce(): Promise<boolean> {
    if (this.stopped) return false;
    const { pod, container } = this.target;
    // A pod shutting down is not restarted for failing liveness or startup any more.
    if (pod.metadata?.deletionTimestamp && this.kind !== 'readiness') {
      this.publish(true);
      return false;
    }
    // A manual trigger may come before the initial delay is over.
    if (Date.now() - this.target.startedAt < (this.spec.initialDelaySeconds ?? 0) * 1000) return true;
    const started = this.host.isStarted(this.podUid, this.containerName);
    if (this.kind === 'startup' ? started : !started) return this.kind !== 'startup';

    const label = LABELS[this.kind];
    let ok: boolean;
    let output: string;
    try {
      const outcome = await runProbe(this.host.runtime, this.spec, { container, containerId: this.target.containerId, podIP: this.target.podIP });
      ok = outcome.result !== 'failure';
      output = outcome.output;
      if (this.stopped) return false;
      if (outcome.result === 'failure') this.host.recorder.event(pod, 'Warning', 'Unhealthy', `${label} probe failed: ${output}`);
      if (outcome.result === 'warning') this.host.recorder.event(pod, 'Warning', 'ProbeWarning', `${label} probe warning: ${output}`);
    } catch (e) {
      // The prober could not run: reported, and the result thrown away.
      if (!this.stopped) this.host.recorder.event(pod, 'Warning', 'Unhealthy', `${label} probe errored: ${(e as Error)?.message ?? String(e)}`);
      return !this.stopped;
    }

    if (this.lastResult === ok) this.resultRun++;
    else {
      this.lastResult = ok;
      this.resultRun = 1;
    }
    const threshold = ok ? this.spec.successThreshold || 1 : this.spec.failureThreshold || 3;
    if (this.resultRun < threshold) return true;
    this.publish(ok);
    if (!ok && this.kind !== 'readiness') return false;
    return !(ok && this.kind === 'startup');
  }

  private publish(result: boolean): void {
    if (this.result === result) return;
    this.result = result;
    this.host.resultChanged(this);
  }
}
