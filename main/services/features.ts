/**
 * One image + one mask → features, no database (`radscore features`, DESIGN §4).
 * Image: a DICOM folder (the series the RTSTRUCT/SEG references, or `series`), .nii/.nii.gz or .nrrd.
 * Mask: an RTSTRUCT or SEG file (ROI by name), or a .nii/.nii.gz/.nrrd label map (non-zero, or label = `roi`
 * when `roi` is a number).
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  rasterizeRoi,
  loadSeriesVolume,
  scanFolders,
  type DicomRoiObject,
  type DicomSeriesInfo,
} from '../dicom/index';
import { isVolumeFile, readUserVolume } from '../io/readVolume';
import type { MaskVolume, Vec3, Volume } from '../../shared/image/volume';
import { computeFeatures, type FeatureResult } from '../../shared/radiomics/profiles/index';
import { mergeSettings, type Settings } from '../../shared/radiomics/settings';
import { defaultProfile, loadExtractionSettings } from './extract';

export interface FeaturesRequest {
  image: string;
  mask: string;
  roi?: string;
  profile?: string;
  preset?: string;
  settingsFile?: string;
  /** Resampling voxel size (mm); overrides the preset's/settings' spacing. */
  spacing?: Vec3;
  series?: string;
}

export type FeaturesOutput = FeatureResult & { roi: string; profile: string; seconds: number };

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    throw new Error(`cannot read ${path}: no such file or folder`);
  }
}

/** The DICOM ROI object in `maskFile`, or null when it is not DICOM. */
async function dicomRoiObject(maskFile: string): Promise<DicomRoiObject | null> {
  if (isVolumeFile(maskFile)) return null;
  if (await isDirectory(maskFile))
    throw new Error(
      `--mask must be a file (RTSTRUCT, SEG, .nii/.nii.gz or .nrrd), got the folder ${maskFile}`,
    );
  const scan = await scanFolders([maskFile]);
  if (scan.rois.length === 0) {
    const reason = scan.skipped[0]?.reason;
    throw new Error(
      `${maskFile} is not an RTSTRUCT or SEG${reason ? ` (${reason})` : ''}; masks may also be .nii, .nii.gz or .nrrd`,
    );
  }
  return scan.rois[0];
}

function chooseSeries(
  series: DicomSeriesInfo[],
  folder: string,
  wanted: string | undefined,
  referenced: string | undefined,
): DicomSeriesInfo {
  const list = (): string =>
    series
      .map(
        (s) =>
          `${s.seriesInstanceUid} (${s.modality} "${s.seriesDescription}", ${s.instances.length} images)`,
      )
      .join('; ');
  if (series.length === 0) throw new Error(`no DICOM image series found in ${folder}`);
  if (wanted) {
    const s = series.find((x) => x.seriesInstanceUid === wanted);
    if (!s) throw new Error(`series ${wanted} is not in ${folder} (found: ${list()})`);
    return s;
  }
  if (referenced) {
    const s = series.find((x) => x.seriesInstanceUid === referenced);
    if (s) return s;
    if (series.length > 1)
      throw new Error(
        `the mask references series ${referenced}, which is not in ${folder}; choose one with --series (found: ${list()})`,
      );
  }
  if (series.length > 1)
    throw new Error(`${folder} holds ${series.length} series; choose one with --series (found: ${list()})`);
  return series[0];
}

async function loadImage(req: FeaturesRequest, roiObject: DicomRoiObject | null): Promise<Volume> {
  if (isVolumeFile(req.image)) return readUserVolume(req.image, 'image');
  if (!(await isDirectory(req.image)))
    throw new Error(`--image must be a DICOM folder, .nii, .nii.gz or .nrrd, got ${req.image}`);
  const scan = await scanFolders([req.image]);
  const images = scan.series.filter((s) => s.instances.length > 0);
  // Features are computed from it: a series missing a slice or with unusable rescale is refused, not zero-filled.
  return loadSeriesVolume(
    chooseSeries(images, req.image, req.series, roiObject?.referencedSeriesUid || undefined),
    { forExtraction: true },
  );
}

async function labelMask(file: string, roi: string | undefined): Promise<MaskVolume> {
  const labels = await readUserVolume(file, 'mask');
  const data = new Uint8Array(labels.data.length);
  let label: number | null = null;
  if (roi !== undefined) {
    label = Number(roi);
    if (!Number.isFinite(label))
      throw new Error(
        `--roi "${roi}": a ${basename(file)} label map has numbered labels, so --roi must be a label value`,
      );
  }
  const present = new Set<number>();
  for (let n = 0; n < data.length; n++) {
    const v = labels.data[n];
    if (v) present.add(v);
    data[n] = label === null ? (v ? 1 : 0) : v === label ? 1 : 0;
  }
  if (label !== null && !present.has(label))
    throw new Error(
      `label ${label} does not occur in ${file} (labels present: ${
        [...present]
          .sort((a, b) => a - b)
          .slice(0, 20)
          .join(', ') || 'none'
      })`,
    );
  return { ...labels, data };
}

function roiNameFor(obj: DicomRoiObject, wanted: string | undefined): string {
  const names = obj.roiNames;
  const list = names.map((n) => `"${n}"`).join(', ') || 'none';
  if (wanted === undefined) {
    if (names.length === 1) return names[0];
    throw new Error(`${obj.file} holds ${names.length} ROIs; choose one with --roi (present: ${list})`);
  }
  const found =
    names.find((n) => n === wanted) ?? names.find((n) => n.toLowerCase() === wanted.toLowerCase());
  if (!found) throw new Error(`no ROI named "${wanted}" in ${obj.file} (present: ${list})`);
  return found;
}

/** Settings of preset + file, with `spacing` replacing the resampling voxel size. */
export async function requestSettings(
  req: Pick<FeaturesRequest, 'preset' | 'settingsFile' | 'spacing'>,
): Promise<Settings | undefined> {
  const settings = await loadExtractionSettings({ preset: req.preset, settingsFile: req.settingsFile });
  if (!req.spacing) return settings;
  const base = settings?.resampling ?? {
    interpolator: 'linear' as const,
    maskInterpolator: 'linear' as const,
    partialVolumeThreshold: 0.5,
    spacing: req.spacing,
  };
  return mergeSettings(settings, { resampling: { ...base, spacing: req.spacing } });
}

export async function featuresForFiles(req: FeaturesRequest): Promise<FeaturesOutput> {
  const t0 = performance.now();
  const settings = await requestSettings(req);
  const roiObject = await dicomRoiObject(req.mask);
  const volume = await loadImage(req, roiObject);
  let mask: MaskVolume;
  let roi: string;
  if (roiObject) {
    roi = roiNameFor(roiObject, req.roi);
    mask = await rasterizeRoi(req.mask, roi, volume);
  } else {
    mask = await labelMask(req.mask, req.roi);
    roi = req.roi ?? basename(req.mask);
  }
  const profile = defaultProfile(req.profile, req.preset);
  const result = computeFeatures(volume, mask, settings, profile);
  return { ...result, roi, profile, seconds: Math.round((performance.now() - t0) / 10) / 100 };
}
