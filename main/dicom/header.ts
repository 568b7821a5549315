/** Header-level facts of one parsed file: what kind of object it is, its geometry, its ROI metadata. */
import type { Vec3 } from '../../shared/image/volume';
import { TAG, SOP_CLASS, sopClassOf, type Dataset, type ParsedFile } from './dataset';
import { pixelDataSizeProblem, rescaleProblemOf, transferSyntaxProblem } from './decode';
import type { DicomInstanceInfo, DicomPatientInfo, DicomRoiObject, DicomStudyInfo } from './types';

export function patientOf(ds: Dataset): DicomPatientInfo {
  return {
    patientId: ds.string(TAG.PatientID),
    patientName: ds.string(TAG.PatientName),
    birthDate: ds.string(TAG.PatientBirthDate),
    sex: ds.string(TAG.PatientSex),
  };
}

export function studyOf(ds: Dataset): DicomStudyInfo {
  return {
    studyInstanceUid: ds.string(TAG.StudyInstanceUID),
    studyDate: ds.string(TAG.StudyDate),
    studyDescription: ds.string(TAG.StudyDescription),
    accessionNumber: ds.string(TAG.AccessionNumber),
  };
}

const vec3 = (n: number[]): Vec3 | undefined =>
  n.length >= 3 && n.slice(0, 3).every(Number.isFinite) ? [n[0], n[1], n[2]] : undefined;

/**
 * Per-frame positions, orientation and pixel spacing: from the top level (classic objects) or from the
 * Shared / Per-frame Functional Groups (Enhanced MR, Legacy Converted, SEG).
 */
export function frameGeometryOf(
  ds: Dataset,
  frames: number,
): {
  positions: Vec3[];
  orientation: number[];
  pixelSpacing: [number, number] | undefined;
} {
  const shared = ds.item(TAG.SharedFunctionalGroupsSequence);
  const perFrame = ds.items(TAG.PerFrameFunctionalGroupsSequence);
  let positions: Vec3[] = [];
  const top = vec3(ds.numbers(TAG.ImagePositionPatient));
  if (perFrame.length > 0) {
    for (const f of perFrame) {
      const p = vec3(f.item(TAG.PlanePositionSequence)?.numbers(TAG.ImagePositionPatient) ?? []);
      if (!p) {
        positions = [];
        break;
      }
      positions.push(p);
    }
  }
  if (positions.length === 0 && top) positions = frames === 1 ? [top] : [];
  let orientation = ds.numbers(TAG.ImageOrientationPatient);
  if (orientation.length < 6)
    orientation = shared?.item(TAG.PlaneOrientationSequence)?.numbers(TAG.ImageOrientationPatient) ?? [];
  if (orientation.length < 6)
    orientation = perFrame[0]?.item(TAG.PlaneOrientationSequence)?.numbers(TAG.ImageOrientationPatient) ?? [];
  let spacing = ds.numbers(TAG.PixelSpacing);
  if (spacing.length < 2) spacing = shared?.item(TAG.PixelMeasuresSequence)?.numbers(TAG.PixelSpacing) ?? [];
  if (spacing.length < 2)
    spacing = perFrame[0]?.item(TAG.PixelMeasuresSequence)?.numbers(TAG.PixelSpacing) ?? [];
  return {
    positions,
    orientation: orientation.slice(0, 6),
    pixelSpacing: spacing.length >= 2 ? [spacing[0], spacing[1]] : undefined,
  };
}

/** Image instance facts, or a reason why the file cannot be a slice of a volume. */
export function imageInstanceOf(file: string, parsed: ParsedFile): DicomInstanceInfo | { reason: string } {
  const ds = parsed.dataset;
  const rows = ds.number(TAG.Rows) ?? 0;
  const columns = ds.number(TAG.Columns) ?? 0;
  const frames = Math.max(1, ds.number(TAG.NumberOfFrames) ?? 1);
  if (rows <= 0 || columns <= 0) return { reason: 'image without Rows/Columns' };
  const samples = ds.number(TAG.SamplesPerPixel) ?? 1;
  const photometric = ds.string(TAG.PhotometricInterpretation);
  if (samples !== 1) {
    return {
      reason: `${samples} samples per pixel${photometric ? ` (${photometric})` : ''}: only greyscale images (1 sample per pixel) are imported`,
    };
  }
  const bits = ds.number(TAG.BitsAllocated) ?? 0;
  if (![8, 16, 32].includes(bits)) return { reason: `unsupported BitsAllocated ${bits}` };
  const tsProblem = transferSyntaxProblem(
    ds.string(TAG.TransferSyntaxUID),
    ds.number(TAG.BitsStored) ?? bits,
  );
  if (tsProblem) return { reason: tsProblem };
  const sizeProblem = pixelDataSizeProblem(parsed);
  if (sizeProblem) return { reason: sizeProblem };
  const g = frameGeometryOf(ds, frames);
  if (g.positions.length !== frames) {
    return {
      reason: `no ImagePositionPatient for ${frames === 1 ? 'the image' : 'every frame'}: cannot place it in a volume`,
    };
  }
  if (g.orientation.length < 6) return { reason: 'no ImageOrientationPatient: cannot place it in a volume' };
  if (!g.pixelSpacing) return { reason: 'no PixelSpacing: cannot place it in a volume' };
  const problem = rescaleProblemOf(parsed);
  return {
    ...(problem ? { problem } : {}),
    file,
    sopInstanceUid: ds.string(TAG.SOPInstanceUID),
    sopClassUid: sopClassOf(ds),
    transferSyntaxUid: ds.string(TAG.TransferSyntaxUID),
    instanceNumber: ds.number(TAG.InstanceNumber) ?? 0,
    frames,
    rows,
    columns,
    positions: g.positions,
    orientation: g.orientation,
    pixelSpacing: g.pixelSpacing,
    fileSize: parsed.fileSize,
  };
}

/** The RTSTRUCT / SEG facts a scan reports (no contours or pixels decoded). */
export function roiObjectOf(file: string, parsed: ParsedFile): DicomRoiObject {
  const ds = parsed.dataset;
  const isSeg = sopClassOf(ds) === SOP_CLASS.Segmentation;
  let referencedSeriesUid = '';
  let frameOfReferenceUid = ds.string(TAG.FrameOfReferenceUID);
  let roiNames: string[];
  if (isSeg) {
    referencedSeriesUid = ds.item(TAG.ReferencedSeriesSequence)?.string(TAG.SeriesInstanceUID) ?? '';
    roiNames = ds
      .items(TAG.SegmentSequence)
      .map((s) => s.string(TAG.SegmentLabel) || `Segment ${s.number(TAG.SegmentNumber) ?? ''}`.trim());
  } else {
    for (const fr of ds.items(TAG.ReferencedFrameOfReferenceSequence)) {
      frameOfReferenceUid ||= fr.string(TAG.FrameOfReferenceUID);
      for (const study of fr.items(TAG.RTReferencedStudySequence)) {
        for (const series of study.items(TAG.RTReferencedSeriesSequence)) {
          referencedSeriesUid ||= series.string(TAG.SeriesInstanceUID);
        }
      }
    }
    roiNames = ds
      .items(TAG.StructureSetROISequence)
      .map((r) => r.string(TAG.ROIName) || `ROI ${r.number(TAG.ROINumber) ?? ''}`.trim());
  }
  return {
    file,
    kind: isSeg ? 'SEG' : 'RTSTRUCT',
    sopInstanceUid: ds.string(TAG.SOPInstanceUID),
    patientId: ds.string(TAG.PatientID),
    studyInstanceUid: ds.string(TAG.StudyInstanceUID),
    referencedSeriesUid,
    frameOfReferenceUid,
    roiNames,
    // Trailing empty name components ("Dr Who^", as the writer stores free-text authors) are not part of the name.
    author: (
      ds.string(TAG.OperatorsName) ||
      ds.string(TAG.ContentCreatorName) ||
      ds.string(TAG.Manufacturer)
    ).replace(/\^+$/, ''),
  };
}

const SOP_NAMES: Record<string, string> = {
  '1.2.840.10008.5.1.4.1.1.481.5': 'RT Plan',
  '1.2.840.10008.5.1.4.1.1.481.2': 'RT Dose',
  '1.2.840.10008.5.1.4.1.1.481.4': 'RT Beams Treatment Record',
  '1.2.840.10008.5.1.4.1.1.88.11': 'Basic Text SR',
  '1.2.840.10008.5.1.4.1.1.88.22': 'Enhanced SR',
  '1.2.840.10008.5.1.4.1.1.88.33': 'Comprehensive SR',
  '1.2.840.10008.5.1.4.1.1.11.1': 'Grayscale Softcopy Presentation State',
  '1.2.840.10008.5.1.4.1.1.104.1': 'Encapsulated PDF',
  '1.2.840.10008.5.1.4.1.1.66': 'Raw Data',
  '1.2.840.10008.5.1.4.1.1.66.1': 'Spatial Registration',
  '1.2.840.10008.5.1.4.1.1.9.1.1': 'Waveform',
};

export function sopClassName(uid: string): string {
  return SOP_NAMES[uid] ?? (uid ? `SOP class ${uid}` : 'unknown SOP class');
}

/** SOP classes that never carry an image (RT plans/doses are volumes but not images we import). */
export function isKnownNonImage(uid: string): boolean {
  return uid in SOP_NAMES || uid.startsWith('1.2.840.10008.5.1.4.1.1.88.');
}
