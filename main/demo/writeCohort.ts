/**
 * Writes the synthetic demo cohort the way a clinic would hand it over: a DICOM export per patient
 * (`PAT_<id>/STUDY1/SE2/IM0001…` for the axial T2 series, `PAT_<id>/STUDY1/SE901/RS0001` for the RTSTRUCT
 * holding the tumour ROI `GTV`; extensionless names, as PACS exports often have), plus `labels.csv` and
 * `clinical.csv` at the top. Deterministic: same options → same bytes (fixed UID seed and content dates).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saveFiles, writeImageSeries, writeRtstruct, type WrittenFile } from '../dicom/index';
import { WorkerPool } from '../workers/pool';
import { DEFAULT_DEMO_OPTIONS, makeDemoPatient, type DemoCohortOptions, type DemoPatient } from './synthetic';

/** The ROI name of the tumour in every RTSTRUCT. */
export const DEMO_ROI_NAME = 'GTV';
/** The timepoint written into labels.csv. */
export const DEMO_TIMEPOINT = 'post-treatment';

export interface WrittenCohort {
  folder: string;
  labelsCsv: string;
  clinicalCsv: string;
  patients: number;
  /** One study per patient. */
  studies: number;
  /** Image series (the RTSTRUCT's own series is not counted: it is not an image series). */
  series: number;
  /** Image instances (slices), all patients. */
  instances: number;
  /** ROIs: one GTV per patient. */
  rois: number;
  /** All files written (images + RTSTRUCTs + the two CSVs). */
  files: number;
  bytes: number;
  /** Per patient: id and response, in order (what labels.csv holds). */
  labels: { patientId: string; response: DemoPatient['response'] }[];
}

export interface WriteCohortOptions extends Partial<DemoCohortOptions> {
  onProgress?: (done: number, total: number, patientId: string) => void;
  /**
   * Patients are generated and written in this many worker threads (one patient per task); 1 (the
   * default) writes in this thread, which keeps callers that only need a small test cohort free of workers.
   */
  workers?: number;
  signal?: AbortSignal;
}

/** What writing one patient produced: the rows of labels.csv/clinical.csv and the file counts. */
export interface WrittenPatient {
  index: number;
  patientId: string;
  response: DemoPatient['response'];
  age: number;
  sex: DemoPatient['sex'];
  tStage: number;
  nStage: number;
  ebvDna: number;
  /** DICOM files written (images + RTSTRUCT). */
  files: number;
  instances: number;
  bytes: number;
}

/** The day each patient was scanned: one a week from 2024-01-08, 09:00 UTC. */
function scanDate(index: number): Date {
  return new Date(Date.UTC(2024, 0, 8 + 7 * index, 9, 0, 0));
}

function yyyymmdd(d: Date): string {
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One patient's DICOM files, named relative to the cohort folder. */
export function patientFiles(p: DemoPatient, index: number, seed: number): WrittenFile[] {
  const when = scanDate(index);
  const uidSeed = `radscore-demo/${seed}/${p.patientId}`;
  const { files, ref } = writeImageSeries(
    p.image,
    { patientId: p.patientId, patientName: p.patientName, birthDate: p.birthDate, sex: p.sex },
    {
      studyDate: yyyymmdd(when),
      studyTime: '090000',
      studyDescription: 'MR NASOPHARYNX PRE-RT',
      accessionNumber: `A${yyyymmdd(when)}${String(index + 1).padStart(4, '0')}`,
      studyId: '1',
    },
    { seriesNumber: 2, seriesDescription: 'T2 TSE AX', repetitionTime: 4000, echoTime: 100 },
    { uidSeed, now: when },
  );
  const folder = `PAT_${p.patientId}/STUDY1`;
  const images = files.map((f, k) => ({
    name: `${folder}/SE2/IM${String(k + 1).padStart(4, '0')}`,
    bytes: f.bytes,
  }));
  const rt = writeRtstruct([{ name: DEMO_ROI_NAME, mask: p.tumour, color: [255, 0, 0] }], ref, {
    uidSeed,
    now: when,
    label: 'GTV contour',
    author: 'Demo radiation oncologist',
    seriesNumber: 901,
  });
  return [...images, { name: `${folder}/SE901/RS0001`, bytes: rt.file.bytes }];
}

/** Generates patient `index` of the cohort and writes its DICOM files under `folder` (the unit of work of cohort.worker). */
export async function writeDemoPatient(
  folder: string,
  index: number,
  opts: DemoCohortOptions,
): Promise<WrittenPatient> {
  const p = makeDemoPatient(index, opts);
  const written = patientFiles(p, index, opts.seed);
  await saveFiles(folder, written);
  let bytes = 0;
  for (const f of written) bytes += f.bytes.length;
  const { patientId, response, age, sex, tStage, nStage, ebvDna } = p;
  return {
    index,
    patientId,
    response,
    age,
    sex,
    tStage,
    nStage,
    ebvDna,
    files: written.length,
    instances: written.length - 1,
    bytes,
  };
}

export interface CohortTask {
  folder: string;
  index: number;
  options: DemoCohortOptions;
}

/** Writes every patient with a pool of `workers` threads; results in patient order. */
async function writeInWorkers(
  folder: string,
  opts: DemoCohortOptions,
  workers: number,
  onDone: (p: WrittenPatient, done: number) => void,
  signal?: AbortSignal,
): Promise<WrittenPatient[]> {
  const pool = new WorkerPool<CohortTask, WrittenPatient>('cohort.worker', {
    size: Math.min(workers, opts.patients),
  });
  const results = new Array<WrittenPatient>(opts.patients);
  let next = 0;
  let done = 0;
  try {
    // Two tasks in flight per worker: a worker never waits for the main thread between patients.
    await Promise.all(
      Array.from({ length: Math.min(pool.size * 2, opts.patients) }, async () => {
        while (next < opts.patients) {
          const index = next++;
          const p = await pool.run({ folder, index, options: opts }, { signal });
          results[index] = p;
          onDone(p, ++done);
        }
      }),
    );
  } finally {
    await pool.close();
  }
  return results;
}

/**
 * Writes the cohort under `folder` (created if needed; existing files of the same names are overwritten).
 * Patients are generated one at a time per thread, so memory stays that of one patient per worker.
 */
export async function writeDemoCohort(
  folder: string,
  options: WriteCohortOptions = {},
): Promise<WrittenCohort> {
  const { onProgress, workers = 1, signal, ...cohortOptions } = options;
  const opts: DemoCohortOptions = { ...DEFAULT_DEMO_OPTIONS, ...cohortOptions };
  if (!Number.isInteger(opts.patients) || opts.patients < 1)
    throw new Error(`the demo cohort needs at least 1 patient, got ${opts.patients}`);
  if (!Number.isInteger(opts.matrix) || opts.matrix < 32 || opts.matrix > 1024)
    throw new Error(`matrix must be an integer in 32…1024, got ${opts.matrix}`);
  if (!Number.isInteger(opts.slices) || opts.slices < 8 || opts.slices > 512)
    throw new Error(`slices must be an integer in 8…512, got ${opts.slices}`);
  if (!Number.isInteger(workers) || workers < 1)
    throw new Error(`workers must be a positive integer, got ${workers}`);
  await mkdir(folder, { recursive: true });
  let patients: WrittenPatient[];
  if (workers > 1 && opts.patients > 1) {
    patients = await writeInWorkers(
      folder,
      opts,
      workers,
      (p, done) => onProgress?.(done, opts.patients, p.patientId),
      signal,
    );
  } else {
    patients = [];
    for (let index = 0; index < opts.patients; index++) {
      signal?.throwIfAborted();
      const p = await writeDemoPatient(folder, index, opts);
      patients.push(p);
      onProgress?.(index + 1, opts.patients, p.patientId);
    }
  }
  const labelRows: string[] = ['patient_id,response,timepoint,assessor'];
  const clinicalRows: string[] = ['patient_id,age,sex,t_stage,n_stage,ebv_dna'];
  let instances = 0;
  let files = 0;
  let bytes = 0;
  for (const p of patients) {
    files += p.files;
    instances += p.instances;
    bytes += p.bytes;
    labelRows.push(
      [p.patientId, p.response, DEMO_TIMEPOINT, p.index % 2 ? 'Dr B' : 'Dr A'].map(csvCell).join(','),
    );
    clinicalRows.push(
      [p.patientId, p.age, p.sex, `T${p.tStage}`, `N${p.nStage}`, p.ebvDna].map(csvCell).join(','),
    );
  }
  const labelsCsv = join(folder, 'labels.csv');
  const clinicalCsv = join(folder, 'clinical.csv');
  const labelsText = `${labelRows.join('\n')}\n`;
  const clinicalText = `${clinicalRows.join('\n')}\n`;
  await writeFile(labelsCsv, labelsText);
  await writeFile(clinicalCsv, clinicalText);
  const n = patients.length;
  return {
    folder,
    labelsCsv,
    clinicalCsv,
    patients: n,
    studies: n,
    series: n,
    instances,
    rois: n,
    files: files + 2,
    bytes: bytes + labelsText.length + clinicalText.length,
    labels: patients.map((p) => ({ patientId: p.patientId, response: p.response })),
  };
}
