/** The written demo cohort re-imports with exact counts, its GTV masks come back voxel for voxel, and its CSVs apply. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPatient, getRoiMask, listRois, openStore, responseLabels, type Store } from '../store/index';
import { importFolders } from '../services/import';
import { importLabelsCsv } from '../services/labels';
import { importClinicalCsv } from '../services/clinical';
import { DEFAULT_DEMO_OPTIONS, makeDemoPatient } from './synthetic';
import { DEMO_ROI_NAME, writeDemoCohort, type WrittenCohort } from './writeCohort';

const opts = { ...DEFAULT_DEMO_OPTIONS, patients: 5, matrix: 64, slices: 12 };
let dir: string;
let cohort: WrittenCohort;
let store: Store;

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'radscore-demo-cohort-'));
  cohort = await writeDemoCohort(join(dir, 'cohort'), opts);
  store = openStore(join(dir, 'db.sqlite'));
});
afterAll(async () => {
  store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('writeDemoCohort', () => {
  it('writes a clinic-style folder tree: per patient one T2 series and one RTSTRUCT, plus two CSVs', async () => {
    const files = await listFiles(cohort.folder);
    expect(files).toHaveLength(opts.patients * (opts.slices + 1) + 2);
    expect(files).toContain('PAT_NPC001/STUDY1/SE2/IM0001');
    expect(files).toContain(`PAT_NPC001/STUDY1/SE2/IM${String(opts.slices).padStart(4, '0')}`);
    expect(files).toContain('PAT_NPC005/STUDY1/SE901/RS0001');
    expect(files).toContain('labels.csv');
    expect(files).toContain('clinical.csv');
    expect(cohort).toMatchObject({
      patients: 5,
      studies: 5,
      series: 5,
      instances: 5 * opts.slices,
      rois: 5,
      files: files.length,
    });
    const labels = (await readFile(cohort.labelsCsv, 'utf8')).trim().split('\n');
    expect(labels[0]).toBe('patient_id,response,timepoint,assessor');
    expect(labels).toHaveLength(6);
    expect(labels[1]).toMatch(/^NPC001,(CR|PR|SD|PD),post-treatment,Dr A$/);
    const clinical = (await readFile(cohort.clinicalCsv, 'utf8')).trim().split('\n');
    expect(clinical[0]).toBe('patient_id,age,sex,t_stage,n_stage,ebv_dna');
    expect(clinical[2]).toMatch(/^NPC002,\d+,[MF],T[1-4],N[0-3],\d+$/);
  });

  it(
    'is deterministic: the same options give the same bytes, written in this thread or by two workers',
    { timeout: 30_000 },
    async () => {
      const again = await writeDemoCohort(join(dir, 'again'), { ...opts, workers: 2 });
      const names = await listFiles(cohort.folder);
      expect(await listFiles(again.folder)).toEqual(names);
      for (const name of names) {
        const a = await readFile(join(cohort.folder, name));
        const b = await readFile(join(again.folder, name));
        expect(b.equals(a), name).toBe(true);
      }
      const { folder: _a, labelsCsv: _b, clinicalCsv: _c, ...counts } = again;
      const { folder: _d, labelsCsv: _e, clinicalCsv: _f, ...expected } = cohort;
      expect(counts).toEqual(expected);
    },
  );

  it('re-imports with exact counts, the GTV mask voxel for voxel, and labels and clinical variables applied', async () => {
    const result = await importFolders(store, [cohort.folder]);
    expect(result.skipped.filter((s) => !s.file.endsWith('.csv'))).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result).toMatchObject({ patients: 5, studies: 5, series: 5, instances: 5 * opts.slices, rois: 5 });

    const rois = listRois(store, { name: DEMO_ROI_NAME });
    expect(rois).toHaveLength(5);
    for (const roi of rois) {
      const index = Number(roi.patientId.slice(3)) - 1;
      const truth = makeDemoPatient(index, opts).tumour.data;
      const mask = getRoiMask(store, roi.id).data;
      let differing = 0;
      for (let v = 0; v < truth.length; v++) if ((truth[v] !== 0) !== (mask[v] !== 0)) differing++;
      expect(differing, `GTV of ${roi.patientId}`).toBe(0);
    }

    const labels = importLabelsCsv(store, { csv: await readFile(cohort.labelsCsv, 'utf8') });
    expect(labels).toEqual({ updated: 5, unchanged: 0, conflicts: [], confirm_token: null, errors: [] });
    const stored = responseLabels(store);
    for (const l of cohort.labels) expect(stored.get(l.patientId)?.response).toBe(l.response);

    const clinical = importClinicalCsv(store, { csv: await readFile(cohort.clinicalCsv, 'utf8') });
    expect(clinical).toMatchObject({ updated: 5, errors: [] });
    const p1 = makeDemoPatient(0, opts);
    expect(getPatient(store, 'NPC001')?.clinical).toEqual({
      age: p1.age,
      sex: p1.sex,
      t_stage: `T${p1.tStage}`,
      n_stage: `N${p1.nStage}`,
      ebv_dna: p1.ebvDna,
    });
  });

  it('refuses a cohort without patients', async () => {
    await expect(writeDemoCohort(join(dir, 'none'), { patients: 0 })).rejects.toThrow(/at least 1 patient/);
  });
});
