// Watch delivery shared by the backends whose process is the only writer (sqlite, memory).
// A watch first replays history from the backend's log, a page at a time, then receives the
// events the backend publishes after each commit. Delivery is always asynchronous: a write
// only appends to each watcher's queue, so a slow consumer never holds up a writer.

import {
  CompactedError,
  StorageError,
  type WatchEvent,
  type Watcher,
  type WatchOptions,
} from './store.js';

/** What replay needs from a backend. Synchronous, so that no write can slip in between a
 * watch noting the current revision and subscribing to live events. */
export interface EventLog {
  /** The newest committed revision. */
  currentRevision(): number;
  compactedRevision(): number;
  /** Events of keys under `prefix` with after < revision <= upTo, in revision order, at most `limit`. */
  readEvents(prefix: string, after: number, upTo: number, limit: number): WatchEvent[];
}

/** Replay in pages so that a watch from far back does not stall the event loop. */
const REPLAY_PAGE = 1000;

export class WatchHub {
  private readonly active = new Set<ActiveWatch>();

  constructor(private readonly log: EventLog) {}

  watch(prefix: string, opts: WatchOptions): Watcher {
    const w = new ActiveWatch(prefix, opts, this.log, () => this.active.delete(w));
    this.active.add(w);
    w.start();
    return w;
  }

  /** Hands newly committed events (in revision order) to every watch; returns at once. */
  publish(events: WatchEvent[]): void {
    for (const w of this.active) w.offer(events);
  }

  /** Ends every watch with an error, for when the store closes. */
  closeAll(): void {
    for (const w of [...this.active]) w.fail(new StorageError('store closed'));
  }
}

class ActiveWatch implements Watcher {
  /** Replay has queued every matching event up to this revision. */
  private cursor: number;
  /** The revision that was current when the watch began: replay ends here, live events start after it. */
  private readonly replayUpTo: number;
  private replaying: boolean;
  private pending: WatchEvent[] = [];
  /** Live events that arrived while replay was still running; they follow the replay. */
  private held: WatchEvent[] = [];
  private scheduled = false;
  private done = false;

  constructor(
    private readonly prefix: string,
    private readonly opts: WatchOptions,
    private readonly log: EventLog,
    private readonly onDone: () => void,
  ) {
    this.cursor = opts.afterRevision;
    this.replayUpTo = log.currentRevision();
    this.replaying = this.cursor < this.replayUpTo;
  }

  start(): void {
    if (this.replaying) this.schedule();
  }

  offer(events: WatchEvent[]): void {
    if (this.done) return;
    const mine = events.filter(
      (e) => e.kv.key.startsWith(this.prefix) && e.kv.modRevision > this.opts.afterRevision,
    );
    if (mine.length === 0) return;
    (this.replaying ? this.held : this.pending).push(...mine);
    this.schedule();
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.pending = [];
    this.held = [];
    this.onDone();
  }

  fail(err: Error): void {
    if (this.done) return;
    this.cancel();
    this.opts.onError?.(err);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    if (this.done) return;
    if (this.replaying) this.replayPage();
    if (this.done || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.opts.onEvents(batch);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (this.replaying) this.schedule();
  }

  private replayPage(): void {
    // Compaction may run between pages; once it passes the cursor, events we still owe are gone.
    const compacted = this.log.compactedRevision();
    if (this.cursor < compacted) {
      this.fail(new CompactedError(this.cursor, compacted));
      return;
    }
    const page = this.log.readEvents(this.prefix, this.cursor, this.replayUpTo, REPLAY_PAGE);
    this.pending.push(...page);
    this.cursor = page.length < REPLAY_PAGE ? this.replayUpTo : page[page.length - 1].kv.modRevision;
    if (this.cursor >= this.replayUpTo) {
      this.replaying = false;
      this.pending.push(...this.held);
      this.held = [];
    }
  }
}
