/**
 * Model versions over the store on a synthetic stored cohort (feature values inserted through the store
 * API): the fit is stored and reproducible byte for byte, prediction from the stored statistics equals the
 * pipeline's own scores, the ROI rule, and bad input that stores nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaskVolume } from '../../shared/image/volume';
import { mulberry32 } from '../../shared/modeling/split';
import type { FeatureValue } from '../../shared/radiomics/types';
import type { ResponseCategory } from '../../shared/response/outcome';
import {
  getModelVersion,
  getOrCreateFeatureSet,
  insertRoi,
  insertSeries,
  listModelVersions,
  openStore,
  saveFeatureValues,
  setResponse,
  upsertPatient,
  upsertStudy,
  type Store,
} from '../store/index';
import type { ApiEvent, ChannelOutput } from '../../shared/api';
import { createHandlers, openAppServices } from './handlers';
import { readFitOutcome } from '../../shared/response/fitOutcome';
import { assessLabel } from './labels';
import { closeModelingWorkers } from './fitTable';
import { buildStoredTable } from './modelTable';
import { fitStoredModel, getModel, getStoredModel, listModels, ModelInputError } from './models';
import { predictForPatient, scoreCase } from './prediction';

const grid = {
  size: [6, 6, 2] as [number, number, number],
  spacing: [1, 1, 2] as [number, number, number],
  origin: [0, 0, 0] as [number, number, number],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
const P = 12;
const FEATURES = Array.from({ length: P }, (_, j) => `f${j + 1}`);

function mask(voxels: number): MaskVolume {
  const data = new Uint8Array(72);
  data.fill(1, 0, voxels);
  return { ...grid, data };
}

function featureValues(values: number[]): FeatureValue[] {
  return values.map((value, j) => ({
    name: FEATURES[j],
    tag: FEATURES[j],
    ibsi_id: '',
    family: 'intensity_histogram' as FeatureValue['family'],
    aggregation: 'none',
    value,
  }));
}

let dir: string;
let store: Store;
let setId: number;
const N = 40;
/** Values of the patient with two ROIs: [small ROI, large ROI]. */
let twoRoi: { small: number[]; large: number[] };

function addPatient(id: string, rois: { name: string; voxels: number; values: number[] }[]): number {
  const p = upsertPatient(store, { patientId: id });
  const st = upsertStudy(store, { patientRowId: p.id, studyUid: `1.2.${id}` });
  const se = insertSeries(store, { studyRowId: st.id, seriesUid: `1.2.${id}.1`, geometry: grid });
  for (const r of rois) {
    const roiId = insertRoi(store, { seriesId: se, name: r.name, source: 'drawn', mask: mask(r.voxels) });
    saveFeatureValues(store, setId, roiId, featureValues(r.values));
  }
  return p.id;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'radscore-models-'));
  store = openStore(join(dir, 'db.sqlite'));
  setId = getOrCreateFeatureSet(store, { profile: 'test', settings: null }, 'test').id;
  const rnd = mulberry32(7);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-300))) * Math.cos(2 * Math.PI * rnd());
  const categories: ResponseCategory[] = ['CR', 'PR', 'SD', 'PD'];
  for (let i = 0; i < N; i++) {
    const id = `P${String(i + 1).padStart(3, '0')}`;
    const x = FEATURES.map(() => gauss());
    const eta = 1.8 * x[0] - 1.4 * x[1] + 1.2 * gauss();
    const y = eta > 0 ? 1 : 0;
    const response = categories[y ? i % 2 : 2 + (i % 2)];
    const values = x.map((v, j) => 100 + 10 * v + j);
    if (i === 5) {
      twoRoi = { small: values.map((v) => v + 1000), large: values };
      addPatient(id, [
        { name: 'GTV', voxels: 10, values: twoRoi.small },
        { name: 'GTV', voxels: 30, values: twoRoi.large },
      ]);
    } else addPatient(id, [{ name: 'GTV', voxels: 20, values }]);
    const pid = upsertPatient(store, { patientId: id }).id;
    setResponse(store, { patientRowId: pid, response });
  }
  // Features but no label; a label but no features.
  addPatient('U001', [{ name: 'GTV', voxels: 20, values: FEATURES.map(() => 100) }]);
  setResponse(store, { patientRowId: upsertPatient(store, { patientId: 'L001' }).id, response: 'CR' });
});

afterAll(async () => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
  await closeModelingWorkers();
});

describe('stored model versions', () => {
  it('builds one row per labelled patient; a patient with two ROIs contributes the larger', () => {
    const t = buildStoredTable(store);
    expect(t.table.ids).toHaveLength(N);
    expect(t.unlabelled).toEqual(['U001']);
    expect(t.withoutFeatures).toEqual(['L001']);
    const row = t.table.ids.indexOf('P006');
    expect(t.table.columns.map((c) => c[row])).toEqual(twoRoi.large);
    expect(t.table.y.every((y, i) => y === (['CR', 'PR'].includes(t.cases[i].response) ? 1 : 0))).toBe(true);
  });

  it(
    'fits, stores and reproduces the fit byte for byte (worker and in-process); list and get agree',
    { timeout: 60_000 },
    async () => {
      const progress: number[] = [];
      const a = await fitStoredModel(
        store,
        { folds: 5, splitSeed: 3, name: 'first' },
        { onProgress: (p) => progress.push(p.done) },
      );
      const b = await fitStoredModel(store, { folds: 5, splitSeed: 3, name: 'again' }, { worker: false });
      expect(a.fit.model_id).toBe(a.model_id);
      expect(b.model_id).toBe(a.model_id + 1);
      expect(progress.at(-1)).toBe(6);
      expect(a.fit.n.total).toBe(N);
      expect(a.fit.n.train + a.fit.n.validation).toBe(N);
      expect(a.fit.selected).toContain('f1');
      expect(a.fit.selected).toContain('f2');
      const strip = (d: object) => JSON.stringify({ ...d, model_id: null });
      expect(strip(b.fit)).toBe(strip(a.fit));
      expect(JSON.stringify(getModel(store, a.model_id))).toBe(JSON.stringify(a.fit));
      const v = getStoredModel(store, a.model_id);
      expect(v).toMatchObject({
        name: 'first',
        feature_set_id: setId,
        settings: { split_seed: 3, folds: 5, fold_seed: 1, lambda: 'min', feature_set_id: setId },
      });
      const list = listModels(store);
      expect(list.map((m) => m.model_id)).toEqual([a.model_id, b.model_id]);
      expect(a.fit.validation_error, JSON.stringify([a.fit.n, a.fit.validation_error])).toBeUndefined();
      expect(list[0].validation_auc).toBe(a.fit.validation!.auc);
      expect(list[0].selected).toEqual(a.fit.selected);
    },
  );

  it('predicts every stored patient as the pipeline scored it (to 1e-12)', async () => {
    const { model_id, fit } = await fitStoredModel(
      store,
      { folds: 4, lambda: '1se', splitSeed: 9 },
      { worker: false },
    );
    for (const s of fit.scores) {
      const p = await predictForPatient(store, model_id, s.id);
      expect(p.source).toBe('stored');
      expect(Math.abs(p.probability - s.probability)).toBeLessThan(1e-12);
      expect(Math.abs(p.radscore - s.radscore)).toBeLessThan(1e-12);
    }
    // The unlabelled patient is scored too (not in the fit), and outliers are clipped to the training median.
    const u = await predictForPatient(store, model_id, 'U001');
    expect(u.probability).toBeGreaterThan(0);
    const far = Object.fromEntries(fit.selected.map((f) => [f, 1e9]));
    const med = Object.fromEntries(
      fit.selected.map((f) => [f, fit.preprocessing.median[fit.preprocessing.features.indexOf(f)]]),
    );
    const [farScore, medScore] = [scoreCase(fit, far), scoreCase(fit, med)];
    expect(farScore.radscore).toBe(medScore.radscore);
    expect(farScore.probability).toBe(medScore.probability);
    // ... and says so, once per replaced value; the median itself is in range.
    expect(farScore.warnings).toHaveLength(fit.selected.length);
    expect(farScore.warnings[0]).toMatch(/= 1000000000 is outside the training range/);
    expect(medScore.warnings).toEqual([]);
    await expect(predictForPatient(store, model_id, 'NOPE')).rejects.toThrow(
      /patient "NOPE" is not in the database/,
    );
    await expect(predictForPatient(store, 999, 'P001')).rejects.toThrow(/model 999 does not exist/);
  });

  it(
    'API channels: models.fit with progress events, list, get, predict, report; error kinds',
    { timeout: 60_000 },
    async () => {
      const services = await openAppServices(join(dir, 'db.sqlite'));
      const events: ApiEvent[] = [];
      const h = createHandlers(services, {
        host: 'browser',
        emit: (e) => events.push(e),
        progressIntervalMs: 0,
      });
      try {
        const fitted = (await h.invoke('models.fit', {
          folds: 5,
          splitSeed: 3,
          name: 'from the UI',
        })) as ChannelOutput<'models.fit'>;
        const progress = events.filter((e) => e.event === 'models.fit.progress');
        expect(progress.at(-1)?.payload).toEqual({ done: 6, total: 6, label: 'fold 5/5' });
        const direct = getModel(store, fitted.modelId);
        // (the API's schema check re-orders keys, so compare as values)
        expect(fitted.fit.model_id).toBe(fitted.modelId);
        expect(fitted.fit).toEqual(direct);
        const list = (await h.invoke('models.list', {})) as ChannelOutput<'models.list'>;
        expect(list.at(-1)).toMatchObject({
          modelId: fitted.modelId,
          name: 'from the UI',
          featureSetId: setId,
          selected: direct.selected,
        });
        const got = (await h.invoke('models.get', {
          modelId: fitted.modelId,
        })) as ChannelOutput<'models.get'>;
        expect(got.fit.scores).toEqual(direct.scores);
        const s = direct.scores[0];
        const p = (await h.invoke('models.predict', {
          modelId: fitted.modelId,
          patientId: s.id,
        })) as ChannelOutput<'models.predict'>;
        expect(Math.abs(p.probability - s.probability)).toBeLessThan(1e-12);
        const html = (await h.invoke('models.report', { modelId: fitted.modelId })) as string;
        expect(html).toMatch(/^<!DOCTYPE html>/i);
        expect(html).toContain(`Rad-score model ${fitted.modelId}`);
        await expect(h.invoke('models.get', { modelId: 999 })).rejects.toMatchObject({ kind: 'not-found' });
        await expect(
          h.invoke('models.predict', { modelId: fitted.modelId, patientId: 'NOPE' }),
        ).rejects.toMatchObject({ kind: 'not-found' });
        await expect(h.invoke('models.fit', { featureSetId: 99 })).rejects.toMatchObject({
          kind: 'bad-input',
          message: expect.stringMatching(/feature set 99 does not exist/),
        });
        await expect(h.invoke('models.fit', { folds: 2 })).rejects.toMatchObject({ kind: 'bad-input' });
      } finally {
        services.close();
      }
    },
  );

  it('leaves out a feature without any training value (recorded), and fits the rest', async () => {
    const set2 = getOrCreateFeatureSet(
      store,
      { profile: 'test', settings: { description: 'second set' } },
      'test',
    ).id;
    const t = buildStoredTable(store, { featureSetId: setId });
    t.cases.forEach((c, i) => {
      const values = [t.table.columns[0][i], t.table.columns[1][i], NaN, t.table.columns[3][i]];
      const meta = ['f1', 'f2', 'undefinedAtOffset7', 'f4'].map((name) => ({
        name,
        tag: name,
        ibsi_id: '',
        family: 'intensity_histogram' as FeatureValue['family'],
        aggregation: 'none' as const,
      }));
      saveFeatureValues(
        store,
        set2,
        c.roi_id,
        meta.map((m, j) => ({ ...m, value: values[j] })),
      );
    });
    const r = await fitStoredModel(store, { featureSetId: set2, folds: 4 }, { worker: false });
    expect(r.features_without_training_values).toEqual(['undefinedAtOffset7']);
    expect(r.fit.features_in).toEqual(['f1', 'f2', 'f4']);
    expect(
      (getModelVersion(store, r.model_id)!.split as { features_without_training_values: string[] })
        .features_without_training_values,
    ).toEqual(['undefinedAtOffset7']);
    const p = await predictForPatient(store, r.model_id, r.fit.scores[0].id);
    expect(Math.abs(p.probability - r.fit.scores[0].probability)).toBeLessThan(1e-12);
  });

  it('rejects bad input with a clear reason and stores nothing', async () => {
    const before = listModelVersions(store).length;
    await expect(fitStoredModel(store, { featureSetId: 77 }, { worker: false })).rejects.toThrow(
      /feature set 77 does not exist \(stored: 1, 2\)/,
    );
    await expect(fitStoredModel(store, { folds: 20 }, { worker: false })).rejects.toThrow(
      /20-fold cross-validation needs at least 20 training patients per outcome/,
    );
    await expect(fitStoredModel(store, { timepoint: 'week 6' }, { worker: false })).rejects.toThrow(
      /no patient of feature set \d+ has a response label at timepoint "week 6"/,
    );
    await expect(fitStoredModel(store, { roi: 'CTV' }, { worker: false })).rejects.toThrow(
      /no ROI named "CTV" \(ROI names in it: "GTV"\)/,
    );
    await expect(fitStoredModel(store, { folds: 2 }, { worker: false })).rejects.toThrow(ModelInputError);
    // Every labelled patient effective.
    for (let i = 0; i < N; i++)
      setResponse(store, {
        patientRowId: upsertPatient(store, { patientId: `P${String(i + 1).padStart(3, '0')}` }).id,
        response: 'PR',
        timepoint: 'week 6',
      });
    await expect(fitStoredModel(store, { timepoint: 'week 6' }, { worker: false })).rejects.toThrow(
      /all 40 labelled patients are effective \(CR\/PR\)/,
    );
    expect(listModelVersions(store).length).toBe(before);
  });

  it('a cancelled fit stores nothing', async () => {
    const before = listModelVersions(store).length;
    const ac = new AbortController();
    ac.abort();
    await expect(fitStoredModel(store, { folds: 5 }, { signal: ac.signal })).rejects.toThrow(/cancelled/);
    expect(listModelVersions(store).length).toBe(before);
  });
});

describe('NE labels and the outcome block', () => {
  it('leaves an NE (not evaluable) patient out of the fit with the reason, and says where outcomes came from', async () => {
    // Every patient relabelled at "week 24": P001 through the calculator with a target not measured (NE).
    const responses = buildStoredTable(store, { timepoint: 'post-treatment' }).cases;
    for (const c of responses)
      setResponse(store, {
        patientRowId: upsertPatient(store, { patientId: c.patient_id }).id,
        response: c.response,
        timepoint: 'week 24',
      });
    assessLabel(store, {
      patientId: 'P001',
      timepoint: 'week 24',
      response: null,
      assessor: '',
      assessment: null,
      onMismatch: 'refuse',
      measurements: {
        criteria: 'recist',
        lesions: [
          { id: 'primary', node: false, organ: 'nasopharynx' },
          { id: 'neck node', node: true },
        ],
        baseline: { label: 'baseline', diameters: { primary: 40, 'neck node': 20 } },
        followUps: [{ label: 'follow-up 1', diameters: { primary: 30, 'neck node': null } }],
      },
    });
    const t = buildStoredTable(store, { timepoint: 'week 24' });
    expect(t.table.ids).toHaveLength(N - 1);
    expect(t.table.ids).not.toContain('P001');
    expect(t.excluded).toEqual([
      {
        id: 'P001',
        response: 'NE',
        reason: expect.stringMatching(
          /^NE \(not evaluable\) at week 24: follow-up 1: "neck node" not measured/,
        ),
      },
    ]);
    const r = await fitStoredModel(store, { timepoint: 'week 24', folds: 5 }, { worker: false });
    const outcome = readFitOutcome(r.fit);
    expect(outcome?.excluded.map((e) => e.id)).toEqual(['P001']);
    expect(outcome?.from).toEqual([{ definition: 'set directly', patients: N - 1 }]);
    expect(outcome?.rule).toContain('NE (not evaluable) left out');
    expect(r.fit.scores.map((s) => s.id)).not.toContain('P001');
    expect(getStoredModel(store, r.model_id).settings).toMatchObject({ outcome_rule: outcome?.rule });
  });
});
