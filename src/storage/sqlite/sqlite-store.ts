// The embedded Store, in the manner of kine: an append-only log table in SQLite whose row
// id is the revision. This process is the only writer (the file is locked), so the current
// revision lives in memory and watchers hear of writes from memory right after each commit.

import type Database from 'better-sqlite3';
import { compareKeys, prefixEnd } from '../keys.js';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  StorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type WatchEvent,
  type Watcher,
  type WatchOptions,
} from '../store.js';
import { WatchHub } from '../watch-hub.js';
import { openDatabase } from './database.js';
import { GroupCommit } from './group-commit.js';
import { LogTable, type KeyRange, type Row } from './log-table.js';

/** Revisions compacted per transaction, so that a large compaction never stalls writers for long. */
const COMPACT_CHUNK = 10_000;

/** Opens (creating if missing, with its directories) the store kept in the SQLite file at `path`. */
export function openSqliteStore(path: string): SqliteStore {
  return new SqliteStore(openDatabase(path));
}

export class SqliteStore implements Store {
  private readonly table: LogTable;
  private readonly writes: GroupCommit;
  private readonly hub: WatchHub;
  /** Newest committed revision: what reads and watches see. */
  private committed: number;
  /** Newest revision written, including the batch being built; equals `committed` between batches. */
  private tip: number;
  private compacted: number;
  /** Events of the batch being built, published once it commits. */
  private batchEvents: WatchEvent[] = [];
  private closed = false;

  constructor(private readonly db: Database.Database) {
    this.table = new LogTable(db);
    this.committed = this.tip = this.table.lastRevision();
    this.compacted = this.table.compactedRevision();
    this.hub = new WatchHub({
      currentRevision: () => this.committed,
      compactedRevision: () => this.compacted,
      readEvents: (prefix, after, upTo, limit) =>
        this.table.events(rangeOf(prefix), after, upTo, limit).map(toEvent),
    });
    this.writes = new GroupCommit(db, {
      committed: () => {
        this.committed = this.tip;
        const events = this.batchEvents;
        this.batchEvents = [];
        this.hub.publish(events);
      },
      rolledBack: () => {
        this.tip = this.committed;
        this.batchEvents = [];
      },
    });
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.committed;
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen();
    return this.compacted;
  }

  async get(key: string, revision?: number): Promise<KeyValue | null> {
    this.checkOpen();
    const row = this.table.latest(key, this.readRevision(revision));
    return row && !row.deleted ? toKeyValue(row) : null;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const rev = this.readRevision(opts.revision);
    const range = rangeOf(prefix);
    if (opts.startKey !== undefined && compareKeys(opts.startKey, range.start) > 0) range.start = opts.startKey;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    // One row beyond the limit tells whether more follow without counting them all.
    const items = this.table.list(range, rev, limit > 0 ? limit + 1 : -1);
    const more = limit > 0 && items.length > limit;
    if (more) items.pop();
    return {
      items,
      revision: rev,
      more,
      remaining: more ? this.table.count(range, rev) - limit : 0,
    };
  }

  async count(prefix: string): Promise<number> {
    this.checkOpen();
    return this.table.count(rangeOf(prefix), this.committed);
  }

  create(key: string, value: string): Promise<number> {
    return this.write(() => {
      const prev = this.table.latest(key, this.tip);
      if (prev && !prev.deleted) throw new KeyExistsError(key);
      const id = this.tip + 1;
      return this.append({
        id, name: key, created: 1, deleted: 0, create_revision: id,
        prev_revision: prev?.id ?? 0, value, old_value: null,
      });
    });
  }

  update(key: string, value: string, expectedModRevision: number): Promise<number> {
    return this.write(() => {
      const prev = this.guard(key, expectedModRevision);
      return this.append({
        id: this.tip + 1, name: key, created: 0, deleted: 0, create_revision: prev.create_revision,
        prev_revision: prev.id, value, old_value: prev.value,
      });
    });
  }

  delete(key: string, expectedModRevision?: number): Promise<{ revision: number; prev: KeyValue }> {
    return this.write(() => {
      const prev = this.guard(key, expectedModRevision);
      const revision = this.append({
        id: this.tip + 1, name: key, created: 0, deleted: 1, create_revision: prev.create_revision,
        prev_revision: prev.id, value: prev.value, old_value: prev.value,
      });
      return { revision, prev: toKeyValue(prev) };
    });
  }

  watch(prefix: string, opts: WatchOptions): Watcher {
    if (this.closed) {
      // Reported like every other watch failure: through onError, asynchronously.
      setImmediate(() => opts.onError?.(new StorageError('store closed')));
      return { cancel() {} };
    }
    return this.hub.watch(prefix, opts);
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    if (revision > this.committed) throw new FutureRevisionError(revision, this.committed);
    const step = this.db.transaction((lo: number, hi: number) => this.table.compact(lo, hi));
    // Each chunk commits with the compacted revision it reached, so reads below it are refused
    // from that moment on, and a crash halfway leaves a consistent, partly compacted log.
    while (!this.closed && this.compacted < revision) {
      const hi = Math.min(this.compacted + COMPACT_CHUNK, revision);
      step(this.compacted, hi);
      this.compacted = hi;
      if (hi < revision) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.writes.flush();
    this.closed = true;
    this.hub.closeAll();
    this.db.close();
  }

  private write<T>(op: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new StorageError('store closed'));
    return this.writes.submit(op);
  }

  /** Appends one write to the open batch; its events go out when the batch commits. */
  private append(row: Row): number {
    this.table.insert(row);
    this.tip = row.id;
    this.batchEvents.push(toEvent(row));
    return row.id;
  }

  /** The key's newest row, if it exists and (when `expected` is given) was last written at `expected`. */
  private guard(key: string, expected: number | undefined): Row {
    const cur = this.table.latest(key, this.tip);
    if (!cur || cur.deleted) throw new NotFoundError(key);
    if (expected !== undefined && cur.id !== expected) throw new ConflictError(key, toKeyValue(cur));
    return cur;
  }

  private readRevision(requested: number | undefined): number {
    if (!requested) return this.committed;
    if (requested < this.compacted) throw new CompactedError(requested, this.compacted);
    if (requested > this.committed) throw new FutureRevisionError(requested, this.committed);
    return requested;
  }

  private checkOpen(): void {
    if (this.closed) throw new StorageError('store closed');
  }
}

function rangeOf(prefix: string): KeyRange {
  return { start: prefix, end: prefixEnd(prefix) };
}

function toKeyValue(row: Row): KeyValue {
  return { key: row.name, value: row.value, createRevision: row.create_revision, modRevision: row.id };
}

function toEvent(row: Row): WatchEvent {
  const event: WatchEvent = { type: row.deleted ? 'delete' : 'put', kv: toKeyValue(row) };
  if (!row.created && row.prev_revision > 0 && row.old_value !== null) {
    event.prevKv = { key: row.name, value: row.old_value, createRevision: row.create_revision, modRevision: row.prev_revision };
  }
  return event;
}
