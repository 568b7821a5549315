/**
 * The append-only audit log of label, clinical and ROI changes: triggers forbid UPDATE, DELETE and a reused
 * id; every row is hash-chained to the one before it (main/store/auditChain.ts).
 */
import { userInfo } from 'node:os';
import { nowIso, type Store } from './db';
import { auditRowHash, verifyAuditChain, type AuditContent, type AuditVerification } from './auditChain';

export interface AuditEntry {
  id: number;
  entity: string;
  entityId: string;
  action: string;
  old: unknown;
  new: unknown;
  actor: string;
  at: string;
}

/** The OS user name, the default actor of a change. */
export function defaultActor(): string {
  try {
    return process.env.RADSCORE_USER || userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Appends one row to the audit log, chained to the row before it (main/store/auditChain.ts). In its own
 * immediate transaction (a savepoint inside the caller's): the last row and the new id are read and
 * written under the write lock, so two processes cannot chain to the same row.
 */
export function appendAudit(
  store: Store,
  e: {
    entity: string;
    entityId: string | number;
    action: string;
    old: unknown;
    new: unknown;
    actor?: string;
  },
): void {
  store.transaction(() => {
    const last = store.stmt('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
      { id: number; hash: string | null } | undefined;
    const row: AuditContent = {
      id: (last?.id ?? 0) + 1,
      entity: e.entity,
      entity_id: String(e.entityId),
      action: e.action,
      old_json: e.old === undefined ? null : JSON.stringify(e.old),
      new_json: e.new === undefined ? null : JSON.stringify(e.new),
      actor: e.actor ?? defaultActor(),
      at: nowIso(),
    };
    const prevHash = last?.hash ?? '';
    store
      .stmt(
        `INSERT INTO audit_log (id, entity, entity_id, action, old_json, new_json, actor, at, prev_hash, hash)
         VALUES (@id, @entity, @entity_id, @action, @old_json, @new_json, @actor, @at, @prev_hash, @hash)`,
      )
      .run({ ...row, prev_hash: prevHash, hash: auditRowHash(prevHash, row) });
  });
}

/** Checks the whole audit log's hash chain (`radscore audit verify`). */
export function verifyAudit(store: Store): AuditVerification {
  return verifyAuditChain(store.db);
}

interface AuditRow {
  id: number;
  entity: string;
  entity_id: string;
  action: string;
  old_json: string | null;
  new_json: string | null;
  actor: string;
  at: string;
}

export function listAudit(
  store: Store,
  filter: { entity?: string; entityId?: string | number } = {},
): AuditEntry[] {
  const rows = store
    .stmt(
      `SELECT * FROM audit_log WHERE (@entity IS NULL OR entity = @entity) AND (@entityId IS NULL OR entity_id = @entityId) ORDER BY id`,
    )
    .all({
      entity: filter.entity ?? null,
      entityId: filter.entityId === undefined ? null : String(filter.entityId),
    }) as AuditRow[];
  return rows.map((r) => ({
    id: r.id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    old: r.old_json === null ? null : JSON.parse(r.old_json),
    new: r.new_json === null ? null : JSON.parse(r.new_json),
    actor: r.actor,
    at: r.at,
  }));
}
