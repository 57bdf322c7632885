// Recording core/v1 Events about objects (client-go's tools/record): what `kubectl describe`
// lists under "Events". Recording is fire-and-forget — a controller must never fail or
// wait because an Event could not be written — and, as client-go's EventCorrelator does,
// repeats of one event bump `count` on the existing Event instead of creating new ones,
// and a per-source-and-object token bucket keeps a hot loop from flooding the API.

import type { KubeObject } from '../api/resource.js';
import type { CoreEvent } from '../api/core/events.js';
import { logger } from '../machinery/log.js';
import { nowRFC3339 } from '../machinery/time.js';
import { isNotFound } from './errors.js';
import type { Client } from './rest-client.js';

const log = logger('events');

export type EventType = 'Normal' | 'Warning';

/** A repeat within this window updates the earlier Event; later it starts a new one (client-go aggregates over 10 minutes). */
const DEDUP_WINDOW_MS = 10 * 60 * 1000;
/** client-go's defaults: 25 events at once per source and object, then one every 5 minutes. */
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 5 * 60 * 1000;
/** Both caches are LRUs of this size (client-go's maxLruCacheEntries). */
const MAX_CACHE_ENTRIES = 4096;

export interface EventRecorderOptions {
  /** The clock, in milliseconds (tests move it). */
  now?: () => number;
}

/** What the correlator remembers of an Event it wrote, to turn repeats into count updates. */
interface Recorded {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  lastSeenMs: number;
  /** The last write for this Event: the next one waits for it, so a patch never overtakes its create. */
  write: Promise<void>;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export class EventRecorder {
  private readonly recorded = new Map<string, Recorded>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly now: () => number;
  private lastNanos = 0n;

  constructor(
    private readonly client: Client,
    private readonly component: string,
    private readonly host?: string,
    opts: EventRecorderOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Records that `reason` happened to `obj`; never throws, and writes in the background. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    try {
      this.record(obj, type, reason, message);
    } catch (e) {
      log.warn('could not record event', { reason, object: obj.metadata?.name, error: (e as Error)?.message ?? String(e) });
    }
  }

  /** Resolves once every write started so far has finished (for tests and orderly shutdown). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private record(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const meta = obj.metadata ?? {};
    const involvedObject = {
      kind: obj.kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: meta.resourceVersion,
    };
    const nowMs = this.now();
    const spamKey = [this.component, this.host ?? '', involvedObject.kind, involvedObject.namespace, involvedObject.name, involvedObject.uid, involvedObject.apiVersion].join('\0');
    if (!this.takeToken(spamKey, nowMs)) {
      log.debug('event dropped by the rate limit', { reason, object: meta.name });
      return;
    }
    const timestamp = nowRFC3339(new Date(nowMs));
    // resourceVersion is left out: the same event about a newer version of the object is still a repeat.
    const key = [spamKey, type, reason, message].join('\0');
    const prior = lruGet(this.recorded, key);
    if (prior && nowMs - prior.lastSeenMs < DEDUP_WINDOW_MS) {
      prior.count++;
      prior.lastSeenMs = nowMs;
      const count = prior.count;
      const patch = { count, lastTimestamp: timestamp, message };
      prior.write = this.track(prior.write.then(() => this.patchOrCreate(prior, patch, () => this.build(prior, involvedObject, type, reason, message, count, timestamp))));
      return;
    }
    const entry: Recorded = {
      name: `${meta.name ?? ''}.${this.uniqueSuffix(nowMs)}`,
      // Events about cluster-scoped objects live in `default`, as upstream's recorder puts them.
      namespace: meta.namespace || 'default',
      count: 1,
      firstTimestamp: timestamp,
      lastSeenMs: nowMs,
      write: Promise.resolve(),
    };
    lruSet(this.recorded, key, entry);
    const ev = this.build(entry, involvedObject, type, reason, message, 1, timestamp);
    entry.write = this.track(this.create(ev));
  }

  private build(entry: Recorded, involvedObject: CoreEvent['involvedObject'], type: EventType, reason: string, message: string, count: number, lastTimestamp: string): CoreEvent {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: entry.name, namespace: entry.namespace },
      involvedObject,
      reason,
      message,
      type,
      source: this.host ? { component: this.component, host: this.host } : { component: this.component },
      reportingComponent: this.component,
      reportingInstance: this.host ?? '',
      firstTimestamp: entry.firstTimestamp,
      lastTimestamp,
      count,
    };
  }

  /** Bumps the existing Event; if it is gone (expired by its TTL, deleted), writes it anew under the same name. */
  private async patchOrCreate(entry: Recorded, patch: Record<string, unknown>, rebuild: () => CoreEvent): Promise<void> {
    try {
      await this.client.events.patch(entry.namespace, entry.name, 'merge', patch);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await this.create(rebuild());
    }
  }

  private async create(ev: CoreEvent): Promise<void> {
    await this.client.events.create(ev.metadata?.namespace, ev);
  }

  /** Keeps a write in the flush set, and turns its failure into a log line (the caller never sees it). */
  private track(write: Promise<void>): Promise<void> {
    const settled = write.catch((e: unknown) => {
      log.warn('could not write event', { source: this.component, error: (e as Error)?.message ?? String(e) });
    });
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
    return settled;
  }

  /** One token of the source+object's bucket, refilled at one per SPAM_REFILL_MS up to SPAM_BURST. */
  private takeToken(key: string, nowMs: number): boolean {
    const bucket = lruGet(this.buckets, key) ?? { tokens: SPAM_BURST, atMs: nowMs };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + (nowMs - bucket.atMs) / SPAM_REFILL_MS);
    bucket.atMs = nowMs;
    lruSet(this.buckets, key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /**
   * client-go names an Event `<object>.<UnixNano in hex>`; nanoseconds here come from a
   * millisecond clock, so they are made strictly increasing to stay unique.
   */
  private uniqueSuffix(nowMs: number): string {
    const nanos = BigInt(Math.floor(nowMs)) * 1_000_000n;
    this.lastNanos = nanos > this.lastNanos ? nanos : this.lastNanos + 1n;
    return this.lastNanos.toString(16).padStart(16, '0');
  }
}

/** A Map used as an LRU: reading moves an entry to the back, so the front is the least recently used. */
function lruGet<V>(map: Map<string, V>, key: string): V | undefined {
  const v = map.get(key);
  if (v !== undefined) {
    map.delete(key);
    map.set(key, v);
  }
  return v;
}

function lruSet<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_CACHE_ENTRIES) map.delete(map.keys().next().value!);
}
