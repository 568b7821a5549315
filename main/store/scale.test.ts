/**
 * Scale check: a 1,000-patient × 400-feature cohort is written in one transaction and read back whole by the
 * feature table, the patient statuses and the patient overview. `npm run bench` (store section) times them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureValue } from '../../shared/radiomics/types';
import { listPatientOverview } from '../services/patients';
import {
  featureTable,
  getOrCreateFeatureSet,
  insertRoi,
  insertSeries,
  openStore,
  patientStatuses,
  saveFeatureValues,
  setResponse,
  upsertPatient,
  upsertStudy,
} from './index';

const dir = mkdtempSync(join(tmpdir(), 'radscore-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('1,000 patients × 400 features', () => {
  it('stores and reads back a whole cohort', () => {
    const store = openStore(join(dir, 'db.sqlite'));
    const grid = {
      size: [8, 8, 4] as [number, number, number],
      spacing: [1, 1, 1] as [number, number, number],
      origin: [0, 0, 0] as [number, number, number],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    };
    const mask = { ...grid, data: new Uint8Array(256).fill(1, 20, 120) };
    const names = Array.from({ length: 400 }, (_, n) => `feature_${n}`);
    const set = getOrCreateFeatureSet(store, { preset: 'scale' }, 'ak');
    store.transaction(() => {
      for (let p = 0; p < 1000; p++) {
        const patient = upsertPatient(store, { patientId: `P${String(p).padStart(4, '0')}` });
        const series = insertSeries(store, {
          studyRowId: upsertStudy(store, { patientRowId: patient.id, studyUid: `st${p}` }).id,
          seriesUid: `se${p}`,
          geometry: grid,
        });
        const roi = insertRoi(store, { seriesId: series, name: 'GTV', source: 'drawn', mask });
        setResponse(store, { patientRowId: patient.id, response: p % 2 ? 'CR' : 'PD' });
        const features: FeatureValue[] = names.map((name, n) => ({
          name,
          tag: name,
          ibsi_id: '',
          family: 'glcm',
          aggregation: 'none',
          value: p * 1000 + n,
        }));
        saveFeatureValues(store, set.id, roi, features);
      }
    });
    const table = featureTable(store, set.id);
    const statuses = patientStatuses(store);
    const overview = listPatientOverview(store);
    store.close();

    expect(table.rows).toHaveLength(1000);
    expect(table.rows[999].values[399]).toBe(999 * 1000 + 399);
    expect(statuses.every((s) => s.rois === 1 && s.roisWithFeatures === 1)).toBe(true);
    expect(overview[1]).toMatchObject({
      label: { response: 'CR', outcome: 1 },
      status: { features: 'done' },
    });
  });
});
