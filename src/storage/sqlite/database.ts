// Opening the SQLite file: pragmas and schema. The layout follows kine: one append-only
// log table `kv`, where each row is one write and its id is the global revision.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StorageError } from '../store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  -- AUTOINCREMENT so that an id is never reused, even when compaction removes the newest
  -- rows (deletions); sqlite_sequence then remembers the current revision.
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,          -- 1: this write created the key
  deleted INTEGER NOT NULL,          -- 1: this write deleted the key (value = deleted value)
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,    -- id of the key's previous row, 0 if none
  value TEXT NOT NULL,
  old_value TEXT                     -- value before this write, for watch events' prevKv
);
-- get/list at a revision: the newest row of a name with id <= revision, one index seek.
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
`;

export function openDatabase(path: string): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  // No busy wait: the only other holder of the lock would be another server on the same file.
  const db = new Database(path, { timeout: 0 });
  try {
    // The store keeps the current revision in memory and announces writes to watchers from
    // memory, which is only right if this connection is the sole writer: hold the file
    // lock for the connection's lifetime so that a second server fails at open instead.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    // FULL: every commit fsyncs the WAL, so an acknowledged write survives power loss and
    // not only a process kill (NORMAL would only sync at checkpoints). Kubernetes treats an
    // acknowledged write as permanent, as etcd does; group commit pays one fsync per batch.
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    db.exec('BEGIN IMMEDIATE; COMMIT'); // takes the exclusive lock now rather than on first write
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new StorageError(`${path} is locked: is another k8ts server using it?`);
    }
    throw err;
  }
  return db;
}
