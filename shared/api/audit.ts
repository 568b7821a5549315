/** The patient's audit trail as shown to the user (channel patient.audit; main/services/audit.ts). */
import { z } from 'zod';
import { id } from './common';

/** One audited change as shown to the user: what, old → new, who, when. */
export const AuditRow = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  what: z.string(),
  from: z.string(),
  to: z.string(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const auditChannels = {
  /** The patient's audit trail (labels and clinical variables), oldest first. */
  'patient.audit': {
    input: z.object({ patientId: id }).strict(),
    output: z.array(AuditRow),
  },
} as const;
