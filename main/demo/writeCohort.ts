/**
 * Writes the synthetic demo cohort the way a clinic would hand it over: a DICOM export per patient
 * (`PAT_<id>/STUDY1/SE2/IM0001…` for the axial T2 series, `PAT_<id>/STUDY1/SE901/RS0001` for the RTSTRUCT
 * holding the tumour ROI `GTV`; extensionless names, as PACS exports often have), plus `labels.csv` and
 * `clinical.csv` at the top. Deterministic: same options → same bytes (fixed UID seed and content dates).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saveFiles, writeImageSeries, writeRtstruct, type WrittenFile } from '../dicom/index';
import { DEFAULT_DEMO_OPTIONS, demoCohort, type DemoCohortOptions, type DemoPatient } from './synthetic';

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
  const images = files.map((f, k) => ({ name: `${folder}/SE2/IM${String(k + 1).padStart(4, '0')}`, bytes: f.bytes }));
  const rt = writeRtstruct([{ name: DEMO_ROI_NAME, mask: p.tumour, color: [255, 0, 0] }], ref, {
    uidSeed,
    now: when,
    label: 'GTV contour',
    author: 'Demo radiation oncologist',
    seriesNumber: 901,
  });
  return [...images, { name: `${folder}/SE901/RS0001`, bytes: rt.file.bytes }];
}

/**
 * Writes the cohort under `folder` (created if needed; existing files of the same names are overwritten).
 * Patients are generated one at a time, so memory stays that of one patient.
 */
export async function writeDemoCohort(folder: string, options: WriteCohortOptions = {}): Promise<WrittenCohort> {
  const { onProgress, ...cohortOptions } = options;
  const opts: DemoCohortOptions = { ...DEFAULT_DEMO_OPTIONS, ...cohortOptions };
  if (!Number.isInteger(opts.patients) || opts.patients < 1) throw new Error(`the demo cohort needs at least 1 patient, got ${opts.patients}`);
  if (!Number.isInteger(opts.matrix) || opts.matrix < 32 || opts.matrix > 1024) throw new Error(`matrix must be an integer in 32…1024, got ${opts.matrix}`);
  if (!Number.isInteger(opts.slices) || opts.slices < 8 || opts.slices > 512) throw new Error(`slices must be an integer in 8…512, got ${opts.slices}`);
  await mkdir(folder, { recursive: true });
  const labels: WrittenCohort['labels'] = [];
  const clinicalRows: string[] = ['patient_id,age,sex,t_stage,n_stage,ebv_dna'];
  const labelRows: string[] = ['patient_id,response,timepoint,assessor'];
  let instances = 0;
  let files = 0;
  let bytes = 0;
  let index = 0;
  for (const p of demoCohort(opts)) {
    const written = patientFiles(p, index, opts.seed);
    await saveFiles(folder, written);
    files += written.length;
    instances += written.length - 1;
    for (const f of written) bytes += f.bytes.length;
    labels.push({ patientId: p.patientId, response: p.response });
    labelRows.push([p.patientId, p.response, DEMO_TIMEPOINT, index % 2 ? 'Dr B' : 'Dr A'].map(csvCell).join(','));
    clinicalRows.push([p.patientId, p.age, p.sex, `T${p.tStage}`, `N${p.nStage}`, p.ebvDna].map(csvCell).join(','));
    index++;
    onProgress?.(index, opts.patients, p.patientId);
  }
  const labelsCsv = join(folder, 'labels.csv');
  const clinicalCsv = join(folder, 'clinical.csv');
  const labelsText = `${labelRows.join('\n')}\n`;
  const clinicalText = `${clinicalRows.join('\n')}\n`;
  await writeFile(labelsCsv, labelsText);
  await writeFile(clinicalCsv, clinicalText);
  return {
    folder,
    labelsCsv,
    clinicalCsv,
    patients: index,
    studies: index,
    series: index,
    instances,
    rois: index,
    files: files + 2,
    bytes: bytes + labelsText.length + clinicalText.length,
    labels,
  };
}
