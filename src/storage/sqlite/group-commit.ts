// Group commit: every write submitted during one turn of the event loop runs, in order,
// inside a single transaction that is committed (one WAL append, one fsync) before any of
// their promises resolves. The batch runs synchronously from start to commit, so no read
// ever sees an uncommitted write, while each write sees the earlier ones of its batch.

import type Database from 'better-sqlite3';

export interface BatchHooks {
  /** The batch's transaction committed: its writes are durable. */
  committed(): void;
  /** The batch's transaction failed as a whole: none of its writes happened. */
  rolledBack(): void;
}

interface Pending {
  op: () => unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly runBatch: (batch: Pending[]) => Outcome[];

  constructor(db: Database.Database, private readonly hooks: BatchHooks) {
    // better-sqlite3 turns a transaction function called inside another into a SAVEPOINT:
    // a write that throws is rolled back alone and only its own promise fails.
    const own = db.transaction((op: () => unknown) => op());
    this.runBatch = db.transaction((batch: Pending[]) =>
      batch.map((p): Outcome => {
        try {
          return { ok: true, value: own(p.op) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** Runs `op` (synchronous SQL) in the next batch; resolves with its result once committed. */
  submit<T>(op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ op, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate rather than a microtask: writers woken by the previous batch's
        // promises submit across several microtask hops, and all of them should share a batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is queued now (also used by close, so queued writes are not lost). */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.runBatch(batch);
    } catch (err) {
      this.hooks.rolledBack();
      for (const p of batch) p.reject(err);
      return;
    }
    this.hooks.committed();
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}
