/** Building blocks of the channel contract shared by several domains (ids, paths, geometry). */
import { z } from 'zod';
import { AssessedResponseSchema } from '../response/labelRecord';

export const vec3 = z.tuple([z.number(), z.number(), z.number()]);
/** A non-empty identifier (patient id, UID) with a sane length limit. */
export const id = z.string().min(1, 'must not be empty').max(256);

/**
 * A file or folder the user picked: absolute (`/…`, `C:\…` or `\\server\share`), no `..` segment, no NUL.
 * Refusing traversal keeps a forged request from reaching outside what the path visibly names.
 */
export const localPath = z
  .string()
  .min(1, 'a path must not be empty')
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path must not contain a NUL character')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'a path must be absolute')
  .refine((p) => !p.split(/[\\/]/).includes('..'), 'a path must not contain ".." segments');

export const Geometry = z.object({
  size: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  spacing: vec3,
  origin: vec3,
  direction: z.array(z.number()).length(9),
});
export type Geometry = z.infer<typeof Geometry>;

export const ResponseCategory = z.enum(['CR', 'PR', 'SD', 'PD']);
export type ResponseCategory = z.infer<typeof ResponseCategory>;
/** A label's response: the four categories or NE (not evaluable, RECIST 1.1 §4.4.2). */
export const AssessedResponse = AssessedResponseSchema;
export type AssessedResponse = z.infer<typeof AssessedResponse>;

export const float32Array = z.custom<Float32Array>(
  (v) => v instanceof Float32Array,
  'expected a Float32Array',
);
export const uint8Array = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');

/** No arguments. */
export const empty = z.object({}).strict();

/** A CSV file's text as picked in the UI (the renderer reads the file; no path crosses the boundary). */
export const csvText = z.string().max(20_000_000);

/**
 * A stored value a label or clinical CSV would replace (DESIGN §7: patient_id, field, stored, incoming), with
 * who stored it, when and (labels) how, and the label's timepoint.
 */
export const ImportConflict = z.object({
  patient_id: z.string(),
  /** Labels: response, assessor or lesion_diameters; clinical: the variable's name. */
  field: z.string(),
  stored: z.union([z.string(), z.number(), z.null()]),
  incoming: z.union([z.string(), z.number(), z.null()]),
  timepoint: z.string().optional(),
  stored_by: z.string(),
  stored_at: z.string(),
  /** Labels: how the stored label was set (direct, csv, calculator). */
  stored_source: z.string().optional(),
});
export type ImportConflict = z.infer<typeof ImportConflict>;

/**
 * What a label or clinical CSV import did: all rows or none, bad rows named by line. With conflicts and no
 * overwrite nothing is applied (updated 0) and `confirm_token` names this list of conflicts.
 */
export const CsvImportResult = z.object({
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  conflicts: z.array(ImportConflict),
  /** Send back as `confirm` with `overwrite` to replace exactly these conflicts; null without conflicts. */
  confirm_token: z.string().nullable(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
});

/**
 * A label or clinical CSV to import. `overwrite`: replace stored values that differ (the conflicts);
 * `confirm`: the confirm_token of the conflicts the user was shown — when the conflicts are no longer those,
 * nothing is applied and the new list comes back.
 */
export const CsvImportInput = z
  .object({
    csv: csvText,
    overwrite: z.boolean().default(false),
    confirm: z.string().max(64).nullable().default(null),
  })
  .strict();
export type CsvImportResult = z.infer<typeof CsvImportResult>;
