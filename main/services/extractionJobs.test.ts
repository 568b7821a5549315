/**
 * Extraction jobs over a small imported demo cohort, with the real worker pool: per-case progress events,
 * the stored feature set summarised, and a cancelled run that keeps the cases it finished.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionJob } from '../../shared/api';
import { writeDemoCohort } from '../demo/writeCohort';
import { getSeries, insertRoi, listSeries, openStore, type Store } from '../store/index';
import { importFolders } from './import';
import { deidentifiedFeatureCsv } from './deidentify';
import { featureSetCsv } from './exportFeatures';
import { ExtractionJobs, extractionOptions, extractionPlan } from './extractionJobs';
import { featureSetCsvFor, featureSetSummaries } from './featureSets';

const dir = mkdtempSync(join(tmpdir(), 'radscore-worklist-extract-'));
let store: Store;
const PATIENTS = 4;

beforeAll(async () => {
  const cohort = await writeDemoCohort(join(dir, 'cohort'), { patients: PATIENTS, matrix: 64, slices: 10 });
  store = openStore(join(dir, 'db.sqlite'));
  await importFolders(store, [cohort.folder]);
}, 60_000);
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function finish(jobs: ExtractionJobs, jobId: string): Promise<ExtractionJob> {
  await jobs.settle();
  return jobs.status(jobId)!;
}

describe('extraction jobs', () => {
  it('lists presets with their settings and the profiles', async () => {
    const o = await extractionOptions();
    expect(o.profiles).toEqual(expect.arrayContaining(['ak', 'ibsi']));
    const paper = o.presets.find((p) => p.name === 'paper')!;
    expect(paper.defaultProfile).toBe('ak');
    expect(JSON.parse(paper.settings)).toMatchObject({
      discretisation: { texture: { method: 'fbn', bins: 64 } },
    });
  });

  it('reports every case, stores the set, and a cancelled run keeps the cases it finished', async () => {
    const paperPlan = { profile: null, preset: 'paper', settingsFile: null, roi: null };
    const before = await extractionPlan(store, paperPlan);
    expect(before).toMatchObject({
      profile: 'ak',
      rois: PATIENTS,
      stored: 0,
      toCompute: PATIENTS,
      featureSetId: null,
    });
    expect(before.description).toMatch(/A\.K\. profile/);
    expect(featureSetSummaries(store)).toEqual([]); // planning writes nothing

    const jobs = new ExtractionJobs(store, 0);
    const seen: ExtractionJob[] = [];
    jobs.subscribe((j) => seen.push(j));
    const { jobId } = jobs.start({
      profile: null,
      preset: 'paper',
      settingsFile: null,
      roi: null,
      workers: 1,
    });
    expect(() =>
      jobs.start({ profile: null, preset: 'paper', settingsFile: null, roi: null, workers: 1 }),
    ).toThrow(/already running/);
    const done = await finish(jobs, jobId);
    expect(done).toMatchObject({
      state: 'done',
      profile: 'ak',
      done: PATIENTS,
      total: PATIENTS,
      cases: PATIENTS,
      featuresPerCase: 396,
      failed: [],
    });
    const progress = seen.filter((j) => j.jobId === jobId && j.total > 0);
    expect(progress.map((j) => j.done)).toEqual(expect.arrayContaining([1, 2, 3, 4]));
    expect(new Set(progress.map((j) => j.current).filter(Boolean)).size).toBe(PATIENTS);
    expect(featureSetSummaries(store)).toEqual([
      expect.objectContaining({
        id: done.featureSetId,
        profile: 'ak',
        cases: PATIENTS,
        featuresPerCase: 396,
        failed: 0,
      }),
    ]);

    expect(await extractionPlan(store, paperPlan)).toMatchObject({
      rois: PATIENTS,
      stored: PATIENTS,
      toCompute: 0,
      featureSetId: done.featureSetId,
    });
    // The screen's CSV is the command line's, plain and de-identified.
    const csv = featureSetCsvFor(store, { featureSetId: done.featureSetId!, deidentify: false });
    expect(csv).toMatchObject({ rows: PATIENTS, features: 396, deidentified: false });
    expect(csv.csv).toBe(featureSetCsv(store, { featureSetId: done.featureSetId! }).csv);
    expect(csv.csv.split('\n')[0]).toMatch(/^patient_id,series_uid,roi,/);
    const deid = featureSetCsvFor(store, { featureSetId: done.featureSetId!, deidentify: true });
    expect(deid.csv).toBe(deidentifiedFeatureCsv(store, { featureSetId: done.featureSetId! }).csv);
    expect(deid.csv).not.toMatch(/NPC0/);
    expect(() => featureSetCsvFor(store, { featureSetId: 999, deidentify: false })).toThrow(
      /no feature set 999/,
    );
    expect(await extractionPlan(store, { ...paperPlan, roi: 'no such ROI' })).toMatchObject({
      rois: 0,
      toCompute: 0,
      roiNames: ['GTV'],
    });

    // Another profile, cancelled after its first case: that case stays stored, the run reads 'cancelled'.
    const second = jobs.start({
      profile: 'ibsi',
      preset: 'paper',
      settingsFile: null,
      roi: null,
      workers: 1,
    });
    await new Promise<void>((resolve) => {
      const off = jobs.subscribe((j) => {
        if (j.jobId === second.jobId && j.done >= 1) {
          off();
          resolve();
        }
      });
    });
    const cancelled = (await jobs.cancel(second.jobId))!;
    expect(cancelled.state).toBe('cancelled');
    const sets = featureSetSummaries(store);
    expect(sets).toHaveLength(2);
    expect(sets[1].profile).toBe('ibsi');
    expect(sets[1].cases).toBeGreaterThanOrEqual(1);
    expect(sets[1].cases).toBeLessThan(PATIENTS);
    // The plan for that profile counts what the cancelled run left to do.
    expect(await extractionPlan(store, { ...paperPlan, profile: 'ibsi' })).toMatchObject({
      profile: 'ibsi',
      stored: sets[1].cases,
      toCompute: PATIENTS - sets[1].cases,
      featureSetId: sets[1].id,
    });
  }, 60_000);

  it('a plan names a bad settings file or profile before anything runs', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'discretisation: { texture: { method: fbn, bins: -3 } }\n');
    await expect(
      extractionPlan(store, { profile: null, preset: null, settingsFile: bad, roi: null }),
    ).rejects.toThrow(/bad\.yaml.*discretisation\.texture/);
    await expect(
      extractionPlan(store, { profile: 'nope', preset: null, settingsFile: null, roi: null }),
    ).rejects.toThrow(/unknown profile "nope"/);
  });

  it('keeps its workers from one job to the next, renews them for another worker count, closes them at shutdown', async () => {
    const jobs = new ExtractionJobs(store, 0);
    expect(jobs.workerInfo()).toBeNull();
    const first = jobs.start({ profile: 'ak', preset: null, settingsFile: null, roi: null, workers: 1 });
    expect((await finish(jobs, first.jobId)).state).toBe('done');
    expect(jobs.workerInfo()).toEqual({ size: 1, started: 1, generation: 1 });
    // A rerun (nothing left to compute) and a 1-worker job keep the same started worker.
    const again = jobs.start({ profile: 'ak', preset: null, settingsFile: null, roi: null, workers: 1 });
    expect((await finish(jobs, again.jobId)).state).toBe('done');
    expect(jobs.workerInfo()).toEqual({ size: 1, started: 1, generation: 1 });
    const two = jobs.start({ profile: 'ibsi', preset: null, settingsFile: null, roi: null, workers: 2 });
    expect((await finish(jobs, two.jobId)).state).toBe('done');
    expect(jobs.workerInfo()).toMatchObject({ size: 2, generation: 2 });
    jobs.abortAll();
    expect(jobs.workerInfo()).toBeNull();
  }, 60_000);

  it('a bad settings file fails the job with the reason', async () => {
    const jobs = new ExtractionJobs(store, 0);
    const { jobId } = jobs.start({
      profile: null,
      preset: null,
      settingsFile: join(dir, 'missing.yaml'),
      roi: null,
      workers: 1,
    });
    const job = await finish(jobs, jobId);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/cannot read settings file .*missing\.yaml/);
  });

  it('lists a case that fails with its reason, and counts it on the feature set', async () => {
    const series = listSeries(store)[0];
    const { size, spacing, origin, direction } = getSeries(store, series.id)!.geometry;
    const empty = { size, spacing, origin, direction, data: new Uint8Array(size[0] * size[1] * size[2]) };
    insertRoi(store, { seriesId: series.id, name: 'EMPTY', source: 'drawn', mask: empty });
    const jobs = new ExtractionJobs(store, 0);
    const { jobId } = jobs.start({
      profile: null,
      preset: 'paper',
      settingsFile: null,
      roi: 'EMPTY',
      workers: 1,
    });
    const job = await finish(jobs, jobId);
    expect(job).toMatchObject({ state: 'done', done: 1, total: 1, cases: PATIENTS });
    expect(job.failed).toEqual([
      { patient_id: series.patientId, roi: 'EMPTY', reason: expect.stringMatching(/empty/i) },
    ]);
    expect(featureSetSummaries(store).find((s) => s.profile === 'ak')).toMatchObject({
      cases: PATIENTS,
      failed: 1,
    });
  }, 30_000);

  it('abortAll (shutdown) stops a running job as cancelled', async () => {
    const jobs = new ExtractionJobs(store, 0);
    const { jobId } = jobs.start({
      profile: 'ibsi',
      preset: 'paper',
      settingsFile: null,
      roi: null,
      workers: 1,
    });
    jobs.abortAll();
    expect((await finish(jobs, jobId)).state).toBe('cancelled');
  });
});
