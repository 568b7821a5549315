/**
 * From the calculator's form to a response category. Parses the typed diameters (naming a bad field),
 * then applies RECIST 1.1 (Eisenhauer 2009) or mRECIST (Lencioni & Llovet 2010) to the target lesions:
 *   CR: every non-nodal target gone (0 mm) and every nodal target < 10 mm short axis, no new lesion;
 *   PD: a new lesion, or sum ≥ 20 % above the nadir (RECIST 1.1 also: ≥ 5 mm absolute);
 *   PR: sum ≥ 30 % below baseline;  SD: otherwise.
 * mRECIST measures the viable (arterially enhancing) part of each target; the thresholds are the same and
 * its PD rule has no 5 mm floor.
 * TODO(shared core): when shared/response/recist.ts lands, `classify` below delegates to it.
 */
import type { ResponseCategory } from '../../../shared/api';

export interface LesionRow {
  name: string;
  /** Lymph node: measured by short axis; < 10 mm counts as normal. */
  node: boolean;
  baseline: string;
  followUp: string;
}

export interface Figures {
  baselineSum: number;
  followUpSum: number;
  /** Smallest sum on study: the typed nadir when lower than baseline, else the baseline sum. */
  nadirSum: number;
  percentFromBaseline: number | null;
  percentFromNadir: number | null;
  absoluteFromNadir: number;
}

export type Assessment =
  | { ok: true; category: ResponseCategory; explanation: string; figures: Figures; record: Record<string, unknown> }
  | { ok: false; problem: string };

interface Lesion {
  name: string;
  node: boolean;
  baseline: number;
  followUp: number;
}

function parseMm(text: string, what: string): number | string {
  const t = text.trim();
  if (t === '') return `${what} is empty`;
  const v = Number(t);
  if (!Number.isFinite(v) || v < 0) return `${what} must be a non-negative number of mm, got "${t}"`;
  return v;
}

const round = (v: number) => Math.round(v * 100) / 100;
const percent = (from: number, to: number) => (from > 0 ? round(((to - from) / from) * 100) : null);

/** The category and figures for parsed lesions (the rule; see the file comment). */
export function classify(mode: 'recist' | 'mrecist', lesions: Lesion[], nadirInput: number | null, newLesions: boolean): Omit<Extract<Assessment, { ok: true }>, 'ok' | 'record'> {
  const baselineSum = lesions.reduce((s, l) => s + l.baseline, 0);
  const followUpSum = lesions.reduce((s, l) => s + l.followUp, 0);
  const nadirSum = nadirInput !== null && nadirInput < baselineSum ? nadirInput : baselineSum;
  const figures: Figures = {
    baselineSum: round(baselineSum),
    followUpSum: round(followUpSum),
    nadirSum: round(nadirSum),
    percentFromBaseline: percent(baselineSum, followUpSum),
    percentFromNadir: percent(nadirSum, followUpSum),
    absoluteFromNadir: round(followUpSum - nadirSum),
  };
  const pctNadir = figures.percentFromNadir;
  const grew = nadirSum > 0 ? followUpSum - nadirSum >= 0.2 * nadirSum : followUpSum > 0;
  const growthIsPd = grew && (mode === 'mrecist' || followUpSum - nadirSum >= 5);
  if (newLesions) return { category: 'PD', explanation: 'PD: new lesion(s) appeared.', figures };
  if (growthIsPd)
    return {
      category: 'PD',
      explanation: `PD: the sum rose ${pctNadir === null ? '' : `${pctNadir} % `}(${figures.absoluteFromNadir} mm) above the nadir of ${figures.nadirSum} mm${mode === 'recist' ? ' (≥ 20 % and ≥ 5 mm)' : ' (≥ 20 %)'}.`,
      figures,
    };
  const gone = lesions.every((l) => (l.node ? l.followUp < 10 : l.followUp === 0));
  if (gone)
    return {
      category: 'CR',
      explanation: mode === 'mrecist' ? 'CR: no viable (enhancing) tumour left in any target; nodes < 10 mm.' : 'CR: all target lesions gone; lymph nodes < 10 mm short axis.',
      figures,
    };
  const pctBase = figures.percentFromBaseline;
  if (pctBase !== null && pctBase <= -30) return { category: 'PR', explanation: `PR: the sum fell ${-pctBase} % from baseline (≥ 30 %).`, figures };
  return {
    category: 'SD',
    explanation: `SD: ${pctBase === null ? 'no baseline sum' : `${pctBase} % from baseline`} — neither a 30 % decrease nor a 20 % increase over the nadir.`,
    figures,
  };
}

/** Parses the form and classifies; a problem names the first field that cannot be used. */
export function assessLesions(mode: 'recist' | 'mrecist', rows: LesionRow[], nadirText: string, newLesions: boolean): Assessment {
  const lesions: Lesion[] = [];
  for (const [n, r] of rows.entries()) {
    const label = r.name.trim() || `lesion ${n + 1}`;
    const baseline = parseMm(r.baseline, `${label}: baseline`);
    const followUp = parseMm(r.followUp, `${label}: follow-up`);
    if (typeof baseline === 'string') return { ok: false, problem: `Type the diameters — ${baseline}.` };
    if (typeof followUp === 'string') return { ok: false, problem: `Type the diameters — ${followUp}.` };
    if (!r.node && baseline < 10) return { ok: false, problem: `${label}: a measurable target lesion is ≥ 10 mm at baseline (got ${baseline} mm).` };
    if (r.node && baseline < 15) return { ok: false, problem: `${label}: a target lymph node is ≥ 15 mm short axis at baseline (got ${baseline} mm).` };
    lesions.push({ name: label, node: r.node, baseline, followUp });
  }
  if (lesions.length === 0) return { ok: false, problem: 'Add at least one target lesion.' };
  if (lesions.length > 5) return { ok: false, problem: 'At most 5 target lesions.' };
  let nadir: number | null = null;
  if (nadirText.trim() !== '') {
    const v = parseMm(nadirText, 'nadir sum');
    if (typeof v === 'string') return { ok: false, problem: v };
    nadir = v;
  }
  const result = classify(mode, lesions, nadir, newLesions);
  return {
    ok: true,
    ...result,
    record: { method: mode === 'mrecist' ? 'mRECIST' : 'RECIST 1.1', lesions, newLesions, ...result.figures, explanation: result.explanation },
  };
}
