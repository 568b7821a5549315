/**
 * Bench section for the database at a large clinic's scale, figures the store tests used to assert: a
 * 1,000-patient × 400-feature cohort written and read back whole (feature table, statuses, overview), then
 * with 4,000 more patients one page of the worklist (a filter) and of the patient list, paged in SQL, against
 * building the whole list and slicing it (what the first patient list did).
 */
import { join } from 'node:path';
import type { FeatureValue } from '../../shared/radiomics/types';
import { listPatientOverview } from '../services/patients';
import { worklistPage } from '../services/worklist';
import {
  featureTable,
  getOrCreateFeatureSet,
  insertRoi,
  insertSeries,
  openStore,
  patientPage,
  patientStatuses,
  responseLabels,
  saveFeatureValues,
  setResponse,
  upsertPatient,
  upsertStudy,
  type Store,
} from '../store/index';
import type { BenchContext, BenchLine } from './sections';

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** Mean time of `runs` calls after one warm-up call (statement cache). */
function meanOf(runs: number, f: (n: number) => unknown): number {
  f(0);
  let total = 0;
  for (let n = 0; n < runs; n++) total += time(() => f(n));
  return total / runs;
}

function writeCohort(store: Store, patients: number, features: number): void {
  const grid = {
    size: [8, 8, 4] as [number, number, number],
    spacing: [1, 1, 1] as [number, number, number],
    origin: [0, 0, 0] as [number, number, number],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const mask = { ...grid, data: new Uint8Array(256).fill(1, 20, 120) };
  const names = Array.from({ length: features }, (_, n) => `feature_${n}`);
  const set = getOrCreateFeatureSet(store, { preset: 'bench' }, 'ak');
  store.transaction(() => {
    for (let p = 0; p < patients; p++) {
      const patient = upsertPatient(store, { patientId: `P${String(p).padStart(5, '0')}` });
      const series = insertSeries(store, {
        studyRowId: upsertStudy(store, { patientRowId: patient.id, studyUid: `st${p}` }).id,
        seriesUid: `se${p}`,
        geometry: grid,
      });
      const roi = insertRoi(store, { seriesId: series, name: 'GTV', source: 'drawn', mask });
      setResponse(store, { patientRowId: patient.id, response: p % 2 ? 'CR' : 'PD' });
      const values: FeatureValue[] = names.map((name, n) => ({
        name,
        tag: name,
        ibsi_id: '',
        family: 'glcm',
        aggregation: 'none',
        value: p * 1000 + n,
      }));
      saveFeatureValues(store, set.id, roi, values);
    }
  });
}

export async function storeSection(ctx: BenchContext): Promise<BenchLine[]> {
  const store = openStore(join(ctx.tmp, 'store-bench.sqlite'));
  try {
    const write = time(() => writeCohort(store, 1000, 400));
    const setId = getOrCreateFeatureSet(store, { preset: 'bench' }, 'ak').id;
    const table = time(() => featureTable(store, setId));
    const statuses = time(() => patientStatuses(store));
    const overview = time(() => listPatientOverview(store));
    ctx.log(`  cohort written in ${ms(write)}`);
    store.transaction(() => {
      for (let p = 1000; p < 5000; p++) {
        const { id } = upsertPatient(store, {
          patientId: `P${String(p).padStart(5, '0')}`,
          name: `Person^${p}`,
        });
        if (p % 3 === 0) setResponse(store, { patientRowId: id, response: p % 2 ? 'SD' : 'PR' });
      }
    });
    const worklist = meanOf(5, (n) =>
      worklistPage(store, { offset: n * 50, limit: 50, search: '', status: 'any', response: 'effective' }),
    );
    const paged = meanOf(5, () => patientPage(store, { offset: 2500, limit: 50 }));
    const whole = meanOf(5, () => {
      const labels = responseLabels(store);
      return patientStatuses(store)
        .slice(2500, 2550)
        .map((s) => ({ ...s, response: labels.get(s.patientId)?.response ?? null }));
    });
    return [
      {
        what: '1,000 patients × 400 features: write (one transaction)',
        ours: ms(write),
        baseline: '–',
        ratio: '–',
      },
      {
        what: '1,000 × 400: feature table / patient statuses / overview',
        ours: `${ms(table)} / ${ms(statuses)} / ${ms(overview)}`,
        baseline: '–',
        ratio: '–',
      },
      {
        what: 'worklist page, 50 rows filtered by response, 5,000 patients (mean of 5)',
        ours: ms(worklist),
        baseline: '–',
        ratio: '–',
      },
      {
        what: 'patient list page, 50 rows at offset 2,500 of 5,000 (mean of 5)',
        ours: ms(paged),
        baseline: `whole list + slice ${ms(whole)}`,
        ratio: `${(whole / paged).toFixed(1)}× faster`,
      },
    ];
  } finally {
    store.close();
  }
}
