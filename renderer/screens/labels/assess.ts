/**
 * From the calculator's form to a response: parses the typed diameters (naming the field it cannot use),
 * then hands lesions and timepoints to the shared RECIST 1.1 / mRECIST core (shared/response/recist.ts),
 * which owns the rules. The label is the response at the last follow-up; earlier follow-ups set the nadir.
 */
import type { ResponseCategory } from '../../../shared/api';
import {
  assessResponse,
  type LesionAssessment,
  type ResponseCriteria,
  type TargetLesion,
  type TimepointResponse,
} from '../../../shared/response/recist';

export interface LesionRow {
  name: string;
  /** Lymph node: measured by short axis. */
  node: boolean;
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

export interface FollowUpFlags {
  newLesions: boolean;
  nonTargetProgression: boolean;
  nonTargetsPresent: boolean;
}

export type Assessment =
  | {
      ok: true;
      category: ResponseCategory;
      latest: TimepointResponse;
      warnings: string[];
      record: Record<string, unknown>;
    }
  | { ok: false; problem: string };

export const timepointLabel = (n: number) => (n === 0 ? 'baseline' : `follow-up ${n}`);

function parseMm(text: string, what: string): number | string {
  const t = text.trim();
  if (t === '') return `${what} is empty (enter 0 if the lesion has disappeared)`;
  const v = Number(t);
  if (!Number.isFinite(v) || v < 0) return `${what} must be a number of mm ≥ 0, got "${t}"`;
  return v;
}

/**
 * Parses the form and assesses it. `flags` applies to the last follow-up (the one being labelled); earlier
 * follow-ups count for the nadir only.
 */
export function assessLesions(
  criteria: ResponseCriteria,
  rows: LesionRow[],
  timepoints: number,
  flags: FollowUpFlags,
): Assessment {
  if (rows.length === 0) return { ok: false, problem: 'Add at least one target lesion.' };
  if (timepoints < 2)
    return { ok: false, problem: 'A response needs the baseline and at least one follow-up.' };
  const lesions: TargetLesion[] = [];
  const assessments: LesionAssessment[] = Array.from({ length: timepoints }, (_, t) => ({
    label: timepointLabel(t),
    // Keyed by lesion names the user types: no prototype, so "constructor" is just a name.
    diameters: Object.create(null) as Record<string, number>,
  }));
  const ids = new Set<string>();
  const measured: (RulerSource & { lesion: string; timepoint: string })[] = [];
  for (const [n, r] of rows.entries()) {
    const id = r.name.trim() || `lesion ${n + 1}`;
    if (ids.has(id))
      return { ok: false, problem: `Two target lesions are called "${id}": give each its own name.` };
    ids.add(id);
    lesions.push({ id, node: r.node });
    for (let t = 0; t < timepoints; t++) {
      const v = parseMm(r.values[t] ?? '', `${id} at ${timepointLabel(t)}`);
      if (typeof v === 'string') return { ok: false, problem: `${v}.` };
      assessments[t].diameters[id] = v;
      const source = r.rulers?.[t];
      if (source) measured.push({ lesion: id, timepoint: timepointLabel(t), ...source });
    }
  }
  Object.assign(assessments[timepoints - 1], flags);
  try {
    const result = assessResponse({
      criteria,
      lesions,
      baseline: assessments[0],
      followUps: assessments.slice(1),
    });
    const latest = result.latest;
    return {
      ok: true,
      category: latest.category,
      latest,
      warnings: result.warnings,
      record: {
        method: criteria === 'mrecist' ? 'mRECIST' : 'RECIST 1.1',
        lesions,
        assessments,
        sum_mm: latest.sumMm,
        baseline_sum_mm: latest.baselineSumMm,
        nadir_sum_mm: latest.nadirSumMm,
        change_from_baseline_pct: latest.changeFromBaselinePct,
        change_from_nadir_mm: latest.changeFromNadirMm,
        explanation: latest.explanation,
        ...(measured.length > 0 ? { ruler_measurements: measured } : {}),
      },
    };
  } catch (err) {
    return { ok: false, problem: err instanceof Error ? err.message : String(err) };
  }
}
