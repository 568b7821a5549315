/**
 * From the calculator's form to a response: parses the typed diameters (plain decimal numbers; "NM" = not
 * measured; naming the field it cannot use), builds the calculator input — the `measurements` the server
 * checks again — and hands it to the shared RECIST 1.1 / mRECIST core (shared/response/recist.ts), which
 * owns the rules. Every follow-up gets its response; the label is the one the chosen definition picks.
 */
import {
  assessResponse,
  parseDiameterText,
  type LesionAssessment,
  type NonTargetStatus,
  type ResponseCriteria,
  type ResponseDefinition,
  type ResponseInput,
  type ResponseResult,
  type TargetLesion,
} from '../../../shared/response/recist';
import { errorMessage } from '../../../shared/errorMessage';

export interface LesionRow {
  name: string;
  /** Lymph node: measured by short axis. */
  node: boolean;
  /** Organ (2 targets per organ at most; every node counts as "lymph nodes"). */
  organ?: string;
  /** mRECIST: enhances in the arterial phase at baseline (non-nodal targets). */
  arterialEnhancement?: boolean;
  /** mRECIST: a porta hepatis node (malignant from 20 mm short axis). */
  portaHepatis?: boolean;
  /** Diameters as typed: [baseline, follow-up 1, follow-up 2, …]. */
  values: string[];
  /** Per timepoint, the viewer ruler a diameter was taken from (cleared when the value is typed over). */
  rulers?: (RulerSource | undefined)[];
}

/** Where a diameter taken from a viewer ruler was measured, kept with the label for a later review. */
export interface RulerSource {
  ruler: string;
  seriesUid: string;
  /** View and 1-based slice ("Sagittal 33"). */
  place: string;
  /** Endpoints as voxel indices on the series grid. */
  from: [number, number, number];
  to: [number, number, number];
  lengthMm: number;
}

/** What the form holds per timepoint besides the diameters (index 0 = baseline). */
export interface TimepointMeta {
  /** Scan date, YYYY-MM-DD or empty. */
  date: string;
  newLesions: boolean;
  nonTargets: NonTargetStatus;
}

export interface CalculatorOptions {
  definition: ResponseDefinition;
  /** The reader insists on targets outside RECIST's limits: accepted, and the label says non-standard. */
  nonStandard: boolean;
}

export type Assessment =
  | {
      ok: true;
      result: ResponseResult;
      /** The calculator input, sent as `measurements` for the server to check. */
      measurements: ResponseInput;
      /** Stored with the label besides the measurements (where diameters were measured). */
      record: Record<string, unknown>;
    }
  | { ok: false; problem: string };

export const timepointLabel = (n: number) => (n === 0 ? 'baseline' : `follow-up ${n}`);

export const emptyMeta = (): TimepointMeta => ({ date: '', newLesions: false, nonTargets: 'absent' });

/** A typed diameter: a number of mm, null for "not measured" (NM), or the problem. */
function parseMm(text: string, what: string): number | null | string {
  const t = text.trim();
  if (/^nm$/i.test(t)) return null;
  if (t === '')
    return `${what} is empty: enter the diameter in mm, 0 if the lesion is gone, or NM if it was not measured`;
  const v = parseDiameterText(t);
  return typeof v === 'string' ? `${what}: ${v}` : v;
}

/** Parses the form and assesses it; `meta[t]` belongs to timepoint t (0 = baseline). */
export function assessLesions(
  criteria: ResponseCriteria,
  rows: LesionRow[],
  timepoints: number,
  meta: readonly TimepointMeta[],
  options: CalculatorOptions,
): Assessment {
  if (rows.length === 0) return { ok: false, problem: 'Add at least one target lesion.' };
  if (timepoints < 2)
    return { ok: false, problem: 'A response needs the baseline and at least one follow-up.' };
  const lesions: TargetLesion[] = [];
  const assessments: LesionAssessment[] = Array.from({ length: timepoints }, (_, t) => {
    const m = meta[t] ?? emptyMeta();
    return {
      label: timepointLabel(t),
      ...(m.date.trim() ? { date: m.date.trim() } : {}),
      // Keyed by lesion names the user types: no prototype, so "constructor" is just a name.
      diameters: Object.create(null) as LesionAssessment['diameters'],
      ...(t > 0 && m.newLesions ? { newLesions: true } : {}),
      ...(t > 0 ? { nonTargets: m.nonTargets } : {}),
    };
  });
  const ids = new Set<string>();
  const measured: (RulerSource & { lesion: string; timepoint: string })[] = [];
  for (const [n, r] of rows.entries()) {
    const id = r.name.trim() || `lesion ${n + 1}`;
    if (ids.has(id))
      return { ok: false, problem: `Two target lesions are called "${id}": give each its own name.` };
    ids.add(id);
    const organ = r.organ?.trim();
    lesions.push({
      id,
      node: r.node,
      ...(organ ? { organ } : {}),
      ...(criteria === 'mrecist' && !r.node ? { arterialEnhancement: r.arterialEnhancement === true } : {}),
      ...(criteria === 'mrecist' && r.node ? { portaHepatis: r.portaHepatis !== false } : {}),
    });
    for (let t = 0; t < timepoints; t++) {
      const v = parseMm(r.values[t] ?? '', `${id} at ${timepointLabel(t)}`);
      if (typeof v === 'string') return { ok: false, problem: `${v}.` };
      assessments[t].diameters[id] = v;
      const source = r.rulers?.[t];
      if (source) measured.push({ lesion: id, timepoint: timepointLabel(t), ...source });
    }
  }
  const measurements: ResponseInput = {
    criteria,
    lesions,
    baseline: assessments[0],
    followUps: assessments.slice(1),
    definition: options.definition,
    ...(options.nonStandard ? { nonStandard: true } : {}),
  };
  try {
    const result = assessResponse(measurements);
    return {
      ok: true,
      result,
      measurements,
      record: measured.length > 0 ? { ruler_measurements: measured } : {},
    };
  } catch (err) {
    return { ok: false, problem: errorMessage(err) };
  }
}
