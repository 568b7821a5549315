/**
 * Features as DICOM SR (issue #18 item 3; DESIGN §7 `export-sr`): one TID 1500 Measurement Report per patient
 * and feature set, one Measurement Group per ROI with features in the set. Each group references its
 * segment in a DICOM SEG written beside the SR (one SEG per image series, a segment per ROI: the exact
 * voxels the features were computed from) and the image series; the extraction settings go in as the
 * algorithm's parameters. With a de-identifier, the SR and SEGs are de-identified together (same codes,
 * same remapped UIDs, PS3.15 record with the Clean Structured Content option).
 */
import { resolve } from 'node:path';
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
import { buildRoiObject, type RoiExportDeidentification } from './roiExport';
import { checkOutputPath, CLI_REPLACE_HINT, writeOutputFile, type OutputOptions } from '../io/outputPath';

export interface ExportSrOptions {
  featureSetId: number;
  /** The patient's id as the site knows it (DICOM PatientID). */
  patientId: string;
  /** The SR file; the SEGs go beside it (`<name>.seg.dcm`, or `<name>.seg<n>.dcm` for several series). */
  out: string;
  deidentify?: Deidentifier;
  /** Replace existing files. */
  force?: boolean;
  /** How the caller's user asks to replace a file (the refusal names it); default: the CLI's --force (CLI_REPLACE_HINT). */
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
  // The shared --out rule (main/io/outputPath.ts) for the SR and every SEG, before anything is written.
  const outputOptions: OutputOptions = {
    databases: [store.path],
    force: options.force === true,
    replaceHint: options.replaceHint ?? CLI_REPLACE_HINT,
  };
  for (const target of [out, ...segPaths]) checkOutputPath(target, outputOptions);

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
  for (const s of segs) await writeOutputFile(s.path, s.bytes, outputOptions);
  await writeOutputFile(out, sr.file.bytes, outputOptions);
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
