/**
 * IBSI reference tables (the z-rad/MIRP CSVs under shared/data/ibsi1-*) and the IBSI pass rule, as pure
 * functions over the CSV text so tests, the benchmark and reports share them.
 *
 * Rule (MIRP's, from the IBSI lead author): round the computed value to 3 significant digits, then pass when
 * |rounded − reference| ≤ tolerance (+ a tiny epsilon). Where the reference itself carries more significant
 * digits (e.g. the voxel count 125256, the maximum 3065), we round to that many instead, so an exact count
 * is not failed by our own rounding.
 */
import type { FeatureValue } from './types';

export interface ReferenceRow {
  dataset: string;
  family: string;
  feature: string;
  consensus: string;
  /** Reference value as written (for its significant digits). */
  text: string;
  value: number;
  tolerance: number;
  tag: string;
}

export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let c = 0; c < line.length; c++) {
    const ch = line[c];
    if (quoted) {
      if (ch === '"' && line[c + 1] === '"') {
        field += '"';
        c++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Rows of a reference CSV (BOM stripped); rows without a value ('not standardized') are skipped. */
export function parseReferenceCsv(text: string): ReferenceRow[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = parseCsvLine(lines[0]);
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`reference CSV has no "${name}" column`);
    return i;
  };
  const [cDataset, cFamily, cFeature, cConsensus, cValue, cTol, cTag] = [
    'dataset',
    'family',
    'feature',
    'consensus',
    'reference value',
    'tolerance',
    'tag',
  ].map(col);
  const rows: ReferenceRow[] = [];
  for (const line of lines.slice(1)) {
    const c = parseCsvLine(line);
    if (c[cValue].trim() === '') continue;
    rows.push({
      dataset: c[cDataset],
      family: c[cFamily],
      feature: c[cFeature],
      consensus: c[cConsensus],
      text: c[cValue].trim(),
      value: Number(c[cValue]),
      tolerance: Number(c[cTol] || 0),
      tag: c[cTag],
    });
  }
  return rows;
}

/** Significant digits written in a decimal string (trailing zeros of an integer do not count). */
export function significantDigits(text: string): number {
  const mantissa = text.replace(/^[-+]/, '').split(/e/i)[0];
  let digits = mantissa.replace('.', '').replace(/^0+/, '');
  if (!mantissa.includes('.')) digits = digits.replace(/0+$/, '');
  return Math.max(1, digits.length);
}

export function roundSignificant(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(Math.min(21, digits)));
}

export interface RowResult {
  row: ReferenceRow;
  value: number | null;
  rounded: number | null;
  pass: boolean;
}

export function checkRow(row: ReferenceRow, value: number | undefined): RowResult {
  if (value === undefined || !Number.isFinite(value))
    return { row, value: value ?? null, rounded: null, pass: false };
  const rounded = roundSignificant(value, Math.max(3, significantDigits(row.text)));
  const eps = 1e-9 * Math.max(1, Math.abs(row.value));
  return { row, value, rounded, pass: Math.abs(rounded - row.value) <= row.tolerance + eps };
}

export function checkAgainstReference(rows: ReferenceRow[], features: FeatureValue[]): RowResult[] {
  const byTag = new Map(features.map((f) => [f.tag, f.value]));
  return rows.map((r) => checkRow(r, byTag.get(r.tag)));
}

/** Per-row CSV report: tag, family, feature, reference, tolerance, value, rounded, pass. */
export function reportCsv(results: RowResult[]): string {
  const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['tag,family,feature,reference,tolerance,value,rounded,pass'];
  for (const r of results)
    lines.push(
      [
        r.row.tag,
        q(r.row.family),
        q(r.row.feature),
        r.row.text,
        String(r.row.tolerance),
        r.value === null ? '' : String(r.value),
        r.rounded === null ? '' : String(r.rounded),
        r.pass ? 'pass' : 'FAIL',
      ].join(','),
    );
  return `${lines.join('\n')}\n`;
}

/** Markdown summary: pass count, per-family table, failing rows. */
export function reportMarkdown(name: string, results: RowResult[], seconds: number): string {
  const passed = results.filter((r) => r.pass).length;
  const byFamily = new Map<string, [number, number]>();
  for (const r of results) {
    const f = byFamily.get(r.row.family) ?? [0, 0];
    f[0] += r.pass ? 1 : 0;
    f[1]++;
    byFamily.set(r.row.family, f);
  }
  const lines = [
    `# IBSI check: ${name}`,
    '',
    `${passed} / ${results.length} rows pass (${((100 * passed) / results.length).toFixed(1)} %), extraction ${seconds.toFixed(1)} s.`,
    'Rule: value rounded to 3 significant digits (more if the reference has more), then |rounded − reference| ≤ tolerance.',
    '',
    '| family | pass | rows |',
    '|---|---|---|',
    ...[...byFamily].map(([f, [p, n]]) => `| ${f} | ${p} | ${n} |`),
    '',
    '## Failing rows',
    '',
    '| tag | reference | tolerance | value |',
    '|---|---|---|---|',
    ...results
      .filter((r) => !r.pass)
      .map((r) => `| ${r.row.tag} | ${r.row.text} | ${r.row.tolerance} | ${r.value ?? 'missing'} |`),
  ];
  return `${lines.join('\n')}\n`;
}
