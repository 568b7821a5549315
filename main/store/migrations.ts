/**
 * Numbered schema migrations. Append only: never edit a migration that has shipped; add the next number.
 * Each runs in its own transaction and is recorded in `migrations`.
 */
import type Database from 'better-sqlite3';
import { chainExistingAuditRows } from './auditChain';

export interface Migration {
  id: number;
  name: string;
  sql: string;
  /** A step SQL alone cannot do, run after `sql` in the same transaction. */
  run?: (db: Database.Database) => void;
}

export const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE patients (
  id            INTEGER PRIMARY KEY,
  patient_id    TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL DEFAULT '',
  birth_date    TEXT NOT NULL DEFAULT '',
  sex           TEXT NOT NULL DEFAULT '',
  clinical_json TEXT NOT NULL DEFAULT '{}',
  created_at    TEXT NOT NULL
);

CREATE TABLE studies (
  id                 INTEGER PRIMARY KEY,
  patient_id         INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  study_uid          TEXT NOT NULL UNIQUE,
  study_date         TEXT NOT NULL DEFAULT '',
  description        TEXT NOT NULL DEFAULT '',
  accession_number   TEXT NOT NULL DEFAULT '',
  created_at         TEXT NOT NULL
);
CREATE INDEX studies_patient ON studies(patient_id);

CREATE TABLE series (
  id                  INTEGER PRIMARY KEY,
  study_id            INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  series_uid          TEXT NOT NULL UNIQUE,
  series_number       INTEGER NOT NULL DEFAULT 0,
  description         TEXT NOT NULL DEFAULT '',
  modality            TEXT NOT NULL DEFAULT '',
  frame_of_reference  TEXT NOT NULL DEFAULT '',
  geometry_json       TEXT NOT NULL,
  warnings_json       TEXT NOT NULL DEFAULT '[]',
  created_at          TEXT NOT NULL
);
CREATE INDEX series_study ON series(study_id);
CREATE INDEX series_for ON series(frame_of_reference);

CREATE TABLE instances (
  id                  INTEGER PRIMARY KEY,
  series_id           INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  sop_uid             TEXT NOT NULL UNIQUE,
  sop_class_uid       TEXT NOT NULL DEFAULT '',
  transfer_syntax     TEXT NOT NULL DEFAULT '',
  file_path           TEXT NOT NULL,
  instance_number     INTEGER NOT NULL DEFAULT 0,
  slice_index         INTEGER NOT NULL,
  frames              INTEGER NOT NULL DEFAULT 1,
  rows                INTEGER NOT NULL,
  columns             INTEGER NOT NULL,
  positions_json      TEXT NOT NULL,
  orientation_json    TEXT NOT NULL,
  pixel_spacing_json  TEXT NOT NULL,
  file_size           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX instances_series ON instances(series_id, slice_index);

CREATE TABLE rois (
  id              INTEGER PRIMARY KEY,
  series_id       INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('drawn', 'RTSTRUCT', 'SEG')),
  author          TEXT NOT NULL DEFAULT '',
  source_file     TEXT,
  source_sop_uid  TEXT,
  mask_encoding   TEXT NOT NULL,
  mask            BLOB NOT NULL,
  voxel_count     INTEGER NOT NULL,
  bbox_json       TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (series_id, source_sop_uid, name)
);
CREATE INDEX rois_series ON rois(series_id);

CREATE TABLE response_assessments (
  id                    INTEGER PRIMARY KEY,
  patient_id            INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  timepoint             TEXT NOT NULL,
  response              TEXT NOT NULL CHECK (response IN ('CR', 'PR', 'SD', 'PD')),
  lesion_diameters_json TEXT,
  assessor              TEXT NOT NULL DEFAULT '',
  assessed_at           TEXT NOT NULL,
  UNIQUE (patient_id, timepoint)
);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  action     TEXT NOT NULL,
  old_json   TEXT,
  new_json   TEXT,
  actor      TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed'); END;

CREATE TABLE extraction_settings (
  hash        TEXT PRIMARY KEY,
  json        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

-- One feature set per (settings, profile). Feature names and their catalogue entries are stored once per
-- set; each ROI's values are one float64 blob in that order (fast for 1,000 ROIs x 400 features).
CREATE TABLE feature_sets (
  id             INTEGER PRIMARY KEY,
  settings_hash  TEXT NOT NULL REFERENCES extraction_settings(hash),
  profile        TEXT NOT NULL,
  features_json  TEXT,
  created_at     TEXT NOT NULL,
  UNIQUE (settings_hash, profile)
);

CREATE TABLE feature_values (
  feature_set_id  INTEGER NOT NULL REFERENCES feature_sets(id) ON DELETE CASCADE,
  roi_id          INTEGER NOT NULL REFERENCES rois(id) ON DELETE CASCADE,
  value_blob      BLOB NOT NULL,
  computed_at     TEXT NOT NULL,
  PRIMARY KEY (feature_set_id, roi_id)
) WITHOUT ROWID;
CREATE INDEX feature_values_roi ON feature_values(roi_id);

CREATE TABLE extraction_failures (
  feature_set_id  INTEGER NOT NULL REFERENCES feature_sets(id) ON DELETE CASCADE,
  roi_id          INTEGER NOT NULL REFERENCES rois(id) ON DELETE CASCADE,
  reason          TEXT NOT NULL,
  at              TEXT NOT NULL,
  PRIMARY KEY (feature_set_id, roi_id)
) WITHOUT ROWID;

CREATE TABLE model_versions (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL DEFAULT '',
  feature_set_id    INTEGER REFERENCES feature_sets(id),
  software_version  TEXT NOT NULL,
  settings_json     TEXT NOT NULL DEFAULT '{}',
  seeds_json        TEXT NOT NULL DEFAULT '{}',
  split_json        TEXT NOT NULL DEFAULT 'null',
  fold_ids_json     TEXT NOT NULL DEFAULT 'null',
  selected_json     TEXT NOT NULL DEFAULT '[]',
  coefficients_json TEXT NOT NULL DEFAULT '{}',
  metrics_json      TEXT NOT NULL DEFAULT '{}',
  document_json     TEXT NOT NULL,
  created_at        TEXT NOT NULL
);
`,
  },
  {
    id: 2,
    name: 'study codes for de-identified exports',
    sql: `
-- The site's patient id → the study code used in de-identified exports (SUBJ-001 …), with a per-patient
-- date shift. Not a foreign key: the mapping must outlive a deleted patient, or re-identification breaks.
CREATE TABLE study_codes (
  patient_id      TEXT PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  seq             INTEGER NOT NULL UNIQUE,
  date_shift_days INTEGER NOT NULL,
  created_at      TEXT NOT NULL
);

-- One secret per database: the key of the UID remapping (same UID → same new UID in every export).
CREATE TABLE deidentification_key (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  uid_secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`,
  },
  {
    id: 3,
    name: 'audit log: no reused ids, hash chain',
    sql: `
-- Append-only for every SQL path: UPDATE and DELETE were already refused, but INSERT OR REPLACE (or an
-- UPSERT) with an existing id replaced a row. A row id can be used once; ids are positive.
CREATE TRIGGER audit_log_no_reuse BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: an existing row cannot be replaced'); END;
CREATE TRIGGER audit_log_positive_id AFTER INSERT ON audit_log
WHEN NEW.id <= 0
BEGIN SELECT RAISE(ABORT, 'audit_log ids are positive'); END;

-- Each row stores the hash of the row before it and its own: sha256 of prev_hash, a newline and the
-- canonical row (main/store/auditChain.ts). Rows written before this migration are chained by it, in id order.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
`,
    run: chainExistingAuditRows,
  },
  {
    id: 4,
    name: 'response labels: NE, how each label was set, its measurements and the rule that decided',
    sql: `
-- NE (not evaluable, RECIST 1.1 §4.4.2) becomes a response, so the CHECK changes: SQLite needs a rebuild.
-- Besides the response: how the label was set ('direct', 'csv', 'calculator'), the calculator's input as
-- the server re-checked it, the criteria and response definition, the rule that decided, the response at
-- every follow-up (history), accepted departures from RECIST (non_standard) and a note (e.g. "PR was sent;
-- the measurements give PD").
CREATE TABLE response_assessments_v4 (
  id                    INTEGER PRIMARY KEY,
  patient_id            INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  timepoint             TEXT NOT NULL,
  response              TEXT NOT NULL CHECK (response IN ('CR', 'PR', 'SD', 'PD', 'NE')),
  lesion_diameters_json TEXT,
  assessor              TEXT NOT NULL DEFAULT '',
  assessed_at           TEXT NOT NULL,
  source                TEXT NOT NULL DEFAULT 'direct' CHECK (source IN ('direct', 'csv', 'calculator')),
  criteria              TEXT CHECK (criteria IN ('recist', 'mrecist')),
  definition            TEXT CHECK (definition IN ('last-follow-up', 'best-overall-confirmed')),
  rule_json             TEXT,
  measurements_json     TEXT,
  history_json          TEXT,
  non_standard_json     TEXT,
  note                  TEXT,
  UNIQUE (patient_id, timepoint)
);
INSERT INTO response_assessments_v4 (id, patient_id, timepoint, response, lesion_diameters_json, assessor, assessed_at, source, note)
SELECT id, patient_id, timepoint, response, lesion_diameters_json, assessor, assessed_at,
       CASE WHEN json_valid(lesion_diameters_json) AND json_type(lesion_diameters_json) = 'array' THEN 'csv' ELSE 'direct' END,
       CASE WHEN json_valid(lesion_diameters_json) AND json_type(lesion_diameters_json, '$.lesions') = 'array'
            THEN 'calculator record from before migration 4: not re-checked against its measurements' END
FROM response_assessments;
DROP TABLE response_assessments;
ALTER TABLE response_assessments_v4 RENAME TO response_assessments;
`,
  },
  {
    id: 5,
    name: 'what a feature row was computed from; series refused for extraction',
    sql: `
-- The mask a ROI has now, as a content hash (mask_hash in rois.ts), and the mask each feature row and
-- recorded failure was computed from: a row whose hash differs is stale (the mask changed after it was read)
-- and counts as not extracted. '' on rows from before this migration: they match each other.
ALTER TABLE rois ADD COLUMN mask_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE feature_values ADD COLUMN mask_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE extraction_failures ADD COLUMN mask_hash TEXT NOT NULL DEFAULT '';

-- Why a file's pixels cannot be used (RescaleSlope 0, a non-finite rescale); NULL when they can.
ALTER TABLE instances ADD COLUMN problem TEXT;
-- Why a series is refused for extraction (a slice without an image, unusable files), as a JSON list of
-- reasons; '[]' when usable; NULL until checked (series stored before this migration).
ALTER TABLE series ADD COLUMN unusable_json TEXT;
`,
  },
];
