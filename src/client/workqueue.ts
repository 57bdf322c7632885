// The controllers' work queue (client-go's util/workqueue): keys of objects that need a
// sync. A key is queued at most once however often it is added; a key being processed is
// never handed to a second worker — added meanwhile, it comes back after done(). Failed
// keys return after a per-key backoff (addRateLimited).

import { logger } from '../machinery/log.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

const log = logger('workqueue');

export class WorkQueue<T = string> {
  private queue: T[] = [];
  private head = 0;
  /** Keys that need processing: queued, or to be re-queued when their worker is done. */
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  /** addAfter's pending keys, each with its earliest due time. */
  private readonly waiting = new Map<T, { at: number; timer: NodeJS.Timeout }>();
  private getters: ((item: T | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(private readonly limiter: RateLimiter<T> = defaultControllerRateLimiter<T>()) {}

  add(item: T): void {
    if (this.shuttingDown || this.dirty.has(item)) return;
    this.dirty.add(item);
    if (!this.processing.has(item)) this.enqueue(item);
  }

  /** Adds `item` after `ms`; if it is already waiting, the earlier time wins. */
  addAfter(item: T, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(item);
    const at = Date.now() + ms;
    const pending = this.waiting.get(item);
    if (pending && pending.at <= at) return;
    clearTimeout(pending?.timer);
    const timer = setTimeout(() => {
      this.waiting.delete(item);
      this.add(item);
    }, ms);
    this.waiting.set(item, { at, timer });
  }

  /** Adds `item` after the rate limiter's wait for it (one more failure). */
  addRateLimited(item: T): void {
    this.addAfter(item, this.limiter.when(item));
  }

  /** Clears `item`'s failure history (call on success; it does not dequeue it). */
  forget(item: T): void {
    this.limiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.limiter.numRequeues(item);
  }

  /**
   * The next key to process, waiting for one; undefined once shut down and drained. The
   * caller must call done(key) when finished with it.
   */
  get(): Promise<T | undefined> {
    if (this.len() > 0) return Promise.resolve(this.take());
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) this.enqueue(item);
  }

  /** Stops accepting keys; waiting get()s return undefined, queued keys can still be drained. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    const getters = this.getters;
    this.getters = [];
    for (const g of getters) g(undefined);
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Keys queued and not being processed. */
  len(): number {
    return this.queue.length - this.head;
  }

  private enqueue(item: T): void {
    const getter = this.getters.shift();
    if (getter) return getter(this.claim(item));
    this.queue.push(item);
  }

  private take(): T {
    const item = this.queue[this.head++]!;
    // Drop the consumed prefix now and then, so the array does not grow forever.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return this.claim(item);
  }

  private claim(item: T): T {
    this.dirty.delete(item);
    this.processing.add(item);
    return item;
  }
}

/**
 * Runs `n` workers that sync keys from `queue` until it is shut down and drained: success
 * forgets the key's failures, failure re-queues it with backoff. Resolves when all have exited.
 */
export async function runWorkers<T>(queue: WorkQueue<T>, n: number, sync: (key: T) => Promise<void>): Promise<void> {
  const worker = async () => {
    for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
      try {
        await sync(key);
        queue.forget(key);
      } catch (e) {
        log.warn('sync failed, requeuing', { key: String(key), requeues: queue.numRequeues(key), error: (e as Error)?.message ?? String(e) });
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
}
