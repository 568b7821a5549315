/**
 * RECIST 1.1 and mRECIST response from target-lesion diameters (the calculator behind the label dialog).
 *
 * RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009): per target lesion the longest diameter, for lymph nodes
 * the short axis. At each follow-up, with S = sum of diameters:
 * - PD: S ≥ 20% above the nadir (smallest sum on study, baseline included, up to the previous assessment)
 *   AND at least 5 mm above it; or any new lesion; or unequivocal progression of non-target lesions.
 * - CR: every non-nodal target has disappeared (0 mm) and every target node is < 10 mm short axis
 *   (with non-target lesions still present the overall response is PR, RECIST 1.1 table 1).
 * - PR: S at least 30% below the baseline sum.
 * - SD: otherwise.
 * mRECIST (Lencioni & Llovet, Semin Liver Dis 2010) uses the longest diameter of the viable (arterially
 * enhancing) part of each target: CR = no enhancement left in any target (all viable diameters 0; nodes
 * < 10 mm as above), PR = sum of viable diameters ≥ 30% below baseline, PD = ≥ 20% above the nadir of
 * viable sums (no 5 mm rule) or a new lesion or non-target progression.
 * Boundaries are inclusive ("at least") with a 1e-9 tolerance, so 30.0% computed from 0.1 mm readings
 * counts as 30%.
 */
import { z } from 'zod';
import { binaryOutcome, type ResponseCategory } from './outcome';
import { nameProblem, ownValue } from '../names';

export type ResponseCriteria = 'recist' | 'mrecist';

export interface TargetLesion {
  id: string;
  /** A lymph node: measured on its short axis; normal (CR-compatible) below 10 mm. */
  node: boolean;
}

export interface LesionAssessment {
  /** Name of the timepoint shown in explanations ("baseline", "week 12", a date). */
  label: string;
  /** Diameter (mm) of each target lesion by id: longest (RECIST), short axis (nodes), viable longest (mRECIST); 0 = gone. */
  diameters: Record<string, number>;
  /** A new lesion was found. */
  newLesions?: boolean;
  /** Unequivocal progression of non-target lesions. */
  nonTargetProgression?: boolean;
  /** Non-target lesions are still present (a target CR is then an overall PR). */
  nonTargetsPresent?: boolean;
}

export interface ResponseInput {
  criteria: ResponseCriteria;
  lesions: TargetLesion[];
  baseline: LesionAssessment;
  /** Follow-up assessments in chronological order. */
  followUps: LesionAssessment[];
}

export interface TimepointResponse {
  label: string;
  category: ResponseCategory;
  /** 1 for CR/PR (the study's effective response), 0 for SD/PD. */
  outcome: 0 | 1;
  sumMm: number;
  baselineSumMm: number;
  /** Smallest sum before this assessment (baseline included) and where it was measured. */
  nadirSumMm: number;
  nadirLabel: string;
  changeFromBaselineMm: number;
  /** Percent change from baseline (negative = shrinkage). */
  changeFromBaselinePct: number;
  changeFromNadirMm: number;
  /** Percent change from the nadir; null when the nadir is 0 mm. */
  changeFromNadirPct: number | null;
  newLesions: boolean;
  nonTargetProgression: boolean;
  /** Why: the figures and the rule that decided, e.g. "sum 42 mm, −31.1% from baseline 61 mm → PR". */
  explanation: string;
}

export interface ResponseResult {
  criteria: ResponseCriteria;
  baselineSumMm: number;
  timepoints: TimepointResponse[];
  /** The response at the last follow-up. */
  latest: TimepointResponse;
  /** Measurability remarks (e.g. a baseline target below 10 mm); they do not change the result. */
  warnings: string[];
}

/** Schema of ResponseInput for validating calculator input at a process boundary (IPC, files). */
export const ResponseInputSchema = z.object({
  criteria: z.enum(['recist', 'mrecist']),
  lesions: z.array(z.object({ id: z.string().min(1), node: z.boolean() })).min(1),
  baseline: z.object({
    label: z.string(),
    diameters: z.record(z.string(), z.number().finite().nonnegative()),
    newLesions: z.boolean().optional(),
    nonTargetProgression: z.boolean().optional(),
    nonTargetsPresent: z.boolean().optional(),
  }),
  followUps: z
    .array(
      z.object({
        label: z.string(),
        diameters: z.record(z.string(), z.number().finite().nonnegative()),
        newLesions: z.boolean().optional(),
        nonTargetProgression: z.boolean().optional(),
        nonTargetsPresent: z.boolean().optional(),
      }),
    )
    .min(1),
}) satisfies z.ZodType<ResponseInput>;

const EPS = 1e-9;

/** "42", "42.5": at most one decimal, no trailing ".0". */
function mm(x: number): string {
  return `${Number(x.toFixed(1))}`;
}

/** Signed with a true minus sign: "+20.0%", "−31.1%". */
function signedPct(x: number): string {
  const s = Math.abs(x).toFixed(1);
  return x < 0 && Number(s) !== 0 ? `−${s}%` : `+${s}%`;
}

function signedMm(x: number): string {
  return x < 0 && Number(x.toFixed(1)) !== 0 ? `−${mm(Math.abs(x))} mm` : `+${mm(Math.abs(x))} mm`;
}

function checkLesions(lesions: TargetLesion[]): void {
  if (lesions.length === 0)
    throw new Error('no target lesions: RECIST needs at least one measured target lesion');
  const seen = new Set<string>();
  for (const l of lesions) {
    if (!l.id) throw new Error('a target lesion has no id');
    const problem = nameProblem(l.id);
    if (problem) throw new Error(`target lesion "${l.id}": ${problem}`);
    if (seen.has(l.id)) throw new Error(`target lesion "${l.id}" is listed twice`);
    seen.add(l.id);
  }
}

/** Sum of the target diameters at one timepoint; throws naming a missing, unknown or invalid measurement. */
function sumOfDiameters(lesions: TargetLesion[], a: LesionAssessment): number {
  const known = new Set(lesions.map((l) => l.id));
  for (const id of Object.keys(a.diameters)) {
    if (!known.has(id))
      throw new Error(`${a.label}: diameter given for "${id}", which is not a target lesion`);
  }
  let sum = 0;
  for (const l of lesions) {
    const d = ownValue(a.diameters, l.id);
    if (d === undefined || d === null)
      throw new Error(
        `${a.label}: missing measurement for target lesion "${l.id}" (enter 0 if it has disappeared)`,
      );
    if (typeof d !== 'number' || !Number.isFinite(d) || d < 0)
      throw new Error(`${a.label}: diameter of "${l.id}" must be a number of mm ≥ 0, got ${String(d)}`);
    sum += d;
  }
  return sum;
}

/** True when every target is gone: non-nodal at 0 mm, nodes below 10 mm short axis. */
function allTargetsResolved(lesions: TargetLesion[], a: LesionAssessment): boolean {
  return lesions.every((l) => {
    const d = ownValue(a.diameters, l.id) ?? NaN;
    return l.node ? d < 10 - EPS : d <= EPS;
  });
}

/** Response at every follow-up under RECIST 1.1 or mRECIST. */
export function assessResponse(input: ResponseInput): ResponseResult {
  const { criteria, lesions, baseline, followUps } = input;
  if (criteria !== 'recist' && criteria !== 'mrecist')
    throw new Error(`unknown response criteria "${String(criteria)}" (recist or mrecist)`);
  checkLesions(lesions);
  if (followUps.length === 0)
    throw new Error('no follow-up assessment: a response needs baseline and at least one follow-up');
  const warnings: string[] = [];
  const baselineSum = sumOfDiameters(lesions, baseline);
  for (const l of lesions) {
    const d = ownValue(baseline.diameters, l.id) ?? NaN;
    if (d <= 0)
      throw new Error(
        `${baseline.label}: target lesion "${l.id}" measures 0 mm; a target lesion must be measurable at baseline`,
      );
    if (criteria === 'recist' && (l.node ? d < 15 : d < 10)) {
      warnings.push(
        `${baseline.label}: "${l.id}" is ${mm(d)} mm, below the RECIST 1.1 minimum for a measurable ${l.node ? 'node (15 mm short axis)' : 'lesion (10 mm)'}`,
      );
    }
  }
  const sumName = criteria === 'mrecist' ? 'viable sum' : 'sum';
  let nadir = baselineSum;
  let nadirLabel = baseline.label;
  const timepoints: TimepointResponse[] = [];
  for (const a of followUps) {
    const sum = sumOfDiameters(lesions, a);
    const fromBaselineMm = sum - baselineSum;
    const fromBaselinePct = (100 * fromBaselineMm) / baselineSum;
    const fromNadirMm = sum - nadir;
    const fromNadirPct = nadir > 0 ? (100 * fromNadirMm) / nadir : null;
    const newLesions = a.newLesions === true;
    const nonTargetProgression = a.nonTargetProgression === true;
    // Growth over the nadir: ≥ 20% (and, for RECIST 1.1, ≥ 5 mm). From a nadir of 0 any growth is infinite in %.
    const grew20 = nadir > 0 ? sum >= 1.2 * nadir - EPS : sum > EPS;
    const grew5mm = fromNadirMm >= 5 - EPS;
    const sumProgression = criteria === 'recist' ? grew20 && grew5mm : grew20;
    const figures = `${sumName} ${mm(sum)} mm, ${signedPct(fromBaselinePct)} from baseline ${mm(baselineSum)} mm`;
    const nadirFigures = `${sumName} ${mm(sum)} mm, ${fromNadirPct === null ? '' : `${signedPct(fromNadirPct)}, `}${signedMm(fromNadirMm)} from nadir ${mm(nadir)} mm (${nadirLabel})`;
    let category: ResponseCategory;
    let explanation: string;
    if (newLesions || nonTargetProgression || sumProgression) {
      category = 'PD';
      const reasons: string[] = [];
      if (newLesions) reasons.push('new lesion');
      if (nonTargetProgression) reasons.push('unequivocal non-target progression');
      if (sumProgression) reasons.push(nadirFigures);
      explanation = `${reasons.join('; ')} → PD`;
    } else if (allTargetsResolved(lesions, a)) {
      const what =
        criteria === 'mrecist'
          ? 'no viable (enhancing) tumour in any target'
          : lesions.some((l) => l.node)
            ? 'all non-nodal targets gone and every target node < 10 mm'
            : 'all targets gone';
      if (a.nonTargetsPresent) {
        category = 'PR';
        explanation = `${what}, but non-target lesions persist (${figures}) → PR`;
      } else {
        category = 'CR';
        explanation = `${what} (${figures}) → CR`;
      }
    } else if (sum <= 0.7 * baselineSum + EPS) {
      category = 'PR';
      explanation = `${figures} → PR`;
    } else {
      category = 'SD';
      const why =
        grew20 && !grew5mm
          ? ` (${signedPct(fromNadirPct ?? Infinity)} from nadir ${mm(nadir)} mm but only ${signedMm(fromNadirMm)}, under the 5 mm minimum)`
          : '';
      explanation = `${figures}${why} → SD`;
    }
    timepoints.push({
      label: a.label,
      category,
      outcome: binaryOutcome(category),
      sumMm: sum,
      baselineSumMm: baselineSum,
      nadirSumMm: nadir,
      nadirLabel,
      changeFromBaselineMm: fromBaselineMm,
      changeFromBaselinePct: fromBaselinePct,
      changeFromNadirMm: fromNadirMm,
      changeFromNadirPct: fromNadirPct,
      newLesions,
      nonTargetProgression,
      explanation,
    });
    if (sum < nadir) {
      nadir = sum;
      nadirLabel = a.label;
    }
  }
  return {
    criteria,
    baselineSumMm: baselineSum,
    timepoints,
    latest: timepoints[timepoints.length - 1],
    warnings,
  };
}
