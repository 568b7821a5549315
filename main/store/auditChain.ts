/**
 * The audit log's hash chain (issue 14 item 11): each row stores the hash of the row before it (prev_hash)
 * and its own, hash = sha256(prev_hash + "\n" + canonical row), the first row's prev_hash being "". The
 * canonical row is the JSON array of its stored columns, id first, so that changing, removing, inserting
 * or reordering any row breaks the chain from that row on. (Triggers refuse UPDATE, DELETE and a reused id;
 * the chain shows what was done to the file by other means.)
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** The columns of an audit row as stored, before its hash. */
export interface AuditContent {
  id: number;
  entity: string;
  entity_id: string;
  action: string;
  old_json: string | null;
  new_json: string | null;
  actor: string;
  at: string;
}

export function canonicalAuditRow(r: AuditContent): string {
  return JSON.stringify([r.id, r.entity, r.entity_id, r.action, r.old_json, r.new_json, r.actor, r.at]);
}

/** sha256 (hex) of the previous row's hash and this row's canonical content. */
export function auditRowHash(prevHash: string, row: AuditContent): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalAuditRow(row)}`)
    .digest('hex');
}

export interface AuditVerification {
  rows: number;
  ok: boolean;
  /** The id of the first row whose stored hashes do not match the chain, or null. */
  first_bad: number | null;
  /** Why that row is bad (absent when ok). */
  reason?: string;
}

/** Walks the whole log in id order and recomputes every hash. */
export function verifyAuditChain(db: Database.Database): AuditVerification {
  let prev = '';
  let rows = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<
    AuditContent & { prev_hash: string | null; hash: string | null }
  >) {
    rows++;
    const reason =
      r.prev_hash !== prev
        ? 'its prev_hash is not the hash of the row before it (a row was removed, inserted or changed)'
        : r.hash !== auditRowHash(prev, r)
          ? 'its content does not match its hash (the row was changed or written without the chain)'
          : undefined;
    if (reason)
      return {
        rows: (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n,
        ok: false,
        first_bad: r.id,
        reason,
      };
    prev = r.hash!;
  }
  return { rows, ok: true, first_bad: null };
}

/**
 * Migration 3: chains the rows written before the chain existed, in id order. The UPDATE trigger is lifted
 * for this one statement series inside the migration's transaction, and put back as it was.
 */
export function chainExistingAuditRows(db: Database.Database): void {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as AuditContent[];
  if (rows.length === 0) return;
  db.exec('DROP TRIGGER audit_log_no_update');
  const set = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  let prev = '';
  for (const r of rows) {
    const hash = auditRowHash(prev, r);
    set.run(prev, hash, r.id);
    prev = hash;
  }
  db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed'); END;`);
}
