// Trims storage history, as kube-apiserver does against etcd: every interval, compact up to
// the revision that was current one interval ago, so at least one interval of history is
// always there for paging (continue tokens) and for watches resuming from an old revision.

import { logger } from '../machinery/log.js';
import type { Store } from '../storage/index.js';

/** Upstream's --etcd-compaction-interval default. */
export const COMPACTION_INTERVAL_MS = 5 * 60 * 1000;

const log = logger('compactor');

export class Compactor {
  private timer?: NodeJS.Timeout;
  private previous = 0;

  constructor(
    private readonly store: Store,
    private readonly intervalMs = COMPACTION_INTERVAL_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    try {
      if (this.previous > 0) {
        await this.store.compact(this.previous);
        log.info('compacted', { revision: this.previous });
      }
      this.previous = await this.store.currentRevision();
    } catch (e) {
      log.warn('compaction failed', { error: (e as Error).message });
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
