/**
 * RECIST 1.1 and mRECIST response from target-lesion diameters: the one calculator behind the label form
 * AND the server's check of a label (main/services/labels.ts runs it again on the stored measurements).
 *
 * Sources, cited per rule in RULE_TEXT and in the table-driven tests (recist.cases.ts):
 * - Eisenhauer et al., "New response evaluation criteria in solid tumours: revised RECIST guideline
 *   (version 1.1)", Eur J Cancer 2009;45:228–247 — sections cited as "RECIST 1.1 §…".
 * - The RECIST working group's questions and answers (recist.eortc.org, "Questions and clarifications"),
 *   cited by the title of the item ("Q&A: …").
 * - Lencioni & Llovet, "Modified RECIST (mRECIST) assessment for hepatocellular carcinoma", Semin Liver
 *   Dis 2010;30:52–60.
 *
 * Per follow-up (time point), with S = sum of the target diameters (longest; lymph nodes: short axis;
 * mRECIST: longest diameter of the viable, arterially enhancing part), in this order:
 * 1. PD once progression has been documented (RECIST 1.1 §4.4.3: response is assessed until progression).
 * 2. PD for a new lesion (§4.3.5) or unequivocal non-target progression (§4.3.3, Table 1).
 * 3. PD when the previous evaluated time point was an overall CR and a malignant lesion reappears: a
 *    non-nodal target above 0 mm, a target node at or above the node limit, non-target lesions present
 *    again (Q&A "Does a new lesion always result in PD?", "Abnormal lymph node").
 * 4. PD when S is ≥ 20 % above the nadir AND (RECIST 1.1 only) ≥ 5 mm above it (§4.3.1); mRECIST has no
 *    5 mm clause. The nadir is the smallest complete sum so far, baseline included. A sum made only of
 *    normal-size nodes is not progression (§4.3.2: at CR the sum of target nodes need not be zero).
 * 5. With a target not measured: PD when the measured targets alone reach the progression threshold
 *    (§4.4.2: "baseline 50 mm … two lesions … 80 mm … PD regardless of the missing lesion"), else NE.
 * 6. Target CR (non-nodal targets 0 mm, every target node below the node limit) → CR with non-targets
 *    absent, PR with non-targets present or not evaluated (Table 1).
 * 7. PR when S ≤ 70 % of the baseline sum (§4.3.1).
 * 8. Otherwise SD — or PR when a PR was confirmed earlier: a confirmed PR continues until the criteria
 *    for PD are met (Q&A "The definition of SD: a clarification", "Managing PR when TP measurements change
 *    slightly over time": 100 → 70 → 70 → 80 is PR, PR, PR).
 * A response (PR or CR) is confirmed by a later time point that is again PR or CR with no SD or PD in
 * between, at least 4 weeks (28 days) later when both dates are known (§4.6.1). Without dates the interval
 * cannot be checked: the repeat assessment counts, with a warning.
 *
 * The label is either the response at the last follow-up (the source study's rule) or the best overall
 * response with confirmation (§4.4.3, Table 3): CR or PR only when confirmed, an unconfirmed response
 * counts as SD, SD only when met at least `minStableDiseaseDays` after baseline (§4.6.3: "in general not
 * less than 6–8 weeks"; default 42 days), else PD if progression followed, else NE.
 *
 * Node limits: RECIST 1.1 §3.1 — a target node needs ≥ 15 mm short axis at baseline and is normal below
 * 10 mm. mRECIST — porta hepatis nodes count as malignant only from 20 mm short axis; that limit is used
 * for both (a target ≥ 20 mm, normal below 20 mm); a node marked `portaHepatis: false` follows RECIST 1.1.
 * NOT VERIFIED against the mRECIST paper's own wording here (only secondary text was reachable: "malignant
 * involvement would not be declared until growth beyond 2 cm", from the AASLD–JNCI guideline that
 * mRECIST formalises).
 *
 * Target selection (§4.2, Q&A "Paired organs"): at most 5 targets and 2 per organ; all lymph nodes are one
 * organ, and so are both lungs, both kidneys, both ovaries (left/right words are ignored). Below-size
 * targets at baseline (< 10 mm; nodes below their limit; mRECIST: not arterially enhancing) are not
 * measurable. Each breach is refused unless the input is marked `nonStandard`; then a 6th target, a 3rd in
 * an organ and below-size targets are accepted and listed in `nonStandard`. A 7th target (or a 4th in one
 * organ) is refused even then: the override covers one lesion over a limit, not a different protocol.
 *
 * Comparisons are inclusive ("at least") with a 1e-9 tolerance, so 30.0 % computed from 0.1 mm readings
 * counts as 30 %. Explanations show as many decimals as it takes for every figure to fall on the same side
 * of its threshold as the exact value (never "sum 70 mm, −30.0 % → SD" for 70.04 mm).
 */
import { z } from 'zod';
import { outcomeOf, type AssessedResponse } from './outcome';
import { nameProblem, ownValue } from '../names';

export type ResponseCriteria = 'recist' | 'mrecist';

/** Non-target lesions at a follow-up (Table 1): absent (CR), present (non-CR/non-PD), not evaluated, PD. */
export const NON_TARGET_STATUSES = ['absent', 'present', 'not-evaluated', 'progression'] as const;
export type NonTargetStatus = (typeof NON_TARGET_STATUSES)[number];

/** Which response a label holds: at the last follow-up, or the best overall response with confirmation. */
export const RESPONSE_DEFINITIONS = ['last-follow-up', 'best-overall-confirmed'] as const;
export type ResponseDefinition = (typeof RESPONSE_DEFINITIONS)[number];

export const DEFINITION_TEXT: Record<ResponseDefinition, string> = {
  'last-follow-up': 'response at the last follow-up',
  'best-overall-confirmed': 'best overall response, CR/PR confirmed ≥ 4 weeks later (RECIST 1.1 §4.4.3)',
};

export const MAX_TARGETS = 5;
export const MAX_TARGETS_PER_ORGAN = 2;
/** §4.6.1: a response is confirmed by a repeat assessment no less than 4 weeks later. */
export const CONFIRMATION_DAYS = 28;
/** §4.6.3: SD must be met at a minimum interval after baseline, "in general not less than 6–8 weeks". */
export const DEFAULT_MIN_STABLE_DAYS = 42;

export interface TargetLesion {
  id: string;
  /** A lymph node: measured on its short axis. */
  node: boolean;
  /** Organ, for the 2-per-organ limit; every lymph node counts as the organ "lymph nodes". */
  organ?: string;
  /** mRECIST: the lesion enhances in the arterial phase at baseline (a target must). */
  arterialEnhancement?: boolean;
  /** mRECIST, nodes: at the porta hepatis (malignant from 20 mm short axis). Default true under mRECIST. */
  portaHepatis?: boolean;
}

export interface LesionAssessment {
  /** Name of the timepoint shown in explanations ("baseline", "week 12", a date). */
  label: string;
  /** Date of the scan, YYYY-MM-DD: needed to check the 4-week confirmation and the SD interval. */
  date?: string;
  /** Diameter (mm) of each target by id; 0 = gone; null or absent = not measured at this timepoint. */
  diameters: Record<string, number | null>;
  /** A new lesion was found (unequivocal). */
  newLesions?: boolean;
  /** Non-target lesions at this timepoint (default: absent, i.e. none or all gone). */
  nonTargets?: NonTargetStatus;
  /** Older form of nonTargets: 'progression'. */
  nonTargetProgression?: boolean;
  /** Older form of nonTargets: 'present'. */
  nonTargetsPresent?: boolean;
}

export interface ResponseInput {
  criteria: ResponseCriteria;
  lesions: TargetLesion[];
  baseline: LesionAssessment;
  /** Follow-up assessments in chronological order. */
  followUps: LesionAssessment[];
  /** Which response the label holds (default: at the last follow-up, the source study's rule). */
  definition?: ResponseDefinition;
  /** The reader insists on targets outside the §4.2 limits or below measurable size: accept and list them. */
  nonStandard?: boolean;
  /** Minimum interval from baseline for SD as a best overall response, days (protocol; default 42). */
  minStableDiseaseDays?: number;
}

export type TimepointRule =
  | 'new-lesion'
  | 'non-target-progression'
  | 'reappearance-after-cr'
  | 'sum-progression'
  | 'progression-with-missing'
  | 'after-progression'
  | 'not-evaluable'
  | 'complete-response'
  | 'cr-non-target-present'
  | 'cr-non-target-not-evaluated'
  | 'partial-response'
  | 'continuing-pr'
  | 'stable-disease';
export type BestResponseRule =
  'bor-confirmed-cr' | 'bor-confirmed-pr' | 'bor-stable' | 'bor-progression' | 'bor-not-evaluable';
export type RuleId = TimepointRule | BestResponseRule;

/** Where each rule comes from, as shown with a label. */
export function ruleText(id: RuleId, criteria: ResponseCriteria): string {
  const m = criteria === 'mrecist';
  switch (id) {
    case 'new-lesion':
      return 'RECIST 1.1 §4.3.5 and Table 1: a new lesion is progression';
    case 'non-target-progression':
      return 'RECIST 1.1 §4.3.3 and Table 1: unequivocal progression of non-target lesions is progression';
    case 'reappearance-after-cr':
      return 'RECIST Q&A "Does a new lesion always result in PD?": after an overall CR the reappearance of any malignant lesion is PD (a node reappears at or above the node limit, Q&A "Abnormal lymph node")';
    case 'sum-progression':
      return m
        ? 'mRECIST (Lencioni & Llovet 2010): sum of viable diameters ≥ 20 % above the nadir'
        : 'RECIST 1.1 §4.3.1: sum ≥ 20 % and ≥ 5 mm above the nadir';
    case 'progression-with-missing':
      return 'RECIST 1.1 §4.4.2: the measured targets alone reach the progression threshold, so the missing ones cannot change it';
    case 'after-progression':
      return 'once PD is documented later time points stay PD: RECIST 1.1 §4.4.3 records the best response until progression (re-assessing after PD is iRECIST, not RECIST 1.1)';
    case 'not-evaluable':
      return 'RECIST 1.1 §4.4.2 and Table 1: a target not measured makes the time point not evaluable (NE)';
    case 'complete-response':
      return m
        ? 'mRECIST: no intratumoral arterial enhancement in any target, non-targets gone, no new lesion'
        : 'RECIST 1.1 §4.3.1 and Table 1: all targets gone (nodes < 10 mm), non-targets gone, no new lesion';
    case 'cr-non-target-present':
      return 'RECIST 1.1 Table 1: target CR with non-target lesions present (non-CR/non-PD) is PR';
    case 'cr-non-target-not-evaluated':
      return 'RECIST 1.1 Table 1: target CR with non-target lesions not evaluated is PR';
    case 'partial-response':
      return m
        ? 'mRECIST: sum of viable diameters ≥ 30 % below baseline'
        : 'RECIST 1.1 §4.3.1: sum ≥ 30 % below the baseline sum';
    case 'continuing-pr':
      return 'RECIST Q&A "The definition of SD: a clarification" and "Managing PR when TP measurements change slightly over time": a confirmed PR continues until the criteria for PD are met';
    case 'stable-disease':
      return 'RECIST 1.1 §4.3.1 (SD as clarified in the Q&A): neither 30 % below baseline nor progression over the nadir';
    case 'bor-confirmed-cr':
      return 'RECIST 1.1 §4.4.3 Table 3 and §4.6.1: CR confirmed by a CR at least 4 weeks later';
    case 'bor-confirmed-pr':
      return 'RECIST 1.1 §4.4.3 Table 3 and §4.6.1: PR (or CR) confirmed by a PR or CR at least 4 weeks later';
    case 'bor-stable':
      return 'RECIST 1.1 §4.4.3 Table 3 and §4.6.3: no confirmed response; SD (or an unconfirmed response) met after the minimum interval';
    case 'bor-progression':
      return 'RECIST 1.1 §4.4.3 Table 3: no SD after the minimum interval before progression';
    case 'bor-not-evaluable':
      return 'RECIST 1.1 §4.4.3 Table 3: no response, no SD after the minimum interval and no progression';
  }
}

export interface TimepointDisplay {
  /** "70.04 mm": as many decimals as the decision needs. */
  sum: string;
  baselineSum: string;
  nadirSum: string;
  changeFromBaselinePct: string;
  changeFromBaselineMm: string;
  changeFromNadirPct: string | null;
  changeFromNadirMm: string;
}

export interface TimepointResponse {
  label: string;
  date: string | null;
  category: AssessedResponse;
  /** 1 for CR/PR (the study's effective response), 0 for SD/PD, null for NE. */
  outcome: 0 | 1 | null;
  rule: TimepointRule;
  ruleText: string;
  /** Every target measured at this timepoint; if not, sums and changes are of the measured ones. */
  complete: boolean;
  /** Targets not measured at this timepoint. */
  missing: string[];
  /** Sum of the (measured) target diameters. */
  sumMm: number;
  baselineSumMm: number;
  /** Smallest complete sum before this assessment (baseline included) and where it was measured. */
  nadirSumMm: number;
  nadirLabel: string;
  changeFromBaselineMm: number;
  /** Percent change from baseline (negative = shrinkage). */
  changeFromBaselinePct: number;
  changeFromNadirMm: number;
  /** Percent change from the nadir; null when the nadir is 0 mm. */
  changeFromNadirPct: number | null;
  newLesions: boolean;
  nonTargets: NonTargetStatus;
  /** Kept for older readers: nonTargets === 'progression'. */
  nonTargetProgression: boolean;
  /** Targets that reappeared after an overall CR. */
  reappeared: string[];
  /** Why: the figures and the rule that decided, e.g. "sum 42 mm, −31.1% from baseline 61 mm → PR". */
  explanation: string;
  display: TimepointDisplay;
}

export interface LabelDecision {
  response: AssessedResponse;
  outcome: 0 | 1 | null;
  rule: RuleId;
  ruleText: string;
  explanation: string;
}

export interface ResponseResult {
  criteria: ResponseCriteria;
  definition: ResponseDefinition;
  baselineSumMm: number;
  /** Every follow-up's response: the patient's response history. */
  timepoints: TimepointResponse[];
  /** The response at the last follow-up. */
  latest: TimepointResponse;
  /** Both definitions, whichever the label uses. */
  lastFollowUp: LabelDecision;
  bestOverallConfirmed: LabelDecision;
  /** The label under `definition`. */
  decision: LabelDecision;
  /** Remarks that do not change the result (unchecked confirmation intervals, organ not given, …). */
  warnings: string[];
  /** Departures from RECIST 1.1 §3/§4.2 the reader accepted with `nonStandard`; empty for a standard assessment. */
  nonStandard: string[];
}

/** Input the calculator refuses (naming what and why); nothing is assessed. */
export class RecistInputError extends Error {}

const fail = (message: string): never => {
  throw new RecistInputError(message);
};

// -------------------------------------------------------------------------------------------------------
// Input schema (the API validates `labels.assess` measurements with it)

const diameterMm = z
  .number({
    error: (iss) =>
      typeof iss.input === 'string'
        ? `"${iss.input}" is text, not a number: send the diameter in mm as a JSON number`
        : `a diameter must be a number of mm or null (not measured), got ${JSON.stringify(iss.input) ?? 'nothing'}`,
  })
  .nonnegative('a diameter must be ≥ 0 mm');

const AssessmentSchema = z
  .object({
    label: z.string().trim().min(1, 'a timepoint needs a name').max(100),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
      .optional(),
    diameters: z.record(z.string(), diameterMm.nullable()),
    newLesions: z.boolean().optional(),
    nonTargets: z.enum(NON_TARGET_STATUSES).optional(),
    nonTargetProgression: z.boolean().optional(),
    nonTargetsPresent: z.boolean().optional(),
  })
  .strict();

/** Schema of ResponseInput for validating calculator input at a process boundary (IPC, files). */
export const ResponseInputSchema = z
  .object({
    criteria: z.enum(['recist', 'mrecist']),
    lesions: z
      .array(
        z
          .object({
            id: z.string().trim().min(1, 'a target lesion needs a name').max(100),
            node: z.boolean(),
            organ: z.string().trim().max(100).optional(),
            arterialEnhancement: z.boolean().optional(),
            portaHepatis: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(20),
    baseline: AssessmentSchema,
    followUps: z.array(AssessmentSchema).min(1).max(50),
    definition: z.enum(RESPONSE_DEFINITIONS).optional(),
    nonStandard: z.boolean().optional(),
    minStableDiseaseDays: z.number().int().min(0).max(3650).optional(),
  })
  .strict() satisfies z.ZodType<ResponseInput>;

// -------------------------------------------------------------------------------------------------------
// Plain decimal input (the form, label CSVs)

/**
 * A diameter as typed: a plain decimal number of mm ("42", "42.5", ".5"). Hexadecimal ("0x1E"), exponent
 * ("1e1"), signs, commas and words are refused with a reason (JavaScript's Number() would take several of
 * them). Returns the number, or the reason as a string.
 */
export function parseDiameterText(text: string): number | string {
  const t = text.trim();
  if (t === '') return 'empty';
  if (/^(\d+(\.\d*)?|\.\d+)$/.test(t)) return Number(t);
  if (/^\d+,\d+$/.test(t)) return `"${t}" uses a decimal comma: write ${t.replace(',', '.')}`;
  if (t.startsWith('-')) return `"${t}" is negative: a diameter is ≥ 0 mm`;
  return `"${t}" is not a plain decimal number of mm (digits and one decimal point only)`;
}

// -------------------------------------------------------------------------------------------------------
// Number display that never contradicts the decision

const EPS = 1e-9;
type Side = 'atMost' | 'atLeast';

function meets(value: number, threshold: number, side: Side): boolean {
  return side === 'atMost' ? value <= threshold + EPS : value >= threshold - EPS;
}

/** Fewest decimals (≥ min) at which `value` rounds to the same side of `threshold` as it lies. */
function decisiveDecimals(value: number, threshold: number, side: Side, min: number): number {
  const truth = meets(value, threshold, side);
  for (let d = min; d <= 10; d++) if (meets(Number(value.toFixed(d)), threshold, side) === truth) return d;
  return 10;
}

const trimZeros = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

/** "42", "42.7", "70.04": at least one decimal place considered, trailing zeros dropped. */
function mmText(x: number, decimals = 1): string {
  return trimZeros(x.toFixed(Math.max(decimals, 1)));
}

/** Signed with a true minus sign: "+20.0%", "−31.1%", "−29.96%". */
function pctText(x: number, decimals = 1): string {
  const s = Math.abs(x).toFixed(decimals);
  return x < 0 && Number(s) !== 0 ? `−${s}%` : `+${s}%`;
}

function signedMmText(x: number, decimals = 1): string {
  const s = mmText(Math.abs(x), decimals);
  return x < 0 && Number(s) !== 0 ? `−${s} mm` : `+${s} mm`;
}

// -------------------------------------------------------------------------------------------------------
// Lesions, limits, measurability

interface NodeLimits {
  /** Short axis a target node needs at baseline. */
  measurable: number;
  /** Below this a node is normal (CR-compatible); at or above it, malignant. */
  normalBelow: number;
  what: string;
}

function nodeLimits(l: TargetLesion, criteria: ResponseCriteria): NodeLimits {
  if (criteria === 'mrecist' && l.portaHepatis !== false)
    return { measurable: 20, normalBelow: 20, what: 'porta hepatis node (mRECIST: 20 mm short axis)' };
  return { measurable: 15, normalBelow: 10, what: 'node (15 mm short axis)' };
}

/** The organ a target counts against for the 2-per-organ limit (null: not given). */
export function organKey(l: TargetLesion): string | null {
  if (l.node) return 'lymph nodes';
  const o = (l.organ ?? '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^(left|right|bilateral|l|r)\s+/, '')
    .replace(/\s+(left|right)$/, '');
  return o === '' ? null : o;
}

function readDiameter(a: LesionAssessment, id: string): number | null {
  // Own values only: a lesion named "constructor" is unmeasured where the assessment lacks it.
  const v: unknown = ownValue(a.diameters, id);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') fail(`${a.label}: the diameter of "${id}" is text ("${v}"), not a number`);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    fail(`${a.label}: the diameter of "${id}" must be a number of mm ≥ 0, got ${String(v)}`);
  return v as number;
}

function nonTargetStatus(a: LesionAssessment): NonTargetStatus {
  if (a.nonTargets !== undefined) {
    if (!(NON_TARGET_STATUSES as readonly string[]).includes(a.nonTargets))
      fail(
        `${a.label}: non-target status "${String(a.nonTargets)}" is not one of ${NON_TARGET_STATUSES.join(', ')}`,
      );
    if (a.nonTargetProgression === true && a.nonTargets !== 'progression')
      fail(`${a.label}: non-target lesions are "${a.nonTargets}" and also marked as progressing`);
    return a.nonTargets;
  }
  if (a.nonTargetProgression === true) return 'progression';
  if (a.nonTargetsPresent === true) return 'present';
  return 'absent';
}

function dayNumber(date: string, where: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return fail(`${where}: date "${date}" is not YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    fail(`${where}: "${date}" is not a calendar date`);
  return t / 86_400_000;
}

/** Refuses what cannot be assessed; returns the accepted departures (nonStandard) and remarks. */
function checkSelection(input: ResponseInput): { nonStandard: string[]; warnings: string[] } {
  const { lesions, criteria, baseline } = input;
  const insist = input.nonStandard === true;
  const nonStandard: string[] = [];
  const warnings: string[] = [];
  if (lesions.length === 0) fail('no target lesions: RECIST needs at least one measured target lesion');
  const seen = new Set<string>();
  for (const l of lesions) {
    if (!l.id || !l.id.trim()) fail('a target lesion has no name');
    const problem = nameProblem(l.id);
    if (problem) fail(`target lesion "${l.id}": ${problem}`);
    if (seen.has(l.id)) fail(`target lesion "${l.id}" is listed twice`);
    seen.add(l.id);
  }
  // §4.2: at most 5 targets; the non-standard override allows one more, never two.
  if (lesions.length > MAX_TARGETS + 1)
    fail(
      `RECIST 1.1 §4.2 allows at most ${MAX_TARGETS} target lesions; ${lesions.length} were given. Follow the others as non-target lesions (a non-standard assessment accepts one over the limit, not ${lesions.length - MAX_TARGETS})`,
    );
  if (lesions.length === MAX_TARGETS + 1) {
    const what = `${lesions.length} target lesions (RECIST 1.1 §4.2: at most ${MAX_TARGETS})`;
    if (!insist)
      fail(
        `RECIST 1.1 §4.2 allows at most ${MAX_TARGETS} target lesions; "${lesions[MAX_TARGETS].id}" is the ${MAX_TARGETS + 1}th. Follow it as a non-target lesion, or mark the assessment non-standard`,
      );
    nonStandard.push(what);
  }
  const byOrgan = new Map<string, string[]>();
  const noOrgan: string[] = [];
  for (const l of lesions) {
    const key = organKey(l);
    if (key === null) noOrgan.push(l.id);
    else byOrgan.set(key, [...(byOrgan.get(key) ?? []), l.id]);
  }
  for (const [organ, ids] of byOrgan) {
    if (ids.length <= MAX_TARGETS_PER_ORGAN) continue;
    const list = ids.map((i) => `"${i}"`).join(', ');
    if (ids.length > MAX_TARGETS_PER_ORGAN + 1 || !insist)
      fail(
        `RECIST 1.1 §4.2 allows at most ${MAX_TARGETS_PER_ORGAN} target lesions per organ; ${organ} has ${ids.length} (${list}). Follow the others as non-target lesions${ids.length > MAX_TARGETS_PER_ORGAN + 1 ? '' : ', or mark the assessment non-standard'}`,
      );
    nonStandard.push(
      `${ids.length} target lesions in ${organ} (RECIST 1.1 §4.2: at most ${MAX_TARGETS_PER_ORGAN} per organ)`,
    );
  }
  if (noOrgan.length)
    warnings.push(
      `organ not given for ${noOrgan.map((i) => `"${i}"`).join(', ')}: the limit of ${MAX_TARGETS_PER_ORGAN} targets per organ (§4.2) was not checked`,
    );
  // §3.1 measurability at baseline (mRECIST: ≥ 10 mm and arterially enhancing).
  for (const l of lesions) {
    const d = readDiameter(baseline, l.id);
    if (d === null)
      fail(
        `${baseline.label}: target lesion "${l.id}" is not measured; every target must be measured at baseline`,
      );
    if ((d as number) <= 0)
      fail(
        `${baseline.label}: target lesion "${l.id}" measures 0 mm; a target lesion must be measurable at baseline`,
      );
    const size = d as number;
    const problems: string[] = [];
    if (l.node) {
      const lim = nodeLimits(l, criteria);
      if (size < lim.measurable - EPS)
        problems.push(`"${l.id}" is ${mmText(size, 2)} mm, below the minimum for a measurable ${lim.what}`);
    } else {
      if (size < 10 - EPS)
        problems.push(
          `"${l.id}" is ${mmText(size, 2)} mm, below the 10 mm minimum for a measurable lesion (RECIST 1.1 §3.1)`,
        );
      if (criteria === 'mrecist' && l.arterialEnhancement === false)
        problems.push(`"${l.id}" does not enhance in the arterial phase (mRECIST: a target must)`);
      if (criteria === 'mrecist' && l.arterialEnhancement === undefined)
        warnings.push(
          `"${l.id}": arterial enhancement not recorded (mRECIST: a target must enhance in the arterial phase)`,
        );
    }
    for (const p of problems) {
      if (!insist)
        fail(
          `${baseline.label}: ${p}. Follow it as a non-target lesion, or mark the assessment non-standard`,
        );
      nonStandard.push(`${baseline.label}: ${p}`);
    }
  }
  return { nonStandard, warnings };
}

// -------------------------------------------------------------------------------------------------------
// The assessment

interface Run {
  /** Index of the time point where the current run of PR/CR began. */
  start: number;
  startDay: number | null;
  confirmedAt: number | null;
}

/** Response at every follow-up under RECIST 1.1 or mRECIST, and the label under the chosen definition. */
export function assessResponse(input: ResponseInput): ResponseResult {
  const { criteria, lesions, baseline, followUps } = input;
  if (criteria !== 'recist' && criteria !== 'mrecist')
    fail(`unknown response criteria "${String(criteria)}" (recist or mrecist)`);
  const definition = input.definition ?? 'last-follow-up';
  if (!(RESPONSE_DEFINITIONS as readonly string[]).includes(definition))
    fail(`unknown response definition "${String(definition)}" (${RESPONSE_DEFINITIONS.join(' or ')})`);
  const minStableDays = input.minStableDiseaseDays ?? DEFAULT_MIN_STABLE_DAYS;
  if (!Number.isFinite(minStableDays) || minStableDays < 0)
    fail(`the minimum SD interval must be a number of days ≥ 0, got ${String(minStableDays)}`);
  if (!Array.isArray(followUps) || followUps.length === 0)
    fail('no follow-up assessment: a response needs baseline and at least one follow-up');
  const { nonStandard, warnings } = checkSelection(input);
  const known = new Set(lesions.map((l) => l.id));
  for (const a of [baseline, ...followUps])
    for (const id of Object.keys(a.diameters ?? {}))
      if (!known.has(id)) fail(`${a.label}: diameter given for "${id}", which is not a target lesion`);

  // Dates: optional, but when given they must be real and in order.
  const days = [baseline, ...followUps].map((a) => (a.date ? dayNumber(a.date, a.label) : null));
  let lastDay: number | null = null;
  let lastDated = '';
  [baseline, ...followUps].forEach((a, n) => {
    const d = days[n];
    if (d === null) return;
    if (lastDay !== null && d <= lastDay)
      fail(`${a.label} (${a.date}) is not after ${lastDated}: assessments must be in chronological order`);
    lastDay = d;
    lastDated = `${a.label} (${a.date})`;
  });
  const baselineDay = days[0];

  const limitOf = (l: TargetLesion) => (l.node ? nodeLimits(l, criteria).normalBelow : 0);
  const isNormal = (l: TargetLesion, d: number) => (l.node ? d < limitOf(l) - EPS : d <= EPS);

  const baselineSum = lesions.reduce((s, l) => s + (readDiameter(baseline, l.id) as number), 0);
  const sumName = criteria === 'mrecist' ? 'viable sum' : 'sum';
  let nadir = baselineSum;
  let nadirLabel = baseline.label;
  let lastEvaluated: { category: AssessedResponse; label: string } | null = null;
  let progressedAt: string | null = null;
  let run: Run | null = null;
  let intervalUnchecked = false;
  const timepoints: TimepointResponse[] = [];

  followUps.forEach((a, k) => {
    const day = days[k + 1];
    const values = lesions.map((l) => ({ l, d: readDiameter(a, l.id) }));
    const measured = values.filter((v): v is { l: TargetLesion; d: number } => v.d !== null);
    const missing = values.filter((v) => v.d === null).map((v) => v.l.id);
    const complete = missing.length === 0;
    const sum = measured.reduce((s, v) => s + v.d, 0);
    const newLesions = a.newLesions === true;
    const nonTargets = nonTargetStatus(a);

    const fromBaselineMm = sum - baselineSum;
    const fromBaselinePct = (100 * fromBaselineMm) / baselineSum;
    const fromNadirMm = sum - nadir;
    const fromNadirPct = nadir > 0 ? (100 * fromNadirMm) / nadir : null;
    // Growth over the nadir: ≥ 20 % (from a 0 mm nadir any growth is infinite in %) and, RECIST 1.1, ≥ 5 mm.
    const grew20 = nadir > 0 ? sum >= 1.2 * nadir - EPS : sum > EPS;
    const grew5mm = fromNadirMm >= 5 - EPS;
    const allMeasuredNormal = measured.every((v) => isNormal(v.l, v.d));
    // A sum of normal-size nodes only is not progression (§4.3.2).
    const sumProgression = !allMeasuredNormal && grew20 && (criteria === 'mrecist' || grew5mm);

    // Display: enough decimals for each figure to sit on the side of its threshold that decided.
    const pdSumThreshold = criteria === 'mrecist' ? 1.2 * nadir : Math.max(1.2 * nadir, nadir + 5);
    const sumDecimals = Math.max(
      decisiveDecimals(sum, 0.7 * baselineSum, 'atMost', 1),
      nadir > 0 ? decisiveDecimals(sum, pdSumThreshold, 'atLeast', 1) : 1,
    );
    const display: TimepointDisplay = {
      sum: `${mmText(sum, sumDecimals)} mm`,
      baselineSum: `${mmText(baselineSum, 2)} mm`,
      nadirSum: `${mmText(nadir, 2)} mm`,
      // Against −30 % (PR) and +20 % too: next to a nadir at baseline "+20.0 %" would read as progression.
      changeFromBaselinePct: pctText(
        fromBaselinePct,
        Math.max(
          decisiveDecimals(fromBaselinePct, -30, 'atMost', 1),
          decisiveDecimals(fromBaselinePct, 20, 'atLeast', 1),
        ),
      ),
      changeFromBaselineMm: signedMmText(fromBaselineMm, 2),
      changeFromNadirPct:
        fromNadirPct === null
          ? null
          : pctText(fromNadirPct, decisiveDecimals(fromNadirPct, 20, 'atLeast', 1)),
      changeFromNadirMm: signedMmText(fromNadirMm, decisiveDecimals(fromNadirMm, 5, 'atLeast', 1)),
    };
    const sumWords = `${complete ? sumName : `${sumName} of the measured targets`} ${display.sum}`;
    const baselineFigures = `${sumWords}, ${display.changeFromBaselinePct} from baseline ${display.baselineSum}`;
    const nadirChange = `${display.changeFromNadirPct === null ? '' : `${display.changeFromNadirPct}, `}${display.changeFromNadirMm} from nadir ${display.nadirSum} (${nadirLabel})`;
    const nadirFigures = `${sumWords}, ${nadirChange}`;
    const missingText = missing.length ? `${missing.map((i) => `"${i}"`).join(', ')} not measured` : '';

    const previousCR = lastEvaluated?.category === 'CR' ? lastEvaluated.label : null;
    const reappeared = previousCR === null ? [] : measured.filter((v) => !isNormal(v.l, v.d));
    const nonTargetsBack = previousCR !== null && nonTargets === 'present';

    let category: AssessedResponse;
    let rule: TimepointRule;
    let explanation: string;
    let measuredResponse: AssessedResponse; // before the continuing-PR rule (for confirmation)
    const pdReasons: { rule: TimepointRule; text: string }[] = [];
    if (newLesions) pdReasons.push({ rule: 'new-lesion', text: 'new lesion' });
    if (nonTargets === 'progression')
      pdReasons.push({ rule: 'non-target-progression', text: 'unequivocal non-target progression' });
    if (reappeared.length || nonTargetsBack) {
      const what = reappeared.map((v) =>
        v.l.node
          ? `"${v.l.id}" ${mmText(v.d, 2)} mm short axis (≥ ${limitOf(v.l)} mm)`
          : `"${v.l.id}" ${mmText(v.d, 2)} mm`,
      );
      if (nonTargetsBack) what.push('non-target lesions present again');
      pdReasons.push({
        rule: 'reappearance-after-cr',
        text: `reappearance after the CR at ${previousCR}: ${what.join(', ')}`,
      });
    }
    if (sumProgression)
      pdReasons.push(
        complete
          ? { rule: 'sum-progression', text: nadirFigures }
          : {
              rule: 'progression-with-missing',
              text: `${missingText}, but ${nadirFigures} already, whatever the missing measure`,
            },
      );

    if (progressedAt !== null) {
      category = 'PD';
      rule = 'after-progression';
      explanation = `progression documented at ${progressedAt} → PD (response is not re-assessed after progression)`;
      measuredResponse = 'PD';
    } else if (pdReasons.length) {
      category = 'PD';
      rule = pdReasons[0].rule;
      explanation = `${pdReasons.map((r) => r.text).join('; ')} → PD`;
      measuredResponse = 'PD';
    } else if (!complete) {
      category = 'NE';
      rule = 'not-evaluable';
      explanation = `${missingText}; ${nadirFigures}: not enough for progression → NE (not evaluable)`;
      measuredResponse = 'NE';
    } else if (allMeasuredNormal) {
      const what =
        criteria === 'mrecist'
          ? 'no viable (enhancing) tumour in any target'
          : lesions.some((l) => l.node)
            ? 'all non-nodal targets gone and every target node < 10 mm'
            : 'all targets gone';
      if (nonTargets === 'absent') {
        category = 'CR';
        rule = 'complete-response';
        explanation = `${what} (${baselineFigures}) → CR`;
      } else if (nonTargets === 'present') {
        category = 'PR';
        rule = 'cr-non-target-present';
        explanation = `${what}, but non-target lesions persist (${baselineFigures}) → PR`;
      } else {
        category = 'PR';
        rule = 'cr-non-target-not-evaluated';
        explanation = `${what}, but non-target lesions were not evaluated (${baselineFigures}) → PR`;
      }
      measuredResponse = category;
    } else if (meets(sum, 0.7 * baselineSum, 'atMost')) {
      category = 'PR';
      rule = 'partial-response';
      explanation = `${baselineFigures} → PR`;
      measuredResponse = 'PR';
    } else {
      measuredResponse = 'SD';
      const near =
        grew20 && !grew5mm && criteria === 'recist'
          ? ` (${display.changeFromNadirPct ?? '+∞%'} from nadir ${display.nadirSum} but only ${display.changeFromNadirMm}, under the 5 mm minimum)`
          : nadirLabel !== baseline.label
            ? `; ${nadirChange}`
            : '';
      if (run !== null && run.confirmedAt !== null) {
        category = 'PR';
        rule = 'continuing-pr';
        explanation = `${baselineFigures}${near}: not progression, so the PR confirmed at ${followUps[run.confirmedAt].label} continues → PR`;
      } else {
        category = 'SD';
        rule = 'stable-disease';
        explanation = `${baselineFigures}${near} → SD`;
      }
    }

    // Confirmation of a response (for the continuing-PR rule and the best overall response).
    if (measuredResponse === 'PR' || measuredResponse === 'CR') {
      if (run === null) run = { start: k, startDay: day, confirmedAt: null };
      else if (run.confirmedAt === null) {
        if (run.startDay !== null && day !== null) {
          if (day - run.startDay >= CONFIRMATION_DAYS) run.confirmedAt = k;
        } else {
          run.confirmedAt = k;
          intervalUnchecked = true;
        }
      }
    } else if (measuredResponse === 'PD') run = null;
    else if (measuredResponse === 'SD' && category !== 'PR') run = null;

    if (category === 'PD' && progressedAt === null) progressedAt = a.label;
    if (category !== 'NE') lastEvaluated = { category, label: a.label };

    timepoints.push({
      label: a.label,
      date: a.date ?? null,
      category,
      outcome: outcomeOf(category),
      rule,
      ruleText: ruleText(rule, criteria),
      complete,
      missing,
      sumMm: sum,
      baselineSumMm: baselineSum,
      nadirSumMm: nadir,
      nadirLabel,
      changeFromBaselineMm: fromBaselineMm,
      changeFromBaselinePct: fromBaselinePct,
      changeFromNadirMm: fromNadirMm,
      changeFromNadirPct: fromNadirPct,
      newLesions,
      nonTargets,
      nonTargetProgression: nonTargets === 'progression',
      reappeared: reappeared.map((v) => v.l.id),
      explanation,
      display,
    });
    if (complete && sum < nadir) {
      nadir = sum;
      nadirLabel = a.label;
    }
  });
  if (intervalUnchecked)
    warnings.push(
      `a response was confirmed by the next assessment without dates: the ${CONFIRMATION_DAYS}-day interval of RECIST 1.1 §4.6.1 was not checked`,
    );

  const latest = timepoints[timepoints.length - 1];
  const lastFollowUp: LabelDecision = {
    response: latest.category,
    outcome: latest.outcome,
    rule: latest.rule,
    ruleText: latest.ruleText,
    explanation: `${latest.label}: ${latest.explanation}`,
  };
  const bestWarnings: string[] = [];
  const bestOverallConfirmed = bestOverallResponse(
    timepoints,
    days.slice(1),
    baselineDay,
    minStableDays,
    criteria,
    bestWarnings,
  );
  // Remarks on the best overall response matter only to labels that use it.
  if (definition === 'best-overall-confirmed') warnings.push(...bestWarnings);
  return {
    criteria,
    definition,
    baselineSumMm: baselineSum,
    timepoints,
    latest,
    lastFollowUp,
    bestOverallConfirmed,
    decision: definition === 'best-overall-confirmed' ? bestOverallConfirmed : lastFollowUp,
    warnings,
    nonStandard,
  };
}

/**
 * Best overall response when CR and PR must be confirmed (RECIST 1.1 §4.4.3 Table 3, §4.6.1): over the
 * time points up to the first PD, a CR confirmed by a later CR, else a PR or CR confirmed by a later PR or
 * CR (no SD or PD between; NE is skipped; ≥ 28 days apart when dated), else SD when an SD or unconfirmed
 * response was met at least `minStableDays` after baseline, else PD if progression came, else NE.
 */
function bestOverallResponse(
  tps: TimepointResponse[],
  days: (number | null)[],
  baselineDay: number | null,
  minStableDays: number,
  criteria: ResponseCriteria,
  warnings: string[],
): LabelDecision {
  const firstPd = tps.findIndex((t) => t.category === 'PD');
  const upTo = firstPd === -1 ? tps.length : firstPd;
  const decide = (rule: BestResponseRule, response: AssessedResponse, why: string): LabelDecision => ({
    response,
    outcome: outcomeOf(response),
    rule,
    ruleText: ruleText(rule, criteria),
    explanation: `best overall response with confirmation: ${why} → ${response}`,
  });
  const gap = (i: number, j: number) =>
    days[i] !== null && days[j] !== null ? (days[j] as number) - (days[i] as number) : null;
  const confirmed = (ok: (c: AssessedResponse) => boolean): [number, number] | null => {
    for (let i = 0; i < upTo; i++) {
      if (!ok(tps[i].category)) continue;
      for (let j = i + 1; j < upTo; j++) {
        const c = tps[j].category;
        if (c === 'NE') continue;
        if (!ok(c)) break;
        const g = gap(i, j);
        if (g === null || g >= CONFIRMATION_DAYS) return [i, j];
      }
    }
    return null;
  };
  const pair = (p: [number, number], what: string) => {
    const g = gap(p[0], p[1]);
    return `${what} at ${tps[p[0]].label} confirmed at ${tps[p[1]].label}${g === null ? ' (no dates: interval not checked)' : ` (${g} days later)`}`;
  };
  const cr = confirmed((c) => c === 'CR');
  if (cr) return decide('bor-confirmed-cr', 'CR', pair(cr, 'CR'));
  const pr = confirmed((c) => c === 'CR' || c === 'PR');
  if (pr) return decide('bor-confirmed-pr', 'PR', pair(pr, tps[pr[0]].category));
  for (let i = 0; i < upTo; i++) {
    const c = tps[i].category;
    if (c === 'NE') continue;
    const since = baselineDay !== null && days[i] !== null ? (days[i] as number) - baselineDay : null;
    if (since !== null && since < minStableDays) continue;
    if (since === null)
      warnings.push(
        `best overall response: ${tps[i].label} has no date (or the baseline has none), so the minimum SD interval of ${minStableDays} days was not checked`,
      );
    const how = c === 'SD' ? 'SD' : `${c} (not confirmed, so SD)`;
    return decide(
      'bor-stable',
      'SD',
      `no confirmed response; ${how} at ${tps[i].label}${since === null ? '' : `, ${since} days after baseline (minimum ${minStableDays})`}`,
    );
  }
  if (firstPd !== -1)
    return decide(
      'bor-progression',
      'PD',
      `no confirmed response and no SD at least ${minStableDays} days after baseline before the PD at ${tps[firstPd].label}`,
    );
  return decide(
    'bor-not-evaluable',
    'NE',
    `no confirmed response, no SD at least ${minStableDays} days after baseline, no progression`,
  );
}
