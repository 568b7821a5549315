/** The append-only audit log of label, clinical and ROI changes (triggers forbid UPDATE/DELETE). */
import { userInfo } from 'node:os';
import { nowIso, type Store } from './db';

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
  store
    .stmt(
      'INSERT INTO audit_log (entity, entity_id, action, old_json, new_json, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      e.entity,
      String(e.entityId),
      e.action,
      e.old === undefined ? null : JSON.stringify(e.old),
      e.new === undefined ? null : JSON.stringify(e.new),
      e.actor ?? defaultActor(),
      nowIso(),
    );
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
