// The SQL of the sqlite backend, as prepared statements over the `kv` log table. Every read
// takes the revision it reads at; the newest row of a name at or below that revision is the
// name's state then (absent if that row is a deletion).

import type Database from 'better-sqlite3';
import type { KeyValue } from '../store.js';

export interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
  old_value: string | null;
}

/** A key range [start, end). A null end means "no upper bound". */
export interface KeyRange {
  start: string;
  end: string | null;
}

// SQLite orders every TEXT value before every BLOB, so an empty BLOB is an upper bound
// above all names; binding it keeps one statement (and its index range) for both cases.
const NO_END = Buffer.alloc(0);

// Rows of a range that are their name's newest row at :rev and not deletions. The index on
// (name, id) yields them in name order, so LIMIT stops the scan early.
const LIVE_IN_RANGE = `
  FROM kv AS k
  WHERE k.name >= :start AND k.name < :end AND k.id <= :rev AND k.deleted = 0
    AND k.id = (SELECT MAX(n.id) FROM kv AS n WHERE n.name = k.name AND n.id <= :rev)`;

export class LogTable {
  private readonly latestStmt: Database.Statement;
  private readonly listStmt: Database.Statement;
  private readonly countStmt: Database.Statement;
  private readonly insertStmt: Database.Statement;
  private readonly eventsStmt: Database.Statement;
  private readonly dropSupersededStmt: Database.Statement;
  private readonly dropDeletionsStmt: Database.Statement;
  private readonly getMetaStmt: Database.Statement;
  private readonly setMetaStmt: Database.Statement;
  private readonly sequenceStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.latestStmt = db.prepare('SELECT * FROM kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1');
    // Selected straight into KeyValue's shape: a big list allocates one object per key, not two.
    this.listStmt = db.prepare(`
      SELECT k.name AS key, k.value, k.create_revision AS createRevision, k.id AS modRevision
      ${LIVE_IN_RANGE} ORDER BY k.name LIMIT :limit`);
    this.countStmt = db.prepare(`SELECT COUNT(*) ${LIVE_IN_RANGE}`).pluck();
    this.insertStmt = db.prepare(`
      INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value, old_value)
      VALUES (:id, :name, :created, :deleted, :create_revision, :prev_revision, :value, :old_value)`);
    this.eventsStmt = db.prepare(`
      SELECT * FROM kv
      WHERE id > :after AND id <= :upTo AND name >= :start AND name < :end
      ORDER BY id LIMIT :limit`);
    // Compaction of the writes in (lo, hi]: each of them supersedes its previous row, and a
    // deletion is itself no longer needed once nobody may read before it.
    this.dropSupersededStmt = db.prepare(`
      DELETE FROM kv WHERE id IN (
        SELECT prev_revision FROM kv WHERE id > :lo AND id <= :hi AND prev_revision > 0)`);
    this.dropDeletionsStmt = db.prepare('DELETE FROM kv WHERE id > :lo AND id <= :hi AND deleted = 1');
    this.getMetaStmt = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    this.setMetaStmt = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.sequenceStmt = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'kv'").pluck();
  }

  /** The newest row of `name` with id <= rev (a deletion included), or undefined. */
  latest(name: string, rev: number): Row | undefined {
    return this.latestStmt.get(name, rev) as Row | undefined;
  }

  /** Live rows of the range at `rev`, in name order; limit < 0 means all. */
  list(range: KeyRange, rev: number, limit: number): KeyValue[] {
    return this.listStmt.all({ ...bind(range), rev, limit }) as KeyValue[];
  }

  count(range: KeyRange, rev: number): number {
    return this.countStmt.get({ ...bind(range), rev }) as number;
  }

  insert(row: Row): void {
    this.insertStmt.run(row);
  }

  /** Rows of the range with after < id <= upTo, in id order. */
  events(range: KeyRange, after: number, upTo: number, limit: number): Row[] {
    return this.eventsStmt.all({ ...bind(range), after, upTo, limit }) as Row[];
  }

  /** Removes the rows made unreadable by compacting the writes in (lo, hi]; run in a transaction. */
  compact(lo: number, hi: number): void {
    this.dropSupersededStmt.run({ lo, hi });
    this.dropDeletionsStmt.run({ lo, hi });
    this.setMetaStmt.run('compact_rev', hi);
  }

  /** The highest id ever assigned (0 for a new file), which compaction cannot lower. */
  lastRevision(): number {
    return (this.sequenceStmt.get() as number | undefined) ?? 0;
  }

  compactedRevision(): number {
    return (this.getMetaStmt.get('compact_rev') as number | undefined) ?? 0;
  }
}

function bind(range: KeyRange): { start: string; end: string | Buffer } {
  return { start: range.start, end: range.end ?? NO_END };
}
