// A controller's workers, started as upstream's controllers start them: only once every
// informer has synced (WaitForCacheSync), so no sync ever acts on a half-filled cache; and
// stopped by shutting the queue down and waiting for the syncs in progress.

import { runWorkers, type WorkQueue } from '../../client/index.js';

interface Syncable {
  waitForSync(): Promise<boolean>;
}

export class WorkerPool {
  private queue?: WorkQueue<string>;
  private cancel!: () => void;
  private readonly cancelled = new Promise<false>((resolve) => (this.cancel = () => resolve(false)));
  private done: Promise<void> = Promise.resolve();

  start(queue: WorkQueue<string>, informers: Syncable[], workers: number, sync: (key: string) => Promise<void>): void {
    this.queue = queue;
    const synced = Promise.all(informers.map((i) => i.waitForSync())).then((all) => all.every(Boolean));
    // Stopped before the caches synced: there is nothing to run.
    this.done = Promise.race([synced, this.cancelled]).then((ok) => (ok ? runWorkers(queue, workers, sync) : undefined));
  }

  async shutDown(): Promise<void> {
    this.queue?.shutDown();
    this.cancel();
    await this.done;
  }
}
