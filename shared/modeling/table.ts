/**
 * The feature table the modelling pipeline consumes (`id, y, split, foldid, features…`), and a strict
 * CSV reader for it. Missing values (`NA` or empty) become NaN; anything else non-numeric is an error
 * naming the row and column. Columns named as clinical variables are read apart (numbers or text, never
 * features) for the clinical Table 1.
 */
import { nameProblem } from '../names';

export type SplitLabel = 'train' | 'validation';

/** A clinical variable's value (null = missing). */
export type ClinicalValue = string | number | null;

/** A clinical variable: numbers when every present value is a number, otherwise the cells' text. */
export interface ClinicalColumn {
  name: string;
  values: ClinicalValue[];
}

export interface FeatureTable {
  ids: string[];
  /** Outcome 0/1 per row. */
  y: number[];
  /** Given split per row, or null when the table has none (the pipeline draws one). */
  split: SplitLabel[] | null;
  /** Given fold per row (training rows; null on validation rows), or null when the table has none. */
  foldid: (number | null)[] | null;
  features: string[];
  /** One column per feature, NaN = missing. */
  columns: Float64Array[];
  /** Clinical variables (not features), when the table names some. */
  clinical?: ClinicalColumn[];
}

export interface TableColumns {
  id?: string;
  outcome?: string;
  /** Column holding train/validation; `undefined` = use "split" if present. */
  split?: string;
  /** Column holding fold numbers 1..K; `undefined` = use "foldid" if present. */
  foldid?: string;
  /** Columns holding clinical variables (read as numbers or text; never features). */
  clinical?: string[];
}

export class TableError extends Error {}

const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'null']);

function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Parses a decimal number strictly (no trailing garbage, no hex); NaN for a missing marker. */
function parseCell(raw: string): number | null {
  const s = raw.trim();
  if (MISSING.has(s)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && !/^[+-]?Inf$/.test(s)) return null;
  if (s.endsWith('Inf')) return s.startsWith('-') ? -Infinity : Infinity;
  return Number(s);
}

export function parseFeatureTable(text: string, cols: TableColumns = {}): FeatureTable {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new TableError('the table has no data rows');
  const header = splitCsvLine(lines[0]).map((h) => h.trim());
  if (header.length === 1) {
    const other = [';', '\t'].find((sep) => lines[0].includes(sep));
    if (other)
      throw new TableError(
        `this file uses '${other === '\t' ? '\\t' : other}' as a separator; the feature table must be comma-separated`,
      );
  }
  const idName = cols.id ?? 'id';
  const yName = cols.outcome ?? 'y';
  const find = (name: string, required: boolean): number => {
    const k = header.indexOf(name);
    if (k < 0 && required)
      throw new TableError(
        `column "${name}" not found (columns: ${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''})`,
      );
    return k;
  };
  const idCol = find(idName, true);
  const yCol = find(yName, true);
  const splitCol = find(cols.split ?? 'split', cols.split !== undefined);
  const foldCol = find(cols.foldid ?? 'foldid', cols.foldid !== undefined);
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup) throw new TableError(`column "${dup}" appears twice`);
  const unusable = header.find((h) => nameProblem(h));
  if (unusable !== undefined) throw new TableError(`column "${unusable}": ${nameProblem(unusable)}`);
  const clinicalNames = cols.clinical ?? [];
  const clinicalIdx = clinicalNames.map((name) => {
    const k = find(name, true);
    if ([idCol, yCol, splitCol, foldCol].includes(k))
      throw new TableError(
        `column "${name}" is the id, outcome, split or fold column, not a clinical variable`,
      );
    return k;
  });
  const dupClinical = clinicalNames.find((c, i) => clinicalNames.indexOf(c) !== i);
  if (dupClinical) throw new TableError(`clinical variable "${dupClinical}" is named twice`);
  const special = new Set([idCol, yCol, splitCol, foldCol, ...clinicalIdx]);
  const featureIdx = header.map((_, i) => i).filter((i) => !special.has(i));
  if (featureIdx.length === 0) throw new TableError('the table has no feature columns');
  const nRows = lines.length - 1;
  const columns = featureIdx.map(() => new Float64Array(nRows));
  const ids: string[] = [];
  const y: number[] = [];
  const split: SplitLabel[] = [];
  const foldid: (number | null)[] = [];
  const clinicalCells = clinicalIdx.map(() => new Array<string | null>(nRows));
  for (let r = 0; r < nRows; r++) {
    const cells = splitCsvLine(lines[r + 1]);
    const lineNo = r + 2;
    if (cells.length !== header.length)
      throw new TableError(`line ${lineNo}: ${cells.length} cells, the header has ${header.length}`);
    const id = cells[idCol].trim();
    if (!id) throw new TableError(`line ${lineNo}: empty ${idName}`);
    ids.push(id);
    const yv = cells[yCol].trim();
    if (yv !== '0' && yv !== '1')
      throw new TableError(`line ${lineNo} (${id}): outcome "${yName}" must be 0 or 1, got "${yv}"`);
    y.push(Number(yv));
    if (splitCol >= 0) {
      const s = cells[splitCol].trim();
      if (s !== 'train' && s !== 'validation')
        throw new TableError(`line ${lineNo} (${id}): split must be "train" or "validation", got "${s}"`);
      split.push(s);
    }
    if (foldCol >= 0) {
      const f = cells[foldCol].trim();
      if (MISSING.has(f)) foldid.push(null);
      else {
        const v = Number(f);
        if (!Number.isInteger(v) || v < 1)
          throw new TableError(`line ${lineNo} (${id}): fold "${f}" is not a positive integer`);
        foldid.push(v);
      }
    }
    clinicalIdx.forEach((c, k) => {
      const v = cells[c].trim();
      clinicalCells[k][r] = MISSING.has(v) ? null : v;
    });
    featureIdx.forEach((c, k) => {
      const v = parseCell(cells[c]);
      if (v === null)
        throw new TableError(
          `line ${lineNo} (${id}), column "${header[c]}": "${cells[c].trim()}" is not a number`,
        );
      if (!Number.isNaN(v) && !Number.isFinite(v))
        throw new TableError(`line ${lineNo} (${id}), column "${header[c]}": infinite value`);
      columns[k][r] = v;
    });
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new TableError(`id "${id}" appears twice`);
    seen.add(id);
  }
  const table: FeatureTable = {
    ids,
    y,
    split: splitCol >= 0 ? split : null,
    foldid: foldCol >= 0 ? foldid : null,
    features: featureIdx.map((i) => header[i]),
    columns,
  };
  if (clinicalNames.length)
    table.clinical = clinicalNames.map((name, k) => ({ name, values: clinicalValues(clinicalCells[k]) }));
  return table;
}

/** Numbers when every present cell is a finite decimal number, else the cells' text. */
function clinicalValues(cells: (string | null)[]): ClinicalValue[] {
  const numbers = cells.map((c) => (c === null ? null : parseCell(c)));
  const numeric = numbers.every((v, i) => cells[i] === null || (v !== null && Number.isFinite(v)));
  return numeric ? numbers : cells;
}
