/**
 * Test support: single axial MR slices with every UID, the position, the pixels and the rescale chosen by the
 * test (duplicate SOP Instance UIDs, a slice left out, RescaleSlope 0 …), written as Part 10 files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ds, encodePart10, formatDS, type Element } from '../encode';
import { SOP_CLASS, TAG } from '../dataset';

export interface TestSlice {
  patientId: string;
  studyUid: string;
  seriesUid: string;
  sopUid: string;
  frameOfReferenceUid?: string;
  /** Slice number k: the slice lies at z = k × spacing (mm). */
  k: number;
  spacing?: number;
  columns?: number;
  rows?: number;
  /** Stored int16 value of pixel n (default: a pattern that differs per slice). */
  pixel?: (n: number) => number;
  /** RescaleSlope / RescaleIntercept as written (DS text), when given. */
  slope?: string;
  intercept?: string;
}

/** The Part 10 bytes of one slice. */
export function testSliceBytes(s: TestSlice): Uint8Array {
  const columns = s.columns ?? 16;
  const rows = s.rows ?? 12;
  const spacing = s.spacing ?? 2;
  const pixels = new Int16Array(columns * rows).map((_, n) =>
    s.pixel ? s.pixel(n) : 100 + ((n * 7 + s.k * 13) % 400),
  );
  const str = (tag: number, vr: Element['vr'], value: string): Element => ({ tag, vr, value });
  const us = (tag: number, value: number): Element => ({ tag, vr: 'US', value: [value] });
  const elements: Element[] = [
    str(TAG.SOPClassUID, 'UI', SOP_CLASS.MRImage),
    str(TAG.SOPInstanceUID, 'UI', s.sopUid),
    str(TAG.Modality, 'CS', 'MR'),
    str(TAG.PatientID, 'LO', s.patientId),
    str(TAG.PatientName, 'PN', `Test^${s.patientId}`),
    str(TAG.StudyInstanceUID, 'UI', s.studyUid),
    str(TAG.SeriesInstanceUID, 'UI', s.seriesUid),
    str(TAG.SeriesNumber, 'IS', '1'),
    str(TAG.InstanceNumber, 'IS', String(s.k + 1)),
    str(TAG.FrameOfReferenceUID, 'UI', s.frameOfReferenceUid ?? `${s.studyUid}.9`),
    str(TAG.SliceThickness, 'DS', formatDS(spacing)),
    str(TAG.ImagePositionPatient, 'DS', ds([0, 0, s.k * spacing])),
    str(TAG.ImageOrientationPatient, 'DS', ds([1, 0, 0, 0, 1, 0])),
    str(TAG.PixelSpacing, 'DS', ds([1, 1])),
    us(TAG.SamplesPerPixel, 1),
    str(TAG.PhotometricInterpretation, 'CS', 'MONOCHROME2'),
    us(TAG.Rows, rows),
    us(TAG.Columns, columns),
    us(TAG.BitsAllocated, 16),
    us(TAG.BitsStored, 16),
    us(TAG.HighBit, 15),
    us(TAG.PixelRepresentation, 1),
    ...(s.slope !== undefined ? [str(TAG.RescaleSlope, 'DS', s.slope)] : []),
    ...(s.intercept !== undefined ? [str(TAG.RescaleIntercept, 'DS', s.intercept)] : []),
    { tag: TAG.PixelData, vr: 'OW', value: new Uint8Array(pixels.buffer) },
  ];
  return encodePart10(SOP_CLASS.MRImage, s.sopUid, elements);
}

/** Writes one slice to `file` (folders created). */
export function writeTestSlice(file: string, s: TestSlice): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, testSliceBytes(s));
  return file;
}

/** The stored value of pixel n of slice k with the default pattern (what a test expects to load). */
export const defaultPixel = (k: number, n: number): number => 100 + ((n * 7 + k * 13) % 400);
