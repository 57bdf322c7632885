// Leader election on a coordination.k8s.io/v1 Lease, as client-go's tools/leaderelection:
// candidates race to write their identity into the Lease; the holder renews it every
// retryPeriod, and gives up leadership if it cannot renew within renewDeadline. Others take
// over once the Lease has not changed for leaseDurationSeconds — measured on their own
// clock from when they last saw it change, so clock skew between machines does not matter.

import type { Lease } from '../api/coordination/lease.js';
import { logger } from '../machinery/log.js';
import { microTimeRFC3339 } from '../machinery/time.js';
import { sleep } from './backoff.js';
import { isNotFound } from './errors.js';
import type { Client } from './rest-client.js';

const log = logger('leader-election');

type LeaseSpec = NonNullable<Lease['spec']>;

export interface LeaderElectionConfig {
  client: Client;
  namespace: string;
  name: string;
  /** Unique per candidate (client-go uses hostname + a random suffix). */
  identity: string;
  leaseDurationSeconds?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Called on becoming leader; `signal` aborts when leadership ends, so the work can stop. */
  onStartedLeading?(signal: AbortSignal): void;
  onStoppedLeading?(): void;
}

export class LeaderElector {
  private readonly leaseDurationSeconds: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private abort?: AbortController;
  private loop?: Promise<void>;
  private leading?: AbortController;
  /** The Lease as last read or written, and when (our clock) its spec last changed. */
  private observed?: Lease;
  private observedTime = 0;

  constructor(private readonly cfg: LeaderElectionConfig) {
    // Upstream defaults: 15 s lease, 10 s renew deadline, 2 s retry period.
    this.leaseDurationSeconds = cfg.leaseDurationSeconds ?? 15;
    this.renewDeadlineMs = cfg.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = cfg.retryPeriodMs ?? 2_000;
  }

  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  /** Stops campaigning; a leader releases the Lease so another candidate takes over at once. */
  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    // Also when an acquire landed just as we were stopping: holding the Lease is what counts.
    await this.release();
    if (this.leading) this.stopLeading();
  }

  isLeader(): boolean {
    return this.leading !== undefined;
  }

  /** The holder as last observed (possibly stale). */
  leader(): string | undefined {
    return this.observed?.spec?.holderIdentity || undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      // Candidate: retry with jitter (×1..2.2, as client-go) so candidates do not move in lockstep.
      while (!signal.aborted && !(await this.tryAcquireOrRenew())) await sleep(this.retryPeriodMs * (1 + 1.2 * Math.random()), signal);
      if (signal.aborted) return;
      this.startLeading();
      let lastRenew = Date.now();
      while (!signal.aborted) {
        await sleep(this.retryPeriodMs, signal);
        if (signal.aborted) return;
        if (await this.tryAcquireOrRenew()) {
          lastRenew = Date.now();
        } else if (this.heldByOther() || Date.now() - lastRenew >= this.renewDeadlineMs) {
          log.warn('lost leadership', { lease: `${this.cfg.namespace}/${this.cfg.name}`, identity: this.cfg.identity, holder: this.leader() });
          this.stopLeading();
          break;
        }
      }
    }
  }

  /** One attempt to take or renew the Lease; false when someone else holds it or the write failed. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const leases = this.cfg.client.leases;
    const { namespace, name, identity } = this.cfg;
    const now = new Date();
    try {
      let current: Lease;
      try {
        current = await leases.get(namespace, name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        const spec: LeaseSpec = { holderIdentity: identity, leaseDurationSeconds: this.leaseDurationSeconds, acquireTime: microTimeRFC3339(now), renewTime: microTimeRFC3339(now), leaseTransitions: 0 };
        this.observe(await leases.create(namespace, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec }));
        return true;
      }
      this.observe(current);
      const old = current.spec ?? {};
      if (this.heldByOther() && this.observedTime + (old.leaseDurationSeconds ?? this.leaseDurationSeconds) * 1000 > now.getTime()) return false;
      const ours = old.holderIdentity === identity;
      const spec: LeaseSpec = {
        holderIdentity: identity,
        leaseDurationSeconds: this.leaseDurationSeconds,
        acquireTime: ours && old.acquireTime ? old.acquireTime : microTimeRFC3339(now),
        renewTime: microTimeRFC3339(now),
        leaseTransitions: ours ? (old.leaseTransitions ?? 0) : (old.leaseTransitions ?? 0) + 1,
      };
      // The read's resourceVersion makes this a compare-and-swap: a racing candidate gets a conflict.
      this.observe(await leases.update(namespace, { ...current, spec }));
      return true;
    } catch (e) {
      log.info('lease acquire/renew failed', { lease: `${namespace}/${name}`, identity, error: (e as Error).message });
      return false;
    }
  }

  /** Hands the Lease back: no holder and a 1 s duration, as client-go's release. */
  private async release(): Promise<void> {
    if (!this.observed || this.observed.spec?.holderIdentity !== this.cfg.identity) return;
    const now = microTimeRFC3339();
    const spec: LeaseSpec = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: this.observed.spec?.leaseTransitions ?? 0 };
    try {
      await this.cfg.client.leases.update(this.cfg.namespace, { ...this.observed, spec });
    } catch (e) {
      log.warn('lease release failed', { lease: `${this.cfg.namespace}/${this.cfg.name}`, error: (e as Error).message });
    }
  }

  private observe(lease: Lease): void {
    if (JSON.stringify(lease.spec ?? {}) !== JSON.stringify(this.observed?.spec ?? {})) this.observedTime = Date.now();
    this.observed = lease;
  }

  private heldByOther(): boolean {
    const holder = this.observed?.spec?.holderIdentity;
    return !!holder && holder !== this.cfg.identity;
  }

  private startLeading(): void {
    log.info('became leader', { lease: `${this.cfg.namespace}/${this.cfg.name}`, identity: this.cfg.identity });
    this.leading = new AbortController();
    const signal = this.leading.signal;
    guard(() => this.cfg.onStartedLeading?.(signal));
  }

  private stopLeading(): void {
    this.leading?.abort();
    this.leading = undefined;
    guard(() => this.cfg.onStoppedLeading?.());
  }
}

function guard(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    log.error('leader election callback failed', { error: String((e as Error)?.stack ?? e) });
  }
}
