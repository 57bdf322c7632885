// One worker per pod (pod_workers.go): syncs of one pod uid run one at a time, and a request
// that arrives while one runs is folded into a single follow-up; different pods sync at the
// same time. A failed sync is retried after a pause; syncs can also be asked for at a time
// (the end of a back-off).

import { logger } from '../machinery/log.js';

const log = logger('kubelet-workers');

interface Worker {
  running?: Promise<void>;
  pending: boolean;
  timer?: NodeJS.Timeout;
  timerAt?: number;
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private stopped = false;

  constructor(
    private readonly sync: (uid: string) => Promise<void>,
    private readonly retryAfterErrorMs: number,
  ) {}

  enqueue(uid: string): void {
    if (this.stopped) return;
    const w = this.worker(uid);
    if (w.running) {
      w.pending = true;
      return;
    }
    w.running = this.run(uid, w);
  }

  /** Syncs `uid` at `atMs` (an earlier request already waiting wins). */
  enqueueAt(uid: string, atMs: number): void {
    if (this.stopped) return;
    const w = this.worker(uid);
    if (w.timer && w.timerAt! <= atMs) return;
    clearTimeout(w.timer);
    w.timerAt = atMs;
    w.timer = setTimeout(() => {
      w.timer = undefined;
      this.enqueue(uid);
    }, Math.max(0, atMs - Date.now()));
  }

  /** Lets the syncs in flight finish; nothing new starts. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.workers.values()) clearTimeout(w.timer);
    await Promise.all([...this.workers.values()].map((w) => w.running));
  }

  private worker(uid: string): Worker {
    let w = this.workers.get(uid);
    if (!w) this.workers.set(uid, (w = { pending: false }));
    return w;
  }

  private async run(uid: string, w: Worker): Promise<void> {
    do {
      w.pending = false;
      try {
        await this.sync(uid);
      } catch (e) {
        if (!this.stopped) {
          log.warn('pod sync failed, retrying', { uid, error: (e as Error).message, retryInMs: this.retryAfterErrorMs });
          this.enqueueAt(uid, Date.now() + this.retryAfterErrorMs);
        }
      }
    } while (w.pending && !this.stopped);
    w.running = undefined;
    // A worker with nothing to do and nothing waiting is dropped; the next event makes a new one.
    if (!w.timer) this.workers.delete(uid);
  }
}
