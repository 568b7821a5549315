/**
 * The patient's audit trail as the patient page shows it (channel patient.audit): label changes (old → new
 * per timepoint), clinical edits per variable, and ROI changes on the patient's series. The audit log
 * itself is written by the store (main/store/audit.ts).
 */
import type { AuditRow } from '../../shared/api';
import { getPatient, type Store } from '../store/index';
import { ownValue } from '../../shared/names';
import { found, unavailable, type ChannelImplementations } from './channel';

const show = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

interface RawAudit {
  id: number;
  entity: string;
  action: string;
  old_json: string | null;
  new_json: string | null;
  actor: string;
  at: string;
}

/**
 * The patient's audit trail, oldest first: label changes (old → new per timepoint), clinical edits per
 * variable, and ROI changes on the patient's series.
 */
export function patientAudit(store: Store, patientId: string): AuditRow[] | null {
  if (!getPatient(store, patientId)) return null;
  const rows = store
    .stmt(
      `SELECT id, entity, action, old_json, new_json, actor, at FROM audit_log
       WHERE (entity = 'clinical' AND entity_id = @pid)
          OR (entity = 'response' AND (json_extract(new_json, '$.patient_id') = @pid OR json_extract(old_json, '$.patient_id') = @pid))
          OR (entity = 'roi' AND coalesce(json_extract(new_json, '$.series_uid'), json_extract(old_json, '$.series_uid')) IN (
                SELECT se.series_uid FROM series se JOIN studies st ON se.study_id = st.id JOIN patients p ON st.patient_id = p.id
                WHERE p.patient_id = @pid))
       ORDER BY id`,
    )
    .all({ pid: patientId }) as RawAudit[];
  const out: AuditRow[] = [];
  for (const r of rows) {
    const oldValue = (r.old_json ? JSON.parse(r.old_json) : null) as Record<string, unknown> | null;
    const newValue = (r.new_json ? JSON.parse(r.new_json) : null) as Record<string, unknown> | null;
    const base = { id: r.id, at: r.at, actor: r.actor, action: r.action };
    if (r.entity === 'response') {
      const timepoint = show(newValue?.timepoint ?? oldValue?.timepoint);
      const describe = (v: Record<string, unknown> | null) =>
        v ? `${show(v.response)}${v.assessor ? ` (${show(v.assessor)})` : ''}` : '—';
      out.push({
        ...base,
        what: `response @ ${timepoint}`,
        from: describe(oldValue),
        to: describe(newValue),
      });
    } else if (r.entity === 'roi') {
      const describe = (v: Record<string, unknown> | null) =>
        v ? `${show(v.name)} (${show(v.voxels)} voxels)` : '—';
      out.push({
        ...base,
        what: `ROI ${show(newValue?.name ?? oldValue?.name)}: ${r.action}`,
        from: describe(oldValue),
        to: describe(newValue),
      });
    } else {
      const keys = new Set([...Object.keys(oldValue ?? {}), ...Object.keys(newValue ?? {})]);
      for (const k of keys)
        out.push({
          ...base,
          what: `clinical: ${k}`,
          from: show(ownValue(oldValue, k)),
          to: show(ownValue(newValue, k)),
        });
    }
  }
  return out;
}

export function auditChannels(store: Store | undefined): ChannelImplementations<'patient.audit'> {
  if (!store) return unavailable(['patient.audit'], 'no database');
  return {
    'patient.audit': (a) => found(patientAudit(store, a.patientId), `patient "${a.patientId}"`),
  };
}
