/**
 * DICOM writer (Explicit VR Little Endian): an int16 MR image series, an RTSTRUCT whose contours give back
 * the exact mask voxels under the DESIGN §5 rasterisation rule, and a BINARY SEG. Pure byte building:
 * functions return bytes; `saveFiles` is the only one touching the disk.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import {
  indexToWorld,
  sameGrid,
  worldToIndex,
  type ImageGeometry,
  type MaskVolume,
  type Volume,
} from '../../shared/image/volume';
import { traceSliceLimited } from '../../shared/roi/trace';
import { createUidGenerator, dicomDateTime, ds, encodePart10, formatDS, type Element } from './encode';
import { SOP_CLASS, TAG } from './dataset';
import { slicePositionsOf } from './load';
import type { DicomPatientInfo, DicomSeriesInfo } from './types';

export interface WrittenFile {
  /** File name relative to the output folder. */
  name: string;
  bytes: Uint8Array;
}

export interface PatientInput {
  patientId: string;
  patientName?: string;
  birthDate?: string;
  sex?: string;
}

export interface StudyInput {
  studyInstanceUid?: string;
  studyDate?: string;
  studyTime?: string;
  studyDescription?: string;
  accessionNumber?: string;
  studyId?: string;
}

export interface SeriesInput {
  seriesInstanceUid?: string;
  seriesNumber?: number;
  seriesDescription?: string;
  frameOfReferenceUid?: string;
  /** MR acquisition parameters written with the images (defaults: a T2-weighted spin echo). */
  repetitionTime?: number;
  echoTime?: number;
}

export interface WriterOptions {
  /** Makes every generated UID deterministic (same seed → same UIDs). */
  uidSeed?: string;
  /** Content date/time written into the objects (default: now). */
  now?: Date;
  manufacturer?: string;
}

/** The image a slice comes from: an instance, or one frame of a multi-frame instance. */
export interface SliceImage {
  sopClassUid: string;
  sopInstanceUid: string;
  frame?: number;
}

/** Referenced SOP Class / Instance UID (and Referenced Frame Number for a frame) of a slice's image. */
export function imageReference(img: SliceImage): Element[] {
  return [
    str(0x00081150, 'UI', img.sopClassUid),
    str(0x00081155, 'UI', img.sopInstanceUid),
    ...(img.frame !== undefined ? [str(0x00081160, 'IS', String(img.frame))] : []), // ReferencedFrameNumber
  ];
}

/** The distinct instances of slice images (a multi-frame instance once, without frame numbers). */
export function distinctInstances(slices: SliceImage[]): SliceImage[] {
  const seen = new Map<string, SliceImage>();
  for (const s of slices)
    if (s.sopInstanceUid && !seen.has(s.sopInstanceUid))
      seen.set(s.sopInstanceUid, { sopClassUid: s.sopClassUid, sopInstanceUid: s.sopInstanceUid });
  return [...seen.values()];
}

/** The study an object belongs to (General Study module). */
export interface StudyRef {
  studyInstanceUid: string;
  studyDate: string;
  studyDescription: string;
  accessionNumber: string;
  /** As the study's images carry them ('' or absent when unknown: written empty, never made up). */
  studyTime?: string;
  studyId?: string;
  referringPhysicianName?: string;
}

/** What an RTSTRUCT / SEG needs to know about the image series it annotates. */
export interface ImageSeriesRef extends StudyRef {
  patient: DicomPatientInfo;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  geometry: ImageGeometry;
  /**
   * Per slice k of the geometry: the image's SOP class and instance UID ('' when no instance), and for a
   * frame of a multi-frame image its frame number (1-based).
   */
  slices: SliceImage[];
  /** Real position of each slice k in slice units (slicePositionsOf): contours and SEG frames go there. */
  slicePositions?: ArrayLike<number>;
  /** Position Reference Indicator of the frame of reference, as the images carry it. */
  positionReferenceIndicator?: string;
  /** Set by de-identification: recorded in every object written against this reference. */
  deidentification?: DeidentificationRecord;
}

/** A coded concept (PS3.3 Table 8.8-1): CodeValue, CodingSchemeDesignator, CodeMeaning. */
export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

/**
 * How an object was de-identified (PS3.15 E.1.1, PS3.3 C.7.1.1): written as Patient Identity Removed = YES,
 * De-identification Method and its Code Sequence (CID 7050 profile and options), and — when dates were
 * shifted — Longitudinal Temporal Information Modified = MODIFIED.
 */
export interface DeidentificationRecord {
  /** De-identification Method (LO, at most 64 characters). */
  method: string;
  /** CID 7050 codes (scheme DCM): the profile and each option applied. */
  codes: Code[];
  datesModified: boolean;
}

export interface RoiMaskInput {
  name: string;
  mask: MaskVolume;
  /** Display colour (RGB 0–255). */
  color?: [number, number, number];
}

export const MANUFACTURER = 'Radscore Studio';
/** Software Versions and the device of Enhanced General Equipment (a program has no hardware serial number). */
export const SOFTWARE_VERSION = packageJson.version;
const MODEL_NAME = 'Radscore Studio';
const DEVICE_SERIAL_NUMBER = 'RADSCORE';

export const str = (tag: number, vr: Element['vr'], value: string): Element => ({ tag, vr, value });
export const seq = (tag: number, items: Element[][]): Element => ({ tag, vr: 'SQ', value: items });
export const us = (tag: number, ...values: number[]): Element => ({ tag, vr: 'US', value: values });

/** The three elements of a code sequence item. */
export function codeItem(c: Code): Element[] {
  return [str(0x00080100, 'SH', c.value), str(0x00080102, 'SH', c.scheme), str(0x00080104, 'LO', c.meaning)];
}

/** Patient module, with the de-identification record (PS3.3 C.7.1.1) when there is one. */
export function patientElements(p: DicomPatientInfo, deid?: DeidentificationRecord): Element[] {
  return [
    str(TAG.PatientName, 'PN', p.patientName),
    str(TAG.PatientID, 'LO', p.patientId),
    str(TAG.PatientBirthDate, 'DA', p.birthDate),
    str(TAG.PatientSex, 'CS', p.sex),
    ...(deid
      ? [
          str(0x00120062, 'CS', 'YES'), // PatientIdentityRemoved
          str(0x00120063, 'LO', deid.method.slice(0, 64)), // DeidentificationMethod
          seq(0x00120064, deid.codes.map(codeItem)), // DeidentificationMethodCodeSequence
          ...(deid.datesModified ? [str(0x00280303, 'CS', 'MODIFIED')] : []), // LongitudinalTemporalInformationModified
        ]
      : []),
  ];
}

/** Enhanced General Equipment (PS3.3 C.7.5.2): all four attributes are Type 1. */
export function equipmentElements(manufacturer = MANUFACTURER): Element[] {
  return [
    str(TAG.Manufacturer, 'LO', manufacturer),
    str(0x00081090, 'LO', MODEL_NAME), // ManufacturerModelName
    str(0x00181000, 'LO', DEVICE_SERIAL_NUMBER), // DeviceSerialNumber
    str(0x00181020, 'LO', SOFTWARE_VERSION), // SoftwareVersions
  ];
}

/**
 * A value copied from the source images, as far as it is valid for its VR (PS3.5 Table 6.2-1): identifiers
 * that are too long are left empty rather than cut into another identifier; descriptions are cut to 64.
 */
function copied(vr: 'SH' | 'LO' | 'TM' | 'PN' | 'DA', value: string | undefined, cut = false): string {
  const v = (value ?? '').trim();
  const max = { SH: 16, LO: 64, TM: 16, PN: 64, DA: 8 }[vr];
  // A backslash would split the value in two; control characters are not allowed in these VRs.
  if ([...v].some((ch) => ch === '\\' || ch.charCodeAt(0) < 0x20)) return '';
  if (vr === 'TM' && !/^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/.test(v)) return '';
  if (vr === 'DA' && !/^(\d{8})?$/.test(v)) return '';
  if (v.length <= max) return v;
  return cut ? v.slice(0, max).trim() : '';
}

/** General Study module of an object that belongs to the study of `ref` (time, id, physician: as the images carry them). */
export function studyElements(ref: StudyRef): Element[] {
  return [
    str(TAG.StudyDate, 'DA', copied('DA', ref.studyDate)),
    str(0x00080030, 'TM', copied('TM', ref.studyTime)), // StudyTime
    str(TAG.AccessionNumber, 'SH', copied('SH', ref.accessionNumber)),
    str(0x00080090, 'PN', copied('PN', ref.referringPhysicianName)), // ReferringPhysicianName
    str(TAG.StudyDescription, 'LO', copied('LO', ref.studyDescription, true)),
    str(TAG.StudyInstanceUID, 'UI', ref.studyInstanceUid),
    str(0x00200010, 'SH', copied('SH', ref.studyId)), // StudyID
  ];
}

/**
 * A free-text person (an author typed in the app, a vendor string) as a Person Name: the whole text as the
 * family-name component ("Dr Who" → "Dr Who^"), so that readers do not take it for the retired
 * space-separated form; values that already have components are kept.
 */
export function personName(text: string): string {
  const t = text.trim();
  return !t || /[\^=]/.test(t) ? t : `${t}^`;
}

/** The orientation (row then column cosines) of a grid. */
function orientationOf(g: ImageGeometry): number[] {
  const d = g.direction;
  return [d[0], d[3], d[6], d[1], d[4], d[7]];
}

function checkDirection(g: ImageGeometry): void {
  const d = g.direction;
  // The k axis must be the normal (row × column), as it is for every series read from DICOM.
  const n = [d[3] * d[7] - d[6] * d[4], d[6] * d[1] - d[0] * d[7], d[0] * d[4] - d[3] * d[1]];
  if (Math.abs(n[0] - d[2]) + Math.abs(n[1] - d[5]) + Math.abs(n[2] - d[8]) > 1e-4) {
    throw new Error(
      "the volume's k axis is not the cross product of its i and j axes (left-handed grid); reorder it before writing DICOM",
    );
  }
}

/**
 * One MR Image Storage file per slice, int16 stored values = the volume's values (which must be integers
 * in −32768…32767; no rescale). File names `IM00001.dcm`… in slice order.
 */
export function writeImageSeries(
  volume: Volume,
  patient: PatientInput,
  study: StudyInput = {},
  series: SeriesInput = {},
  options: WriterOptions = {},
): { files: WrittenFile[]; ref: ImageSeriesRef } {
  checkDirection(volume);
  const uid = createUidGenerator(options.uidSeed);
  const now = dicomDateTime(options.now ?? new Date());
  const [nx, ny, nz] = volume.size;
  const sliceLength = nx * ny;
  if (volume.data.length !== sliceLength * nz)
    throw new Error(`volume data holds ${volume.data.length} values, size says ${sliceLength * nz}`);
  const p: DicomPatientInfo = {
    patientId: patient.patientId,
    patientName: patient.patientName ?? patient.patientId,
    birthDate: patient.birthDate ?? '',
    sex: patient.sex ?? '',
  };
  const ref: ImageSeriesRef = {
    patient: p,
    studyInstanceUid: study.studyInstanceUid ?? uid(),
    studyDate: study.studyDate ?? now.date,
    studyDescription: study.studyDescription ?? '',
    accessionNumber: study.accessionNumber ?? '',
    seriesInstanceUid: series.seriesInstanceUid ?? uid(),
    frameOfReferenceUid: series.frameOfReferenceUid ?? uid(),
    geometry: {
      size: [...volume.size],
      spacing: [...volume.spacing],
      origin: [...volume.origin],
      direction: [...volume.direction],
    },
    slices: [],
  };
  const orientation = ds(orientationOf(volume), 8);
  const files: WrittenFile[] = [];
  for (let k = 0; k < nz; k++) {
    const pixels = new Int16Array(sliceLength);
    let min = Infinity;
    let max = -Infinity;
    const offset = k * sliceLength;
    for (let n = 0; n < sliceLength; n++) {
      const v = volume.data[offset + n];
      if (!(v === Math.round(v) && v >= -32768 && v <= 32767)) {
        throw new Error(
          `voxel value ${v} at slice ${k} cannot be stored as int16 without rescale (round and clip first)`,
        );
      }
      pixels[n] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (sliceLength === 0) min = max = 0;
    const sop = uid();
    const position = indexToWorld(volume, 0, 0, k);
    const elements: Element[] = [
      str(0x00080005, 'CS', 'ISO_IR 192'),
      str(0x00080008, 'CS', 'DERIVED\\SECONDARY'),
      str(TAG.SOPClassUID, 'UI', SOP_CLASS.MRImage),
      str(TAG.SOPInstanceUID, 'UI', sop),
      str(0x00080021, 'DA', ref.studyDate), // SeriesDate
      str(0x00080023, 'DA', now.date), // ContentDate
      str(0x00080031, 'TM', now.time), // SeriesTime
      str(0x00080033, 'TM', now.time), // ContentTime
      str(TAG.Modality, 'CS', 'MR'),
      str(TAG.Manufacturer, 'LO', options.manufacturer ?? MANUFACTURER),
      str(TAG.SeriesDescription, 'LO', series.seriesDescription ?? ''),
      ...patientElements(p),
      ...studyElements({ ...ref, studyTime: study.studyTime ?? now.time, studyId: study.studyId ?? '1' }),
      str(0x00180020, 'CS', 'SE'), // ScanningSequence
      str(0x00180021, 'CS', 'NONE'), // SequenceVariant
      str(0x00180022, 'CS', ''), // ScanOptions
      str(0x00180023, 'CS', '2D'), // MRAcquisitionType
      str(TAG.SliceThickness, 'DS', formatDS(volume.spacing[2])),
      str(0x00180080, 'DS', formatDS(series.repetitionTime ?? 4000)), // RepetitionTime
      str(0x00180081, 'DS', formatDS(series.echoTime ?? 100)), // EchoTime
      str(0x00180091, 'IS', '1'), // EchoTrainLength
      str(TAG.SeriesInstanceUID, 'UI', ref.seriesInstanceUid),
      str(TAG.SeriesNumber, 'IS', String(series.seriesNumber ?? 1)),
      str(TAG.InstanceNumber, 'IS', String(k + 1)),
      str(TAG.ImagePositionPatient, 'DS', ds(position)),
      str(TAG.ImageOrientationPatient, 'DS', orientation),
      str(TAG.FrameOfReferenceUID, 'UI', ref.frameOfReferenceUid),
      str(0x00201040, 'LO', ''), // PositionReferenceIndicator
      us(TAG.SamplesPerPixel, 1),
      str(TAG.PhotometricInterpretation, 'CS', 'MONOCHROME2'),
      us(TAG.Rows, ny),
      us(TAG.Columns, nx),
      str(TAG.PixelSpacing, 'DS', ds([volume.spacing[1], volume.spacing[0]])),
      us(TAG.BitsAllocated, 16),
      us(TAG.BitsStored, 16),
      us(TAG.HighBit, 15),
      us(TAG.PixelRepresentation, 1),
      str(0x00281050, 'DS', formatDS((min + max) / 2, 1)), // WindowCenter
      str(0x00281051, 'DS', formatDS(Math.max(1, max - min), 1)), // WindowWidth
      { tag: TAG.PixelData, vr: 'OW', value: new Uint8Array(pixels.buffer) },
    ];
    files.push({
      name: `IM${String(k + 1).padStart(5, '0')}.dcm`,
      bytes: encodePart10(SOP_CLASS.MRImage, sop, elements),
    });
    ref.slices.push({ sopClassUid: SOP_CLASS.MRImage, sopInstanceUid: sop });
  }
  return { files, ref };
}

/** The reference an RTSTRUCT/SEG needs, from a scanned series (e.g. to export ROIs drawn in the app). */
export function seriesRefFromScan(series: DicomSeriesInfo): ImageSeriesRef {
  return seriesRefOf(series);
}

/**
 * The reference an RTSTRUCT/SEG needs, from what a scan or the store knows of a series: each single-frame
 * instance is referenced on the slice its position falls on; the real slice positions come along.
 */
export function seriesRefOf(
  series: Pick<
    DicomSeriesInfo,
    'patient' | 'study' | 'seriesInstanceUid' | 'frameOfReferenceUid' | 'instances' | 'geometry'
  >,
): ImageSeriesRef {
  const g = series.geometry;
  const slicePositions = slicePositionsOf(series);
  // Slice k is the one whose real position is the instance's (unevenly spaced series: not the rounded index).
  const kOf = new Map<number, number>();
  slicePositions.forEach((p, k) => Number.isFinite(p) && kOf.set(Math.round(p * 1e6), k));
  const slices: SliceImage[] = Array.from({ length: g.size[2] }, () => ({
    sopClassUid: '',
    sopInstanceUid: '',
  }));
  for (const inst of series.instances) {
    // A multi-frame image gives each of its frames' slices, referenced by frame number.
    inst.positions.forEach((position, f) => {
      const k = kOf.get(Math.round(worldToIndex(g, position)[2] * 1e6));
      if (k !== undefined && !slices[k].sopInstanceUid)
        slices[k] = {
          sopClassUid: inst.sopClassUid,
          sopInstanceUid: inst.sopInstanceUid,
          ...(inst.frames > 1 ? { frame: f + 1 } : {}),
        };
    });
  }
  return {
    patient: series.patient,
    studyInstanceUid: series.study.studyInstanceUid,
    studyDate: series.study.studyDate,
    studyDescription: series.study.studyDescription,
    accessionNumber: series.study.accessionNumber,
    seriesInstanceUid: series.seriesInstanceUid,
    frameOfReferenceUid: series.frameOfReferenceUid,
    geometry: g,
    slices,
    slicePositions,
  };
}

/** Continuous k at which slice k really lies (its index when the series is evenly spaced). */
function sliceK(ref: ImageSeriesRef, k: number): number {
  const at = ref.slicePositions?.[k];
  return at !== undefined && Number.isFinite(at) ? at : k;
}

function checkMasks(masks: RoiMaskInput[], ref: ImageSeriesRef): void {
  if (masks.length === 0) throw new Error('no ROI masks to write');
  const names = new Set<string>();
  for (const m of masks) {
    if (!m.name.trim()) throw new Error('an ROI needs a name');
    if (m.name.length > 64)
      throw new Error(
        `ROI name "${m.name}" has ${m.name.length} characters; DICOM allows 64 (LO): rename the ROI to export it`,
      );
    if (names.has(m.name)) throw new Error(`ROI name "${m.name}" given twice`);
    names.add(m.name);
    if (!sameGrid(m.mask, ref.geometry))
      throw new Error(`mask "${m.name}" is not on the grid of series ${ref.seriesInstanceUid}`);
  }
}

const DEFAULT_COLORS: [number, number, number][] = [
  [255, 0, 0],
  [0, 200, 0],
  [0, 96, 255],
  [255, 200, 0],
  [200, 0, 255],
  [0, 220, 220],
];

/** Longest contour so that its ContourData (≤ 3 × 12 bytes per point) stays under 64 KiB. */
const MAX_CONTOUR_POINTS = 1800;

/**
 * RTSTRUCT with one ROI per mask: every slice's mask boundary traced along pixel edges (holes and islands
 * as separate contours), so that rasterising by DESIGN §5 gives back exactly the mask.
 */
export function writeRtstruct(
  masks: RoiMaskInput[],
  ref: ImageSeriesRef,
  options: WriterOptions & { label?: string; author?: string; seriesNumber?: number } = {},
): { file: WrittenFile; sopInstanceUid: string; seriesInstanceUid: string } {
  checkMasks(masks, ref);
  const uid = createUidGenerator(options.uidSeed === undefined ? undefined : `${options.uidSeed}/rtstruct`);
  const now = dicomDateTime(options.now ?? new Date());
  const sop = uid();
  const seriesUid = uid();
  const g = ref.geometry;
  const [nx, ny, nz] = g.size;
  const sliceRef = (k: number): Element[][] =>
    ref.slices[k]?.sopInstanceUid ? [imageReference(ref.slices[k])] : [];
  const contourImages = ref.slices.flatMap((_, k) => sliceRef(k));

  const structureSetRois: Element[][] = [];
  const roiContours: Element[][] = [];
  const observations: Element[][] = [];
  masks.forEach((m, index) => {
    const number = index + 1;
    structureSetRois.push([
      str(TAG.ROINumber, 'IS', String(number)),
      str(TAG.ReferencedFrameOfReferenceUID, 'UI', ref.frameOfReferenceUid),
      str(TAG.ROIName, 'LO', m.name),
      str(0x30060036, 'CS', 'MANUAL'), // ROIGenerationAlgorithm
    ]);
    const contours: Element[][] = [];
    for (let k = 0; k < nz; k++) {
      const slice = m.mask.data.subarray(k * nx * ny, (k + 1) * nx * ny);
      if (!slice.some((v) => v !== 0)) continue;
      for (const loop of traceSliceLimited(slice, nx, ny, MAX_CONTOUR_POINTS)) {
        const points: number[] = [];
        const kk = sliceK(ref, k);
        for (let n = 0; n < loop.xs.length; n++) points.push(...indexToWorld(g, loop.xs[n], loop.ys[n], kk));
        const item: Element[] = [
          str(TAG.ContourGeometricType, 'CS', 'CLOSED_PLANAR'),
          str(0x30060046, 'IS', String(loop.xs.length)), // NumberOfContourPoints
          str(TAG.ContourData, 'DS', ds(points, 4)),
        ];
        const img = sliceRef(k);
        if (img.length > 0) item.push(seq(0x30060016, img)); // ContourImageSequence
        contours.push(item);
      }
    }
    const color = m.color ?? DEFAULT_COLORS[index % DEFAULT_COLORS.length];
    roiContours.push([
      str(0x3006002a, 'IS', color.map((c) => String(Math.round(c))).join('\\')), // ROIDisplayColor
      seq(TAG.ContourSequence, contours),
      str(TAG.ReferencedROINumber, 'IS', String(number)),
    ]);
    observations.push([
      str(0x30060082, 'IS', String(number)), // ObservationNumber
      str(TAG.ReferencedROINumber, 'IS', String(number)),
      str(0x300600a4, 'CS', /^gtv/i.test(m.name) ? 'GTV' : 'ORGAN'), // RTROIInterpretedType
      str(0x300600a6, 'PN', personName(options.author ?? '')), // ROIInterpreter
    ]);
  });

  const elements: Element[] = [
    str(0x00080005, 'CS', 'ISO_IR 192'),
    str(0x00080012, 'DA', now.date), // InstanceCreationDate
    str(0x00080013, 'TM', now.time), // InstanceCreationTime
    str(TAG.SOPClassUID, 'UI', SOP_CLASS.RTStructureSet),
    str(TAG.SOPInstanceUID, 'UI', sop),
    str(TAG.Modality, 'CS', 'RTSTRUCT'),
    ...equipmentElements(options.manufacturer),
    str(TAG.OperatorsName, 'PN', personName(options.author ?? '')), // Type 2 in the RT Series module
    str(TAG.SeriesDescription, 'LO', options.label ?? 'ROIs'),
    ...patientElements(ref.patient, ref.deidentification),
    ...studyElements(ref),
    str(TAG.SeriesInstanceUID, 'UI', seriesUid),
    str(TAG.SeriesNumber, 'IS', String(options.seriesNumber ?? 1001)),
    str(TAG.InstanceNumber, 'IS', '1'),
    // Frame of Reference module (the image series' frame): the contours are in its patient coordinates.
    str(TAG.FrameOfReferenceUID, 'UI', ref.frameOfReferenceUid),
    str(0x00201040, 'LO', copied('LO', ref.positionReferenceIndicator, true)), // PositionReferenceIndicator
    str(TAG.StructureSetLabel, 'SH', (options.label ?? 'ROIs').slice(0, 16)),
    str(0x30060008, 'DA', now.date), // StructureSetDate
    str(0x30060009, 'TM', now.time), // StructureSetTime
    seq(TAG.ReferencedFrameOfReferenceSequence, [
      [
        str(TAG.FrameOfReferenceUID, 'UI', ref.frameOfReferenceUid),
        seq(TAG.RTReferencedStudySequence, [
          [
            str(0x00081150, 'UI', '1.2.840.10008.3.1.2.3.1'), // Detached Study Management (as PS3.3 C.8.8.5 examples use)
            str(0x00081155, 'UI', ref.studyInstanceUid),
            seq(TAG.RTReferencedSeriesSequence, [
              [
                str(TAG.SeriesInstanceUID, 'UI', ref.seriesInstanceUid),
                ...(contourImages.length > 0 ? [seq(0x30060016, contourImages)] : []),
              ],
            ]),
          ],
        ]),
      ],
    ]),
    seq(TAG.StructureSetROISequence, structureSetRois),
    seq(TAG.ROIContourSequence, roiContours),
    seq(0x30060080, observations), // RTROIObservationsSequence
  ];
  return {
    file: { name: `RS_${sop.slice(-12)}.dcm`, bytes: encodePart10(SOP_CLASS.RTStructureSet, sop, elements) },
    sopInstanceUid: sop,
    seriesInstanceUid: seriesUid,
  };
}

/** SEG coding (PS3.16): every segment is a neoplasm (the app's ROIs are tumour contours). */
const SEGMENT_CATEGORY: Code = {
  value: '49755003',
  scheme: 'SCT',
  meaning: 'Morphologically Abnormal Structure',
};
const SEGMENT_TYPE: Code = { value: '108369006', scheme: 'SCT', meaning: 'Neoplasm' };
/** CID 7203 "Image Derivation" and CID 7202 "Source Image Purposes of Reference". */
const DERIVATION_SEGMENTATION: Code = { value: '113076', scheme: 'DCM', meaning: 'Segmentation' };
const PURPOSE_SOURCE_IMAGE: Code = {
  value: '121322',
  scheme: 'DCM',
  meaning: 'Source image for image processing operation',
};

/** One item of the Dimension Index Sequence: the attribute indexed and the functional group holding it. */
function dimensionIndex(organizationUid: string, pointer: number, group: number, label: string): Element[] {
  return [
    { tag: 0x00209165, vr: 'AT', value: [pointer] }, // DimensionIndexPointer
    { tag: 0x00209167, vr: 'AT', value: [group] }, // FunctionalGroupPointer
    str(0x00209164, 'UI', organizationUid), // DimensionOrganizationUID
    str(0x00209421, 'LO', label), // DimensionDescriptionLabel
  ];
}

/** Packs 0/1 values LSB first, back to back (DICOM 1-bit pixel data), padded to an even length. */
function packBits(bits: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(((Math.ceil(bits.length / 8) + 1) >> 1) << 1);
  for (let n = 0; n < bits.length; n++) if (bits[n]) bytes[n >> 3] |= 1 << (n & 7);
  return bytes;
}

function padEven(bytes: Uint8Array): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** BINARY (or, with `fractional`, 8-bit FRACTIONAL 0/255) SEG: one segment per mask, one frame per slice where the segment has voxels. */
export function writeSeg(
  masks: RoiMaskInput[],
  ref: ImageSeriesRef,
  options: WriterOptions & {
    label?: string;
    author?: string;
    seriesNumber?: number;
    fractional?: boolean;
  } = {},
): { file: WrittenFile; sopInstanceUid: string; seriesInstanceUid: string } {
  const fractional = options.fractional === true;
  checkMasks(masks, ref);
  const uid = createUidGenerator(options.uidSeed === undefined ? undefined : `${options.uidSeed}/seg`);
  const now = dicomDateTime(options.now ?? new Date());
  const sop = uid();
  const seriesUid = uid();
  const dimensionOrganizationUid = uid();
  const g = ref.geometry;
  const [nx, ny, nz] = g.size;
  const sliceLength = nx * ny;
  const frames: { segment: number; k: number }[] = [];
  masks.forEach((m, index) => {
    let any = false;
    for (let k = 0; k < nz; k++) {
      if (m.mask.data.subarray(k * sliceLength, (k + 1) * sliceLength).some((v) => v !== 0)) {
        frames.push({ segment: index + 1, k });
        any = true;
      }
    }
    if (!any) frames.push({ segment: index + 1, k: 0 }); // an empty segment still needs a frame
  });
  const bits = new Uint8Array(frames.length * sliceLength);
  frames.forEach((f, n) => {
    const src = masks[f.segment - 1].mask.data.subarray(f.k * sliceLength, (f.k + 1) * sliceLength);
    for (let v = 0; v < sliceLength; v++) bits[n * sliceLength + v] = src[v] ? 1 : 0;
  });
  const segments: Element[][] = masks.map((m, index) => [
    seq(0x00620003, [codeItem(SEGMENT_CATEGORY)]), // SegmentedPropertyCategoryCodeSequence
    us(TAG.SegmentNumber, index + 1),
    str(TAG.SegmentLabel, 'LO', m.name),
    str(0x00620008, 'CS', 'MANUAL'), // SegmentAlgorithmType
    seq(0x0062000f, [codeItem(SEGMENT_TYPE)]), // SegmentedPropertyTypeCodeSequence
  ]);
  const perFrame: Element[][] = frames.map((f) => {
    const img = ref.slices[f.k];
    return [
      ...(img?.sopInstanceUid
        ? [
            // Derivation Image macro: derived by segmentation from this slice (PS3.3 C.7.6.16.2.6).
            seq(0x00089124, [
              [
                seq(0x00089215, [codeItem(DERIVATION_SEGMENTATION)]), // DerivationCodeSequence
                seq(0x00082112, [
                  [
                    ...imageReference(img),
                    seq(0x0040a170, [codeItem(PURPOSE_SOURCE_IMAGE)]), // PurposeOfReferenceCodeSequence
                  ],
                ]), // SourceImageSequence
              ],
            ]),
          ]
        : []),
      // Frame Content: the frame's index along the two dimensions below (segment, slice position).
      seq(0x00209111, [[{ tag: 0x00209157, vr: 'UL', value: [f.segment, f.k + 1] }]]),
      seq(TAG.PlanePositionSequence, [
        [str(TAG.ImagePositionPatient, 'DS', ds(indexToWorld(g, 0, 0, sliceK(ref, f.k))))],
      ]),
      seq(TAG.SegmentIdentificationSequence, [[us(TAG.ReferencedSegmentNumber, f.segment)]]),
    ];
  });
  const referencedInstances = distinctInstances(ref.slices).map(imageReference);
  const elements: Element[] = [
    str(0x00080005, 'CS', 'ISO_IR 192'),
    str(0x00080008, 'CS', 'DERIVED\\PRIMARY'),
    str(TAG.SOPClassUID, 'UI', SOP_CLASS.Segmentation),
    str(TAG.SOPInstanceUID, 'UI', sop),
    str(0x00080023, 'DA', now.date),
    str(0x00080033, 'TM', now.time),
    str(TAG.Modality, 'CS', 'SEG'),
    ...equipmentElements(options.manufacturer),
    str(TAG.SeriesDescription, 'LO', options.label ?? 'Segmentation'),
    seq(TAG.ReferencedSeriesSequence, [
      [
        ...(referencedInstances.length > 0 ? [seq(0x0008114a, referencedInstances)] : []), // ReferencedInstanceSequence
        str(TAG.SeriesInstanceUID, 'UI', ref.seriesInstanceUid),
      ],
    ]),
    ...patientElements(ref.patient, ref.deidentification),
    ...studyElements(ref),
    str(TAG.SeriesInstanceUID, 'UI', seriesUid),
    str(TAG.SeriesNumber, 'IS', String(options.seriesNumber ?? 1002)),
    str(TAG.InstanceNumber, 'IS', '1'),
    str(TAG.FrameOfReferenceUID, 'UI', ref.frameOfReferenceUid),
    str(0x00201040, 'LO', copied('LO', ref.positionReferenceIndicator, true)), // PositionReferenceIndicator
    us(TAG.SamplesPerPixel, 1),
    str(TAG.PhotometricInterpretation, 'CS', 'MONOCHROME2'),
    str(TAG.NumberOfFrames, 'IS', String(frames.length)),
    us(TAG.Rows, ny),
    us(TAG.Columns, nx),
    us(TAG.BitsAllocated, fractional ? 8 : 1),
    us(TAG.BitsStored, fractional ? 8 : 1),
    us(TAG.HighBit, fractional ? 7 : 0),
    us(TAG.PixelRepresentation, 0),
    str(0x00282110, 'CS', '00'), // LossyImageCompression
    str(TAG.SegmentationType, 'CS', fractional ? 'FRACTIONAL' : 'BINARY'),
    ...(fractional
      ? [str(0x00620010, 'CS', 'PROBABILITY'), us(TAG.MaximumFractionalValue, 255)] // SegmentationFractionalType
      : []),
    seq(TAG.SegmentSequence, segments),
    str(
      0x00700080,
      'CS',
      (options.label ?? 'SEGMENTATION')
        .toUpperCase()
        .replace(/[^A-Z0-9_ ]/g, '_')
        .slice(0, 16),
    ), // ContentLabel
    str(0x00700081, 'LO', ''), // ContentDescription
    str(TAG.ContentCreatorName, 'PN', personName(options.author ?? '')),
    // Multi-frame Dimension module: frames are indexed by segment number, then by slice position.
    seq(0x00209221, [[str(0x00209164, 'UI', dimensionOrganizationUid)]]), // DimensionOrganizationSequence
    seq(0x00209222, [
      dimensionIndex(
        dimensionOrganizationUid,
        TAG.ReferencedSegmentNumber,
        TAG.SegmentIdentificationSequence,
        'ReferencedSegmentNumber',
      ),
      dimensionIndex(
        dimensionOrganizationUid,
        TAG.ImagePositionPatient,
        TAG.PlanePositionSequence,
        'ImagePositionPatient',
      ),
    ]), // DimensionIndexSequence
    seq(TAG.SharedFunctionalGroupsSequence, [
      [
        seq(TAG.PixelMeasuresSequence, [
          [
            str(TAG.SliceThickness, 'DS', formatDS(g.spacing[2])),
            str(TAG.PixelSpacing, 'DS', ds([g.spacing[1], g.spacing[0]])),
          ],
        ]),
        seq(TAG.PlaneOrientationSequence, [
          [str(TAG.ImageOrientationPatient, 'DS', ds(orientationOf(g), 8))],
        ]),
      ],
    ]),
    seq(TAG.PerFrameFunctionalGroupsSequence, perFrame),
    { tag: TAG.PixelData, vr: 'OB', value: fractional ? padEven(bits.map((b) => b * 255)) : packBits(bits) },
  ];
  return {
    file: { name: `SEG_${sop.slice(-12)}.dcm`, bytes: encodePart10(SOP_CLASS.Segmentation, sop, elements) },
    sopInstanceUid: sop,
    seriesInstanceUid: seriesUid,
  };
}

/** Writes files under `folder` (creating sub-folders as their names require); returns the paths. */
export async function saveFiles(folder: string, files: WrittenFile[]): Promise<string[]> {
  const paths: string[] = [];
  for (const f of files) {
    const path = join(folder, f.name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.bytes);
    paths.push(path);
  }
  return paths;
}
