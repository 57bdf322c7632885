// An in-memory mirror of one storage resource (all objects under one key prefix), fed by a
// single storage watch, as upstream's cacher. Lists at "any" or "the newest" revision are
// served from here, and every API watch is a cheap subscription to it, so a hundred
// watchers cost one storage watch. A ring of recent events lets watches resume from an
// older resourceVersion; older than the ring is 410 Expired, as upstream.

import type { KubeObject } from '../api/resource.js';
import type { Store, Watcher as StoreWatcher, WatchEvent as StoreEvent, KeyValue } from '../storage/index.js';
import { expired, StatusError } from '../machinery/status.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface CacheEvent {
  type: EventType;
  key: string;
  /** The new state; for DELETED the last state, carrying the deletion's resourceVersion. */
  obj: KubeObject;
  /** The state before, for MODIFIED and DELETED (selector transitions need it). */
  prev?: KubeObject;
  rv: number;
  /** Encodings of `obj` already made for one watcher, reused by the others (keyed by apiVersion). */
  encoded?: Map<string, string>;
}

export type CacheListener = (events: CacheEvent[]) => void;

/** How many recent events are kept for resuming watches. */
const DEFAULT_CAPACITY = 20_000;
/** How long a request waits for the cache to reach a revision before giving up. */
const CATCH_UP_TIMEOUT_MS = 3_000;

export function decodeKV(kv: KeyValue, rv = kv.modRevision): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  obj.metadata = { ...obj.metadata, resourceVersion: String(rv) };
  return obj;
}

export class WatchCache {
  readonly objects = new Map<string, KubeObject>();
  /** The global revision this cache is current at (advanced by every write, on any prefix). */
  rv = 0;
  /** Events with rv > this are all in the ring. */
  private oldestResumableRv = 0;
  private ring: CacheEvent[] = [];
  private ringStart = 0;
  private listeners = new Set<CacheListener>();
  private waiters: { rv: number; resolve: () => void }[] = [];

  constructor(
    readonly prefix: string,
    private readonly hub: CacheHub,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  whenReady(): Promise<void> {
    return this.hub.ready;
  }

  /** (Re)loads the cache from a list at `rv`; history before it cannot be resumed from. */
  load(items: KeyValue[], rv: number): void {
    this.objects.clear();
    for (const kv of items) this.objects.set(kv.key, decodeKV(kv));
    this.ring = [];
    this.ringStart = 0;
    this.rv = rv;
    this.oldestResumableRv = rv;
    this.releaseWaiters();
  }

  /** Applies this prefix's share of a batch of writes that brought the store to `rv`. */
  apply(storeEvents: StoreEvent[], rv: number): void {
    const batch: CacheEvent[] = [];
    for (const e of storeEvents) {
      const evRv = e.kv.modRevision;
      const prev = this.objects.get(e.kv.key);
      let ev: CacheEvent;
      if (e.type === 'delete') {
        const last = prev ?? (e.prevKv ? decodeKV(e.prevKv) : decodeKV(e.kv));
        const obj = { ...last, metadata: { ...last.metadata, resourceVersion: String(evRv) } };
        this.objects.delete(e.kv.key);
        ev = { type: 'DELETED', key: e.kv.key, obj, prev: last, rv: evRv };
      } else {
        const obj = decodeKV(e.kv);
        this.objects.set(e.kv.key, obj);
        ev = prev ? { type: 'MODIFIED', key: e.kv.key, obj, prev, rv: evRv } : { type: 'ADDED', key: e.kv.key, obj, rv: evRv };
      }
      this.push(ev);
      batch.push(ev);
    }
    this.rv = rv;
    if (batch.length > 0) for (const l of this.listeners) l(batch);
    this.releaseWaiters();
  }

  private push(ev: CacheEvent): void {
    this.ring.push(ev);
    if (this.ring.length - this.ringStart > this.capacity) {
      this.oldestResumableRv = this.ring[this.ringStart].rv;
      this.ringStart++;
      // Compact the array now and then rather than shifting on every event.
      if (this.ringStart > this.capacity) {
        this.ring = this.ring.slice(this.ringStart);
        this.ringStart = 0;
      }
    }
  }

  private releaseWaiters(): void {
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) (this.rv >= w.rv ? w.resolve() : still.push(w));
    this.waiters = still;
  }

  /** Resolves once the cache has applied every write up to `rv`; 504 if it does not in time, as upstream. */
  async waitFor(rv: number): Promise<void> {
    await this.hub.ready;
    if (this.rv >= rv) return;
    await new Promise<void>((resolve, reject) => {
      const w = { rv, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new StatusError(504, 'Timeout', `Timeout: Too large resource version: ${rv}, current: ${this.rv}`, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 }));
      }, CATCH_UP_TIMEOUT_MS);
      this.waiters.push(w);
    });
  }

  /** Waits until the cache holds every write the store has acknowledged (a consistent read). */
  async sync(): Promise<void> {
    await this.waitFor(await this.hub.store.currentRevision());
  }

  /** Current objects whose key starts with `prefix`, in key order. */
  snapshot(prefix: string): { key: string; obj: KubeObject }[] {
    const out: { key: string; obj: KubeObject }[] = [];
    for (const [key, obj] of this.objects) if (key.startsWith(prefix)) out.push({ key, obj });
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out;
  }

  /**
   * Subscribes to events after `fromRv` (replaying buffered ones first). Throws 410 Expired
   * when the events after `fromRv` are no longer all buffered.
   */
  subscribe(fromRv: number, listener: CacheListener): () => void {
    if (fromRv < this.oldestResumableRv) {
      throw expired(`too old resource version: ${fromRv} (${this.oldestResumableRv})`);
    }
    const backlog: CacheEvent[] = [];
    for (let i = this.ringStart; i < this.ring.length; i++) if (this.ring[i].rv > fromRv) backlog.push(this.ring[i]);
    if (backlog.length > 0) listener(backlog);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.listeners.clear();
  }
}

/**
 * One storage watch over all of `/registry/`, fanned out to the caches by prefix. Because
 * every cache sees every revision go by, each knows it is current even when its own
 * prefix had no writes: a consistent read never waits for an event that will not come.
 */
export class CacheHub {
  private readonly caches: WatchCache[] = [];
  private storeWatch?: StoreWatcher;
  ready: Promise<void> = Promise.resolve();

  constructor(readonly store: Store, private readonly root = '/registry/') {}

  cache(prefix: string): WatchCache {
    const c = new WatchCache(prefix, this);
    this.caches.push(c);
    return c;
  }

  start(): Promise<void> {
    this.ready = this.load();
    return this.ready;
  }

  private async load(): Promise<void> {
    const list = await this.store.list(this.root);
    for (const c of this.caches) c.load(list.items.filter((kv) => kv.key.startsWith(c.prefix)), list.revision);
    this.storeWatch = this.store.watch(this.root, {
      afterRevision: list.revision,
      onEvents: (events) => this.dispatch(events),
      // The storage watch broke (for example compaction raced us): rebuild from a fresh list.
      onError: () => {
        this.storeWatch?.cancel();
        this.ready = this.load();
      },
    });
  }

  private dispatch(events: StoreEvent[]): void {
    const rv = events[events.length - 1].kv.modRevision;
    for (const c of this.caches) c.apply(events.filter((e) => e.kv.key.startsWith(c.prefix)), rv);
  }

  close(): void {
    this.storeWatch?.cancel();
    for (const c of this.caches) c.close();
  }
}
