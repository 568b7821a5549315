/**
 * Reliability and harmonisation of feature tables given as CSV (no database): the ICC of every feature of
 * a long table (one row per subject × rater; psych::ICC), and ComBat of a wide table (one row per patient;
 * sva::ComBat). Feature cells are strict decimal numbers; `NA`, `NaN`, `null` or an empty cell is missing.
 * Bad input is a one-line error naming the line and column.
 */
import { combat, type CombatModel, type CombatOptions } from '../../shared/modeling/combat';
import { icc, IccError, type IccForm, type IccRow } from '../../shared/modeling/icc';
import { readUserText, USER_FILE_LIMITS } from '../io/readUserFile';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv';

export class FeatureTableError extends Error {}

/**
 * Reads a table file as UTF-8 (main/io/readUserFile.ts: a regular file, bounded, within a time limit; the
 * error names the file and the problem, never its contents).
 */
export async function readTableFile(path: string): Promise<string> {
  return readUserText(path, {
    what: 'feature table',
    maxBytes: USER_FILE_LIMITS.featureTable,
    timeoutMs: 5 * 60_000,
  });
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'null']);

/** A feature cell: a finite number, NaN when missing, null when it is not a number. */
function numericCell(cell: string): number | null {
  const t = cell.trim();
  if (MISSING.has(t)) return NaN;
  if (!NUMBER.test(t)) return null;
  return Number(t);
}

interface Table {
  header: string[];
  rows: CsvRecord[];
}

function readTable(csv: string): Table {
  let records: CsvRecord[];
  try {
    records = parseCsv(csv);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new FeatureTableError(`line ${err.line}: ${err.message}`);
    throw err;
  }
  if (records.length < 2) throw new FeatureTableError('the table has no data rows');
  const header = records[0].cells.map((c) => c.trim());
  header.forEach((name, i) => {
    if (!name) throw new FeatureTableError(`column ${i + 1} of the header has no name`);
    if (header.indexOf(name) !== i) throw new FeatureTableError(`column "${name}" appears twice`);
  });
  const rows = records.slice(1);
  for (const r of rows)
    if (r.cells.length !== header.length)
      throw new FeatureTableError(`line ${r.line}: ${r.cells.length} cells, the header has ${header.length}`);
  return { header, rows };
}

function columnIndex(t: Table, name: string, role: string): number {
  const k = t.header.indexOf(name);
  if (k < 0)
    throw new FeatureTableError(
      `${role} column "${name}" not found (columns: ${t.header.slice(0, 8).join(', ')}${t.header.length > 8 ? ', …' : ''})`,
    );
  return k;
}

// ------------------------------------------------------------------ ICC ------------------------------------

export interface IccTableOptions {
  /** Subject column (default "id"). */
  id?: string;
  /** Rater column (default "rater"). */
  rater?: string;
  alpha?: number;
}

export interface IccFeatureResult {
  feature: string;
  /** Subjects with every rater's value for this feature (the ones the ICC uses). */
  n_subjects: number;
  /** Subjects left out of this feature, with the raters whose value is missing. */
  excluded: { id: string; missing_raters: string[] }[];
  icc: Record<IccForm, IccRow>;
}

export interface IccTableResult {
  method: 'psych::ICC (lmer = FALSE), two-way ANOVA; subjects missing a rater are left out per feature';
  alpha: number;
  id_column: string;
  rater_column: string;
  /** Raters (sorted, as the matrix columns psych receives) and their count. */
  rater_names: string[];
  raters: number;
  /** Subjects in the table. */
  n_subjects: number;
  features: IccFeatureResult[];
  /** Columns that are not features: text columns (no cell is a number) and empty columns. */
  skipped_columns: { column: string; reason: string }[];
}

/**
 * ICC of every numeric column of a long table (one row per subject × rater). A subject without a value
 * (missing cell or no row) for some rater is left out of that feature and listed.
 */
export function iccTable(csv: string, options: IccTableOptions = {}): IccTableResult {
  const t = readTable(csv);
  const idName = options.id ?? 'id';
  const raterName = options.rater ?? 'rater';
  if (idName === raterName) throw new FeatureTableError('the subject and rater columns must differ');
  const idCol = columnIndex(t, idName, 'subject');
  const raterCol = columnIndex(t, raterName, 'rater');
  const subjects: string[] = [];
  const subjectIndex = new Map<string, number>();
  const raterSet = new Set<string>();
  const seen = new Map<string, number>();
  for (const r of t.rows) {
    const id = r.cells[idCol].trim();
    const rater = r.cells[raterCol].trim();
    if (!id) throw new FeatureTableError(`line ${r.line}: empty ${idName}`);
    if (!rater) throw new FeatureTableError(`line ${r.line} (${id}): empty ${raterName}`);
    const key = JSON.stringify([id, rater]);
    const prev = seen.get(key);
    if (prev !== undefined)
      throw new FeatureTableError(
        `line ${r.line}: subject "${id}" rated by "${rater}" again (first on line ${prev})`,
      );
    seen.set(key, r.line);
    if (!subjectIndex.has(id)) {
      subjectIndex.set(id, subjects.length);
      subjects.push(id);
    }
    raterSet.add(rater);
  }
  const raters = [...raterSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (raters.length < 2)
    throw new FeatureTableError(
      `ICC needs at least 2 raters; column "${raterName}" holds only "${raters[0]}"`,
    );

  const skipped: IccTableResult['skipped_columns'] = [];
  const features: IccFeatureResult[] = [];
  const alpha = options.alpha ?? 0.05;
  t.header.forEach((name, c) => {
    if (c === idCol || c === raterCol) return;
    const values = new Float64Array(t.rows.length);
    let numbers = 0;
    let firstText: CsvRecord | null = null;
    t.rows.forEach((r, i) => {
      const v = numericCell(r.cells[c]);
      if (v === null) firstText ??= r;
      else {
        if (!Number.isNaN(v)) numbers++;
        values[i] = v;
      }
    });
    if (firstText !== null) {
      const line = (firstText as CsvRecord).line;
      const cell = (firstText as CsvRecord).cells[c].trim();
      if (numbers > 0)
        throw new FeatureTableError(`line ${line}, column "${name}": "${cell}" is not a number`);
      skipped.push({ column: name, reason: `not numeric (line ${line}: "${cell}")` });
      return;
    }
    if (numbers === 0) {
      skipped.push({ column: name, reason: 'no values (every cell is missing)' });
      return;
    }
    for (let i = 0; i < values.length; i++)
      if (!Number.isFinite(values[i]) && !Number.isNaN(values[i]))
        throw new FeatureTableError(`line ${t.rows[i].line}, column "${name}": infinite value`);
    const m = subjects.map(() => new Float64Array(raters.length).fill(NaN));
    t.rows.forEach((r, i) => {
      m[subjectIndex.get(r.cells[idCol].trim()) as number][raters.indexOf(r.cells[raterCol].trim())] =
        values[i];
    });
    let res;
    try {
      res = icc(m, alpha);
    } catch (err) {
      if (err instanceof IccError) throw new FeatureTableError(`feature "${name}": ${err.message}`);
      throw err;
    }
    features.push({
      feature: name,
      n_subjects: res.anova.n,
      excluded: res.excludedRows.map((i) => ({
        id: subjects[i],
        missing_raters: raters.filter((_, j) => Number.isNaN(m[i][j])),
      })),
      icc: res.icc,
    });
  });
  if (features.length === 0) throw new FeatureTableError('the table has no numeric feature columns');
  return {
    method: 'psych::ICC (lmer = FALSE), two-way ANOVA; subjects missing a rater are left out per feature',
    alpha,
    id_column: idName,
    rater_column: raterName,
    rater_names: raters,
    raters: raters.length,
    n_subjects: subjects.length,
    features,
    skipped_columns: skipped,
  };
}

// ------------------------------------------------------------------ ComBat ---------------------------------

/** Columns that are never features of a ComBat table (besides id, batch, covariates and passthrough). */
export const COMBAT_RESERVED_COLUMNS = ['y', 'split', 'foldid'];

export interface CombatTableOptions extends CombatOptions {
  batch: string;
  covariates?: string[];
  passthrough?: string[];
  /** Identifier column (default "id"; optional when the table has none). */
  id?: string;
}

export interface CombatTableResult {
  /** The harmonised table as CSV: the input's columns and row order, harmonised feature values. */
  csv: string;
  features: string[];
  batches: { name: string; n: number }[];
  covariates: string[];
  /** Features returned unchanged (all values equal inside a batch), as sva does. */
  unchanged_features: { feature: string; batches: string[] }[];
  /** Things the user should know (e.g. values sva's arithmetic turned into NaN). */
  warnings: string[];
  model: CombatModel;
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * ComBat of every feature column of a wide table (one row per sample). Features are all columns except
 * the id, batch, covariates, passthrough columns and y/split/foldid; a non-numeric one is an error naming
 * it. Cells whose value does not change (reference batch, zero-variance features, missing values) keep
 * their text; the others are written as the shortest decimal that reads back to the same double.
 */
export function combatTable(csv: string, options: CombatTableOptions): CombatTableResult {
  const t = readTable(csv);
  const roles = new Map<number, string>();
  const claim = (name: string, role: string) => {
    const k = columnIndex(t, name, role);
    const prev = roles.get(k);
    if (prev !== undefined && prev !== role)
      throw new FeatureTableError(`column "${name}" is named both as ${prev} and as ${role}`);
    if (prev === role) throw new FeatureTableError(`${role} column "${name}" is named twice`);
    roles.set(k, role);
    return k;
  };
  const batchCol = claim(options.batch, 'batch');
  const covCols = (options.covariates ?? []).map((c) => claim(c, 'covariate'));
  for (const p of options.passthrough ?? []) claim(p, 'passthrough');
  if (options.id !== undefined) claim(options.id, 'id');
  else if (t.header.includes('id') && !roles.has(t.header.indexOf('id'))) claim('id', 'id');
  for (const name of COMBAT_RESERVED_COLUMNS) {
    const k = t.header.indexOf(name);
    if (k >= 0 && !roles.has(k)) roles.set(k, name);
  }
  const idCol = [...roles].find(([, r]) => r === 'id')?.[0];
  const label = (r: CsvRecord) =>
    idCol === undefined ? `line ${r.line}` : `line ${r.line} (${r.cells[idCol].trim()})`;

  const batch = t.rows.map((r) => {
    const b = r.cells[batchCol].trim();
    if (!b) throw new FeatureTableError(`${label(r)}: empty batch "${options.batch}"`);
    return b;
  });
  const covariates = covCols.map((c) =>
    Float64Array.from(t.rows, (r, i) => {
      const v = numericCell(r.cells[c]);
      const name = t.header[c];
      if (v === null)
        throw new FeatureTableError(
          `${label(r)}: covariate "${name}" is "${r.cells[c].trim()}", not a number (covariates must be numeric)`,
        );
      if (Number.isNaN(v))
        throw new FeatureTableError(
          `${label(r)}: covariate "${name}" is missing (batch ${batch[i]}); ComBat needs every covariate value`,
        );
      if (!Number.isFinite(v)) throw new FeatureTableError(`${label(r)}: covariate "${name}" is infinite`);
      return v;
    }),
  );
  const featureCols = t.header.map((_, c) => c).filter((c) => !roles.has(c));
  if (featureCols.length === 0) throw new FeatureTableError('the table has no feature columns');
  const features = featureCols.map((c) =>
    Float64Array.from(t.rows, (r) => {
      const v = numericCell(r.cells[c]);
      if (v === null)
        throw new FeatureTableError(
          `column "${t.header[c]}" is not numeric (${label(r)}: "${r.cells[c].trim()}"); name it in --passthrough to keep it unchanged`,
        );
      if (!Number.isNaN(v) && !Number.isFinite(v))
        throw new FeatureTableError(`${label(r)}, column "${t.header[c]}": infinite value`);
      return v;
    }),
  );
  const names = featureCols.map((c) => t.header[c]);
  const { x, model } = combat(
    { features, batch, covariates, featureNames: names, covariateNames: covCols.map((c) => t.header[c]) },
    options,
  );

  const out: string[] = [t.header.map(csvCell).join(',')];
  const lostValues = new Map<string, number>();
  t.rows.forEach((r, j) => {
    const cells = r.cells.slice();
    featureCols.forEach((c, g) => {
      const v = x[g][j];
      if (Object.is(v, features[g][j])) return;
      if (!Number.isFinite(v)) {
        cells[c] = Number.isNaN(v) ? 'NaN' : String(v);
        if (Number.isFinite(features[g][j])) lostValues.set(names[g], (lostValues.get(names[g]) ?? 0) + 1);
      } else cells[c] = String(v);
    });
    out.push(cells.map(csvCell).join(','));
  });
  const warnings = [...lostValues].map(
    ([f, k]) => `feature "${f}": ${k} value(s) became NaN in ComBat's arithmetic (as in sva)`,
  );
  return {
    csv: `${out.join('\n')}\n`,
    features: names,
    batches: model.batches.map((name, i) => ({ name, n: model.batchSizes[i] })),
    covariates: covCols.map((c) => t.header[c]),
    unchanged_features: model.zeroVariance.map((z) => ({ feature: names[z.feature], batches: z.batches })),
    warnings,
    model,
  };
}
