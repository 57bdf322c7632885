// SharedInformer (client-go's reflector + sharedIndexInformer): lists a resource, then
// watches from the list's resourceVersion, keeping an indexed cache and telling handlers
// about every change. It re-watches when the server closes the stream, re-lists when its
// resourceVersion has expired (410), and backs off on errors — so components only ever
// read the cache and react to events, never poll.

import type { KubeObject } from '../api/resource.js';
import { logger } from '../machinery/log.js';
import { Backoff, sleep } from './backoff.js';
import { ApiError, isGone } from './errors.js';
import type { ResourceClient, Watch, WatchEvent } from './resource-client.js';
import { Indexer, keyOf, type IndexFunc } from './store.js';

const log = logger('informer');

export interface EventHandler<T> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  /** Also called, with the last known state, for objects found gone by a re-list. */
  onDelete?(obj: T): void;
}

export interface InformerSelector {
  /** Omit for all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface InformerOptions<T> extends InformerSelector {
  indexers?: Record<string, IndexFunc<T>>;
  /** Every this often, onUpdate(obj, obj) for each cached object (0 or absent: never). */
  resyncPeriodMs?: number;
  /** The server closes each watch after this; default a random 300–600 s, as client-go's reflector. */
  watchTimeoutSeconds?: number;
  backoff?: { initialMs: number; maxMs: number };
}

/** client-go treats a watch that ends within this without any event as an error (so it backs off instead of spinning). */
const SHORT_WATCH_MS = 1000;

export class SharedInformer<T extends KubeObject = KubeObject> {
  readonly indexer: Indexer<T>;
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly backoff: Backoff;
  private synced = false;
  private syncWaiters: ((synced: boolean) => void)[] = [];
  private lastRV = '';
  private abort?: AbortController;
  private loop?: Promise<void>;
  private watch?: Watch<T>;
  private resyncTimer?: NodeJS.Timeout;

  constructor(
    readonly resource: ResourceClient<T>,
    private readonly opts: InformerOptions<T> = {},
  ) {
    this.indexer = new Indexer<T>(opts.indexers);
    this.backoff = new Backoff(opts.backoff?.initialMs, opts.backoff?.maxMs);
  }

  /** Registers handlers; objects already cached are replayed to them as adds. Returns an unregister function. */
  addEventHandler(handler: EventHandler<T>): () => void {
    this.handlers.add(handler);
    for (const obj of this.indexer.list()) call(() => handler.onAdd?.(obj));
    return () => void this.handlers.delete(handler);
  }

  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.indexer.addIndexers(indexers);
  }

  /** Starts listing and watching; an informer runs once (a stopped one stays stopped). */
  start(): void {
    if (this.abort) return;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
    if (this.opts.resyncPeriodMs) this.resyncTimer = setInterval(() => this.resync(), this.opts.resyncPeriodMs);
  }

  async stop(): Promise<void> {
    if (!this.abort) return;
    this.abort.abort();
    this.watch?.stop();
    clearInterval(this.resyncTimer);
    await this.loop;
    this.settleWaiters(false);
  }

  /** True once the first list has been delivered to the cache and handlers. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced, or false if stopped first. */
  waitForSync(): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (this.abort?.signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** The resourceVersion the cache is current at. */
  lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  private async run(signal: AbortSignal): Promise<void> {
    // Like client-go: first list from any server cache (RV 0); after a 410, the newest state.
    let listFrom: string | undefined = '0';
    while (!signal.aborted) {
      try {
        if (listFrom !== undefined) {
          await this.list(listFrom);
          listFrom = undefined;
        }
        await this.watchOnce(signal);
        this.backoff.reset();
      } catch (e) {
        if (signal.aborted) break;
        if (isGone(e)) {
          log.info('resourceVersion expired, re-listing', { resource: this.resource.ref.plural, resourceVersion: this.lastRV });
          listFrom = '';
          continue;
        }
        log.warn('list/watch failed', { resource: this.resource.ref.plural, error: (e as Error).message });
        await sleep(this.backoff.next(), signal);
      }
    }
  }

  /** Replaces the cache with a fresh list: adds and updates for what is there, deletes for what vanished. */
  private async list(resourceVersion: string): Promise<void> {
    const { namespace, labelSelector, fieldSelector } = this.opts;
    const list = await this.resource.list(namespace, { labelSelector, fieldSelector, resourceVersion });
    const before = new Map(this.indexer.keys().map((k) => [k, this.indexer.get(k)!]));
    this.indexer.replace(list.items);
    for (const obj of list.items) {
      const old = before.get(keyOf(obj));
      before.delete(keyOf(obj));
      if (old) this.emit((h) => h.onUpdate?.(old, obj));
      else this.emit((h) => h.onAdd?.(obj));
    }
    for (const gone of before.values()) this.emit((h) => h.onDelete?.(gone));
    this.lastRV = list.metadata.resourceVersion ?? '';
    this.synced = true;
    this.settleWaiters(true);
  }

  private async watchOnce(signal: AbortSignal): Promise<void> {
    const { namespace, labelSelector, fieldSelector } = this.opts;
    const timeoutSeconds = this.opts.watchTimeoutSeconds ?? Math.floor(300 * (1 + Math.random()));
    const w = await this.resource.watch(namespace, { resourceVersion: this.lastRV, allowWatchBookmarks: true, timeoutSeconds, labelSelector, fieldSelector });
    if (signal.aborted) return w.stop();
    this.watch = w;
    const started = Date.now();
    let events = 0;
    try {
      for await (const ev of w) {
        if (ev.type === 'ERROR') throw new ApiError(ev.object);
        events++;
        this.apply(ev);
      }
    } finally {
      this.watch = undefined;
      w.stop();
    }
    if (!signal.aborted && events === 0 && Date.now() - started < SHORT_WATCH_MS) throw new Error('very short watch: the server closed it at once without events');
  }

  private apply(ev: Exclude<WatchEvent<T>, { type: 'ERROR' }>): void {
    const obj = ev.object;
    const rv = obj.metadata?.resourceVersion;
    if (ev.type === 'ADDED' || ev.type === 'MODIFIED') {
      const old = this.indexer.set(obj);
      if (old) this.emit((h) => h.onUpdate?.(old, obj));
      else this.emit((h) => h.onAdd?.(obj));
    } else if (ev.type === 'DELETED') {
      // A delete of something never cached (filtered or already gone) is no news.
      if (this.indexer.delete(keyOf(obj))) this.emit((h) => h.onDelete?.(obj));
    }
    if (rv) this.lastRV = rv;
  }

  private resync(): void {
    if (!this.synced) return;
    for (const obj of this.indexer.list()) this.emit((h) => h.onUpdate?.(obj, obj));
  }

  private emit(fn: (h: EventHandler<T>) => void): void {
    for (const h of this.handlers) call(() => fn(h));
  }

  private settleWaiters(synced: boolean): void {
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const w of waiters) w(synced);
  }
}

/** One handler's exception must not starve the others or break the watch. */
function call(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    log.error('event handler failed', { error: String((e as Error)?.stack ?? e) });
  }
}
