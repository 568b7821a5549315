/**
 * Features as DICOM SR (issue #18 item 3; DESIGN §7 `export-sr`): one TID 1500 Measurement Report per patient
 * and feature set, one Measurement Group per ROI with features in the set. Each group references its
 * segment in a DICOM SEG written beside the SR (one SEG per image series, a segment per ROI: the exact
 * voxels the features were computed from) and the image series; the extraction settings go in as the
 * algorithm's parameters. With a de-identifier, the SR and SEGs are de-identified together (same codes,
 * same remapped UIDs, PS3.15 record with the Clean Structured Content option).
 */
import { realpathSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { CODING_SCHEMES, featureMeasurement } from '../dicom/featureCodes';
import { writeMeasurementReport, type SrImage, type SrMeasurementGroup } from '../dicom/sr';
import { SOFTWARE_VERSION, type ImageSeriesRef } from '../dicom/write';
import { createUidGenerator } from '../dicom/encode';
import { SOP_CLASS } from '../dicom/dataset';
import {
  canonicalJson,
  featureTable,
  getExtractionSettings,
  getFeatureSet,
  getPatient,
  getSeries,
  getRoi,
  type Store,
} from '../store/index';
import {
  CLEAN_STRUCTURED_CONTENT,
  deidentificationRecord,
  deidentifySeriesRef,
  type Deidentifier,
} from './deidentify';
import { buildRoiObject, writeFileAtomically, type RoiExportDeidentification } from './roiExport';

export interface ExportSrOptions {
  featureSetId: number;
  /** The patient's id as the site knows it (DICOM PatientID). */
  patientId: string;
  /** The SR file; the SEGs go beside it (`<name>.seg.dcm`, or `<name>.seg<n>.dcm` for several series). */
  out: string;
  deidentify?: Deidentifier;
  /** Replace existing files. */
  force?: boolean;
  /** How the caller's user asks to replace a file (the refusal names it); default: the CLI's --force. */
  replaceHint?: string;
  now?: Date;
  uidSeed?: string;
}

export interface ExportSrResult {
  out: string;
  seg: string[];
  /** As written in the SR (the study code when de-identified). */
  patient_id: string;
  feature_set_id: number;
  rois: number;
  features: number;
  /** NUM items written (rois × features). */
  measurements: number;
  sop_instance_uid: string;
  deidentified: boolean;
}

/** The software's Device Observer UID (TID 1004): the same for every export of this version, site-independent. */
function deviceObserverUid(): string {
  const hex = createHash('sha256').update(`Radscore Studio ${SOFTWARE_VERSION}`).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}

/**
 * Refuses to write over the open database (or its -wal/-shm/-journal files, compared after symlinks) and,
 * unless `force`, over any existing file — naming the file. (A minimal form of the shared "safe --out"
 * rule the hardening stream adds; to be replaced by it.)
 */
async function checkTargets(
  store: Store,
  targets: string[],
  force: boolean,
  replaceHint: string,
): Promise<void> {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      try {
        return join(realpathSync(dirname(p)), basename(p));
      } catch {
        return resolve(p);
      }
    }
  };
  const db = real(store.path);
  const protectedPaths = new Set([db, `${db}-wal`, `${db}-shm`, `${db}-journal`]);
  for (const t of targets) {
    if (protectedPaths.has(real(t)))
      throw new Error(`${t} is the open database (or one of its files): not overwritten`);
    if (force) continue;
    const exists = await access(t).then(
      () => true,
      () => false,
    );
    if (exists) throw new Error(`${t} exists: not replaced (${replaceHint})`);
  }
}

/** Writes the SR of one patient's features in one feature set, and the SEGs it references. */
export async function exportFeatureSr(store: Store, options: ExportSrOptions): Promise<ExportSrResult> {
  const set = getFeatureSet(store, options.featureSetId);
  if (!set) throw new Error(`no feature set ${options.featureSetId}`);
  if (!getPatient(store, options.patientId))
    throw new Error(`no patient "${options.patientId}" in the database`);
  const table = featureTable(store, set.id);
  const rows = table.rows.filter((r) => r.patientId === options.patientId);
  if (rows.length === 0)
    throw new Error(
      `patient "${options.patientId}" has no features in feature set ${set.id} (run \`radscore extract\` first)`,
    );
  const deid = options.deidentify;
  const record = deidentificationRecord([CLEAN_STRUCTURED_CONTENT]);
  const hooks: RoiExportDeidentification | undefined = deid && {
    seriesRef: (ref) => deidentifySeriesRef(ref, deid, record),
    text: (t) => deid.scrub(t),
    moment: (ref, at) => deid.moment(ref.patient.patientId, at),
  };

  // ROIs by series, in the table's order: one SEG per series, a segment per ROI.
  const bySeries = new Map<number, typeof rows>();
  for (const r of rows) {
    const seriesId = getRoi(store, r.roiId)!.seriesId;
    bySeries.set(seriesId, [...(bySeries.get(seriesId) ?? []), r]);
  }
  const out = resolve(options.out);
  const stem = out.replace(/\.dcm$/i, '');
  const segPaths = [...bySeries.keys()].map((_, n) =>
    bySeries.size === 1 ? `${stem}.seg.dcm` : `${stem}.seg${n + 1}.dcm`,
  );
  await checkTargets(
    store,
    [out, ...segPaths],
    options.force === true,
    options.replaceHint ?? 'use --force to replace it',
  );

  const at = options.now ?? new Date();
  const settings = getExtractionSettings(store, set.settingsHash);
  const parameters = [`profile: ${set.profile}`, `settings: ${canonicalJson(settings)}`].map((p) =>
    deid ? deid.scrub(p) : p,
  );
  const trackingUid = createUidGenerator(
    options.uidSeed === undefined ? undefined : `${options.uidSeed}/tracking`,
  );
  const segs: { bytes: Uint8Array; path: string }[] = [];
  const groups: SrMeasurementGroup[] = [];
  const evidence: { studyInstanceUid: string; seriesInstanceUid: string; instances: SrImage[] }[] = [];
  const imageLibrary: SrImage[][] = [];
  let reportRef: ImageSeriesRef | undefined;
  let n = 0;
  for (const [seriesId, seriesRows] of bySeries) {
    const seg = await buildRoiObject(
      store,
      seriesRows.map((r) => r.roiId),
      {
        format: 'SEG',
        deidentify: hooks,
        now: at,
        uidSeed: options.uidSeed === undefined ? undefined : `${options.uidSeed}/${seriesId}`,
      },
    );
    segs.push({ bytes: seg.file.bytes, path: segPaths[n++] });
    reportRef ??= seg.ref;
    const images = seg.ref.slices.filter((s) => s.sopInstanceUid);
    imageLibrary.push(images);
    evidence.push(
      {
        studyInstanceUid: seg.ref.studyInstanceUid,
        seriesInstanceUid: seg.ref.seriesInstanceUid,
        instances: images,
      },
      {
        studyInstanceUid: seg.ref.studyInstanceUid,
        seriesInstanceUid: seg.seriesInstanceUid,
        instances: [{ sopClassUid: SOP_CLASS.Segmentation, sopInstanceUid: seg.sopInstanceUid }],
      },
    );
    const modality = getSeries(store, seriesId)?.modality ?? '';
    seriesRows.forEach((r, k) => {
      groups.push({
        trackingIdentifier: seg.names[k],
        trackingUid: trackingUid(),
        finding: { value: '108369006', scheme: 'SCT', meaning: 'Neoplasm' },
        segment: {
          sopClassUid: SOP_CLASS.Segmentation,
          sopInstanceUid: seg.sopInstanceUid,
          segmentNumber: k + 1,
        },
        sourceSeriesUid: seg.ref.seriesInstanceUid,
        algorithm: {
          name: `Radscore Studio radiomics (${set.profile} profile)`,
          version: SOFTWARE_VERSION,
          parameters,
        },
        measurements: table.features.map((meta, f) => featureMeasurement(meta, r.values[f], modality)),
      });
    });
  }
  const now = deid ? deid.moment(options.patientId, at) : at;
  const sr = writeMeasurementReport(
    {
      ref: reportRef!,
      evidence,
      imageLibrary,
      groups,
      codingSchemes: CODING_SCHEMES,
      seriesDescription: `Radiomics features (feature set ${set.id}, ${set.profile})`,
      deviceUid: deviceObserverUid(),
      softwareVersion: SOFTWARE_VERSION,
    },
    { now, uidSeed: options.uidSeed },
  );
  // SEGs first: the SR never refers to a file that is not there.
  for (const s of segs) await writeFileAtomically(s.path, s.bytes);
  await writeFileAtomically(out, sr.file.bytes);
  return {
    out,
    seg: segs.map((s) => s.path),
    patient_id: reportRef!.patient.patientId,
    feature_set_id: set.id,
    rois: rows.length,
    features: table.features.length,
    measurements: rows.length * table.features.length,
    sop_instance_uid: sr.sopInstanceUid,
    deidentified: deid !== undefined,
  };
}
