/**
 * Worklist services: filters and paging over a 1,000-patient store, the per-patient audit trail,
 * inline clinical edits, label CSV all-or-none through the API handlers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureValue } from '../../shared/radiomics/types';
import {
  getOrCreateFeatureSet,
  insertRoi,
  insertSeries,
  openStore,
  saveFeatureValues,
  setResponse,
  upsertPatient,
  upsertStudy,
  type Store,
} from '../store/index';
import { patientAudit } from './audit';
import { setClinicalVariable } from './clinical';
import { labelChannels, labelServices } from './labels';
import { worklistPage } from './worklist';

const dir = mkdtempSync(join(tmpdir(), 'radscore-worklist-'));
let store: Store;
const RESPONSES = ['CR', 'PR', 'SD', 'PD'] as const;
const page = (q: Partial<Parameters<typeof worklistPage>[1]>) =>
  worklistPage(store, { offset: 0, limit: 50, search: '', status: 'any', response: 'any', ...q });

beforeAll(() => {
  store = openStore(join(dir, 'db.sqlite'));
  const grid = {
    size: [4, 4, 2] as [number, number, number],
    spacing: [1, 1, 1] as [number, number, number],
    origin: [0, 0, 0] as [number, number, number],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const mask = { ...grid, data: new Uint8Array(32).fill(1, 4, 12) };
  const set = getOrCreateFeatureSet(store, { test: 'worklist' }, 'ak');
  const features: FeatureValue[] = [
    { name: 'f', tag: 'f', ibsi_id: '', family: 'glcm', aggregation: 'none', value: 1 },
  ];
  // Patient p: has a series when p % 10 ≠ 0, a ROI when p % 5 ≠ 0 (and a series), a label when p % 3 ≠ 0
  // (cycling CR/PR/SD/PD), features when p % 4 = 0 (and a ROI).
  store.transaction(() => {
    for (let p = 0; p < 1000; p++) {
      const patient = upsertPatient(store, {
        patientId: `P${String(p).padStart(4, '0')}`,
        name: p === 7 ? 'Doe^Jane' : '',
      });
      if (p % 3 !== 0)
        setResponse(store, { patientRowId: patient.id, response: RESPONSES[p % 4], actor: 'tester' });
      if (p % 10 === 0) continue;
      const series = insertSeries(store, {
        studyRowId: upsertStudy(store, { patientRowId: patient.id, studyUid: `st${p}` }).id,
        seriesUid: `se${p}`,
        geometry: grid,
      });
      store
        .stmt(
          `INSERT INTO instances (series_id, sop_uid, file_path, slice_index, rows, columns, positions_json, orientation_json, pixel_spacing_json) VALUES (?, ?, '/x', 0, 4, 4, '[]', '[]', '[]')`,
        )
        .run(series, `sop${p}`);
      if (p % 5 === 0) continue;
      const roi = insertRoi(store, { seriesId: series, name: 'GTV', source: 'drawn', mask });
      if (p % 4 === 0) saveFeatureValues(store, set.id, roi, features);
    }
  });
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The same filters computed in plain code, as the reference for the SQL. */
function expected(pred: (p: number) => boolean): string[] {
  return Array.from({ length: 1000 }, (_, p) => p)
    .filter(pred)
    .map((p) => `P${String(p).padStart(4, '0')}`);
}
const hasImages = (p: number) => p % 10 !== 0;
const hasRoi = (p: number) => hasImages(p) && p % 5 !== 0;
const hasLabel = (p: number) => p % 3 !== 0;
const hasFeatures = (p: number) => hasRoi(p) && p % 4 === 0;

describe('worklist page', () => {
  it('filters by step status and response exactly like the definitions, and pages', () => {
    const all = (q: Partial<Parameters<typeof worklistPage>[1]>) => {
      const first = page({ ...q, limit: 500 });
      const second = page({ ...q, limit: 500, offset: 500 });
      expect(first.total).toBe(second.total);
      return { total: first.total, ids: [...first.items, ...second.items].map((r) => r.patientId) };
    };
    const cases: [Partial<Parameters<typeof worklistPage>[1]>, (p: number) => boolean][] = [
      [{}, () => true],
      [{ status: 'needs-images' }, (p) => !hasImages(p)],
      [{ status: 'needs-contour' }, (p) => hasImages(p) && !hasRoi(p)],
      [{ status: 'needs-label' }, (p) => !hasLabel(p)],
      [{ status: 'needs-features' }, (p) => hasRoi(p) && !hasFeatures(p)],
      [{ status: 'complete' }, (p) => hasImages(p) && hasRoi(p) && hasLabel(p) && hasFeatures(p)],
      [{ response: 'unlabelled' }, (p) => !hasLabel(p)],
      [{ response: 'effective' }, (p) => hasLabel(p) && p % 4 < 2],
      [{ response: 'PD' }, (p) => hasLabel(p) && p % 4 === 3],
      [
        { response: 'non-effective', status: 'needs-features' },
        (p) => hasLabel(p) && p % 4 >= 2 && hasRoi(p) && !hasFeatures(p),
      ],
      [{ search: 'p012' }, (p) => p >= 120 && p <= 129],
      [{ search: 'jane' }, (p) => p === 7],
    ];
    for (const [q, pred] of cases) {
      const got = all(q);
      const want = expected(pred);
      expect(got.total, JSON.stringify(q)).toBe(want.length);
      expect(got.ids, JSON.stringify(q)).toEqual(want);
    }
    const row = page({ search: 'P0004' }).items[0];
    expect(row).toMatchObject({
      images: 1,
      rois: 1,
      roisWithFeatures: 1,
      response: 'CR',
      outcome: 1,
      status: { images: 'done', contour: 'done', label: 'done', features: 'done' },
    });
    expect(page({ offset: 990, limit: 50 }).items).toHaveLength(10);
    expect(page({ offset: 5000 })).toEqual({ total: 1000, items: [] });
  });
});

describe('labels, clinical and the audit trail', () => {
  it('audits a calculator label and a clinical edit: old → new, who, when', async () => {
    const h = labelChannels(labelServices(store), store);
    const labels = await h['labels.assess']({
      patientId: 'P0001',
      timepoint: 'post-treatment',
      response: 'PD',
      assessor: 'Dr A',
      assessment: { method: 'recist', baselineSum: 50, followUpSum: 70 },
      measurements: null,
      onMismatch: 'refuse',
    });
    expect(labels.find((l) => l.timepoint === 'post-treatment')).toMatchObject({
      response: 'PD',
      outcome: 0,
      assessment: { method: 'recist', followUpSum: 70 },
    });
    expect(setClinicalVariable(store, { patientId: 'P0001', name: 'age', value: '54' }, 'nurse')).toEqual({
      age: 54,
    });
    expect(setClinicalVariable(store, { patientId: 'P0001', name: 'age', value: '' }, 'nurse')).toEqual({
      age: null,
    });
    const trail = patientAudit(store, 'P0001')!;
    expect(trail.map((r) => [r.what, r.from, r.to])).toEqual([
      ['response @ post-treatment', '—', 'PR'],
      ['ROI GTV: create', '—', 'GTV (8 voxels)'], // ROI changes on the patient's own series only
      ['response @ post-treatment', 'PR', 'PD (Dr A)'],
      ['clinical: age', '—', '54'],
      ['clinical: age', '54', '—'],
    ]);
    expect(trail[0].actor).toBe('tester');
    expect(trail[3].actor).toBe('nurse');
    expect(patientAudit(store, 'nobody')).toBeNull();
  });

  it('label CSV with a bad row applies nothing and names the line', async () => {
    const h = labelChannels(labelServices(store), store);
    const before = page({ search: 'P0002' }).items[0].response;
    const result = await h['labels.import']({
      csv: 'patient_id,response\nP0002,SD\nP0005,XX\n',
      overwrite: false,
      confirm: null,
    });
    expect(result.updated).toBe(0);
    expect(result.errors).toEqual([{ line: 3, message: expect.stringContaining('"XX"') }]);
    expect(page({ search: 'P0002' }).items[0].response).toBe(before);
  });
});
