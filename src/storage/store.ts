// The storage contract every backend implements (sqlite, memory, later etcd).
// It mirrors etcd v3's model: one global revision that every write bumps, reads at a
// revision, writes guarded by the key's last modification revision, and watches that can
// resume from any revision still inside the retained history. Values are opaque strings
// (the API server stores JSON); nothing here knows about SQL or about Kubernetes.

/** One stored key at one point in history. */
export interface KeyValue {
  key: string;
  value: string;
  /** Revision at which the key was (last) created. */
  createRevision: number;
  /** Revision of the last write to the key; what update/delete guard on. */
  modRevision: number;
}

export interface ListOptions {
  /**
   * Read the state as of this revision (0 or absent: the newest). Older than the compacted
   * revision: CompactedError; newer than the current revision: FutureRevisionError.
   */
  revision?: number;
  /** At most this many items; `more` tells whether others follow. */
  limit?: number;
  /** Start at this key (inclusive); used to continue a paged list. */
  startKey?: string;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the list was read at. */
  revision: number;
  /** True when `limit` cut the list short. */
  more: boolean;
  /** How many keys under the prefix follow the returned ones (only when `more`). */
  remaining: number;
}

export interface WatchEvent {
  type: 'put' | 'delete';
  /** For put: the new value. For delete: the key with the deleted value, modRevision = the delete's revision. */
  kv: KeyValue;
  /** The value before this event, when there was one. */
  prevKv?: KeyValue;
}

export interface Watcher {
  /** Stops delivering events; idempotent. */
  cancel(): void;
}

export interface WatchOptions {
  /** Deliver every event with revision > afterRevision, then live ones, in revision order. */
  afterRevision: number;
  /** Called with events in revision order; events of one revision arrive together. */
  onEvents(events: WatchEvent[]): void;
  /** Called once if the watch cannot continue (for example CompactedError); no events follow. */
  onError?(err: Error): void;
}

export interface Store {
  /** The newest revision (0 for an empty store). */
  currentRevision(): Promise<number>;
  /** The oldest revision that can still be read or watched from. */
  compactedRevision(): Promise<number>;
  /** The key as of `revision` (0 or absent: the newest); errors as for ListOptions.revision. */
  get(key: string, revision?: number): Promise<KeyValue | null>;
  /** Keys that start with `prefix`, in key order. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  count(prefix: string): Promise<number>;
  /** Creates the key; KeyExistsError if it exists. Resolves with the new revision once durable. */
  create(key: string, value: string): Promise<number>;
  /** Replaces the value when the key's modRevision equals `expectedModRevision`; else ConflictError (or NotFoundError). */
  update(key: string, value: string, expectedModRevision: number): Promise<number>;
  /** Deletes the key, guarded like update unless `expectedModRevision` is omitted. Resolves with the revision and the deleted value. */
  delete(key: string, expectedModRevision?: number): Promise<{ revision: number; prev: KeyValue }>;
  /**
   * Watches keys starting with `prefix`. If afterRevision < compactedRevision (now, or later
   * while old events are still being replayed), onError receives a CompactedError; it is
   * never thrown, so callers handle every failure in one place.
   */
  watch(prefix: string, opts: WatchOptions): Watcher;
  /**
   * Forgets history older than `revision` (current values are always kept): afterwards
   * compactedRevision() is `revision`, reads at it and watches after it still work.
   * A revision at or below the compacted one is a no-op; above the current one, FutureRevisionError.
   */
  compact(revision: number): Promise<void>;
  /** Commits writes already submitted, ends every watch (onError) and releases the backend; idempotent. */
  close(): Promise<void>;
}

export class StorageError extends Error {}

export class KeyExistsError extends StorageError {
  constructor(readonly key: string) {
    super(`key exists: ${key}`);
  }
}

export class NotFoundError extends StorageError {
  constructor(readonly key: string) {
    super(`key not found: ${key}`);
  }
}

/** The guarded write lost: `current` is what the key holds now. */
export class ConflictError extends StorageError {
  constructor(readonly key: string, readonly current: KeyValue) {
    super(`revision mismatch for ${key}: now at ${current.modRevision}`);
  }
}

/** A read asked for a revision the store has not reached yet; its answer could still change. */
export class FutureRevisionError extends StorageError {
  constructor(readonly requested: number, readonly current: number) {
    super(`required revision ${requested} is a future revision (current ${current})`);
  }
}

/** The requested revision is older than the retained history. */
export class CompactedError extends StorageError {
  constructor(readonly requested: number, readonly compacted: number) {
    super(`required revision ${requested} has been compacted (oldest available ${compacted})`);
  }
}
