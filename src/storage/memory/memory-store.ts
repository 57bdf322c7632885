// An in-memory Store for unit tests: the same log-of-revisions model as the sqlite backend
// (every write appends one entry whose revision is the new global revision), kept in an
// array. Reads of the newest state use a map; reads at older revisions replay the log,
// which is linear but plenty for tests.

import { compareKeys } from '../keys.js';
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

/** One write. For a delete, `kv` holds the deleted value and the delete's revision. */
interface Entry {
  kv: KeyValue;
  deleted: boolean;
  prev?: KeyValue;
}

export class MemoryStore implements Store {
  private log: Entry[] = [];
  private readonly current = new Map<string, KeyValue>();
  private revision = 0;
  private compacted = 0;
  private closed = false;
  private readonly hub = new WatchHub({
    currentRevision: () => this.revision,
    compactedRevision: () => this.compacted,
    readEvents: (prefix, after, upTo, limit) => this.readEvents(prefix, after, upTo, limit),
  });

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.revision;
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen();
    return this.compacted;
  }

  async get(key: string, revision?: number): Promise<KeyValue | null> {
    this.checkOpen();
    const at = this.readRevision(revision);
    if (at === this.revision) return this.current.get(key) ?? null;
    for (let i = this.log.length - 1; i >= 0; i--) {
      const e = this.log[i];
      if (e.kv.modRevision <= at && e.kv.key === key) return e.deleted ? null : e.kv;
    }
    return null;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const at = this.readRevision(opts.revision);
    const startKey = opts.startKey ?? '';
    const all = [...this.stateAt(at).values()]
      .filter((kv) => kv.key.startsWith(prefix) && compareKeys(kv.key, startKey) >= 0)
      .sort((a, b) => compareKeys(a.key, b.key));
    const limit = opts.limit && opts.limit > 0 ? opts.limit : all.length;
    const more = all.length > limit;
    return { items: all.slice(0, limit), revision: at, more, remaining: more ? all.length - limit : 0 };
  }

  async count(prefix: string): Promise<number> {
    this.checkOpen();
    let n = 0;
    for (const key of this.current.keys()) if (key.startsWith(prefix)) n++;
    return n;
  }

  async create(key: string, value: string): Promise<number> {
    this.checkOpen();
    if (this.current.has(key)) throw new KeyExistsError(key);
    const rev = this.revision + 1;
    this.append({ kv: { key, value, createRevision: rev, modRevision: rev }, deleted: false });
    return rev;
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<number> {
    this.checkOpen();
    const prev = this.guard(key, expectedModRevision);
    const rev = this.revision + 1;
    this.append({ kv: { key, value, createRevision: prev.createRevision, modRevision: rev }, deleted: false, prev });
    return rev;
  }

  async delete(key: string, expectedModRevision?: number): Promise<{ revision: number; prev: KeyValue }> {
    this.checkOpen();
    const prev = this.guard(key, expectedModRevision);
    const rev = this.revision + 1;
    this.append({ kv: { ...prev, modRevision: rev }, deleted: true, prev });
    return { revision: rev, prev };
  }

  watch(prefix: string, opts: WatchOptions): Watcher {
    if (this.closed) {
      // Same promise as every other failure: reported through onError, asynchronously.
      setImmediate(() => opts.onError?.(new StorageError('store closed')));
      return { cancel() {} };
    }
    return this.hub.watch(prefix, opts);
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    if (revision <= this.compacted) return;
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
    // An entry at or below `revision` survives only if it is its key's state at `revision`.
    const survivor = new Map<string, Entry>();
    for (const e of this.log) if (e.kv.modRevision <= revision) survivor.set(e.kv.key, e);
    this.log = this.log.filter(
      (e) => e.kv.modRevision > revision || (!e.deleted && survivor.get(e.kv.key) === e),
    );
    this.compacted = revision;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.closeAll();
  }

  private append(e: Entry): void {
    Object.freeze(e.kv); // handed out to readers and watchers; nobody may change history
    this.log.push(e);
    this.revision = e.kv.modRevision;
    if (e.deleted) this.current.delete(e.kv.key);
    else this.current.set(e.kv.key, e.kv);
    this.hub.publish([toEvent(e)]);
  }

  /** The key's current value if `expected` (when given) matches its modRevision. */
  private guard(key: string, expected: number | undefined): KeyValue {
    const cur = this.current.get(key);
    if (!cur) throw new NotFoundError(key);
    if (expected !== undefined && cur.modRevision !== expected) throw new ConflictError(key, cur);
    return cur;
  }

  private readRevision(requested: number | undefined): number {
    if (!requested) return this.revision;
    if (requested < this.compacted) throw new CompactedError(requested, this.compacted);
    if (requested > this.revision) throw new FutureRevisionError(requested, this.revision);
    return requested;
  }

  private stateAt(at: number): Map<string, KeyValue> {
    if (at === this.revision) return this.current;
    const state = new Map<string, KeyValue>();
    for (const e of this.log) {
      if (e.kv.modRevision > at) break;
      if (e.deleted) state.delete(e.kv.key);
      else state.set(e.kv.key, e.kv);
    }
    return state;
  }

  private readEvents(prefix: string, after: number, upTo: number, limit: number): WatchEvent[] {
    const out: WatchEvent[] = [];
    for (const e of this.log) {
      if (out.length >= limit || e.kv.modRevision > upTo) break;
      if (e.kv.modRevision > after && e.kv.key.startsWith(prefix)) out.push(toEvent(e));
    }
    return out;
  }

  private checkOpen(): void {
    if (this.closed) throw new StorageError('store closed');
  }
}

function toEvent(e: Entry): WatchEvent {
  const event: WatchEvent = { type: e.deleted ? 'delete' : 'put', kv: e.kv };
  if (e.prev) event.prevKv = e.prev;
  return event;
}
