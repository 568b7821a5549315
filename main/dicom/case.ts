/**
 * One image + one ROI straight from files (no database): what `features --image DIR --mask RS.dcm` and
 * `predict --image … --mask …` need. Picks the series the RTSTRUCT/SEG refers to.
 */
import { resolve } from 'node:path';
import type { MaskVolume, Volume } from '../../shared/image/volume';
import { loadSeriesVolume, slicePositionsOf } from './load';
import { rasterizeRoiReport } from './roi';
import { scanFolders } from './scan';
import type { DicomRoiObject, DicomSeriesInfo, ScanResult } from './types';

export interface DicomCase {
  series: DicomSeriesInfo;
  volume: Volume;
  mask: MaskVolume;
  roiName: string;
  roi: DicomRoiObject;
  warnings: string[];
}

const describeSeries = (s: DicomSeriesInfo): string =>
  `${s.seriesInstanceUid} (${s.modality} #${s.seriesNumber} "${s.seriesDescription}", ${s.instances.length} instances)`;

/**
 * The series to use from a scan: `seriesUid` if given; else the one `roi` refers to; else the only series;
 * else the only series sharing the ROI's frame of reference. Errors list the candidates.
 */
export function selectSeries(
  scan: ScanResult,
  opts: { seriesUid?: string; roi?: DicomRoiObject } = {},
): { series: DicomSeriesInfo; warnings: string[] } {
  const list = scan.series.map(describeSeries).join('; ') || 'none';
  if (opts.seriesUid) {
    const s = scan.series.find((x) => x.seriesInstanceUid === opts.seriesUid);
    if (!s) throw new Error(`series ${opts.seriesUid} is not among the scanned images (found: ${list})`);
    return { series: s, warnings: [] };
  }
  const roi = opts.roi;
  if (roi?.referencedSeriesUid) {
    const s = scan.series.find((x) => x.seriesInstanceUid === roi.referencedSeriesUid);
    if (s) return { series: s, warnings: [] };
  }
  if (scan.series.length === 1) {
    const warnings = roi?.referencedSeriesUid
      ? [
          `${roi.file} refers to series ${roi.referencedSeriesUid}; using the only series found, ${scan.series[0].seriesInstanceUid}`,
        ]
      : [];
    return { series: scan.series[0], warnings };
  }
  if (roi?.frameOfReferenceUid) {
    const same = scan.series.filter((x) => x.frameOfReferenceUid === roi.frameOfReferenceUid);
    if (same.length === 1) {
      return {
        series: same[0],
        warnings: [
          `${roi.file}: its series is absent; using ${same[0].seriesInstanceUid}, which shares its frame of reference`,
        ],
      };
    }
  }
  if (scan.series.length === 0) throw new Error('no image series found');
  throw new Error(`several image series found; choose one with --series (found: ${list})`);
}

/**
 * Scans `imagePaths` and the ROI file, picks the series, decodes it and rasterises the ROI on it.
 * `roiName` defaults to the file's only ROI (with several, it must be given).
 */
export async function loadDicomCase(
  imagePaths: string[],
  roiFile: string,
  opts: { roiName?: string; seriesUid?: string } = {},
): Promise<DicomCase> {
  const roiPath = resolve(roiFile);
  const scan = await scanFolders([...imagePaths, roiPath]);
  const roi = scan.rois.find((r) => resolve(r.file) === roiPath);
  if (!roi) {
    const skipped = scan.skipped.find((p) => resolve(p.file) === roiPath);
    throw new Error(`${roiFile} is not an RTSTRUCT or SEG${skipped ? `: ${skipped.reason}` : ''}`);
  }
  let roiName = opts.roiName;
  if (roiName === undefined) {
    if (roi.roiNames.length !== 1) {
      throw new Error(
        `${roiFile} holds ${roi.roiNames.length} ROIs; choose one with --roi (${roi.roiNames.map((n) => `"${n}"`).join(', ')})`,
      );
    }
    roiName = roi.roiNames[0];
  }
  const { series, warnings } = selectSeries(scan, { seriesUid: opts.seriesUid, roi });
  // Features are computed from it: a series missing a slice or with unusable rescale is refused, not zero-filled.
  const volume = await loadSeriesVolume(series, { forExtraction: true });
  const raster = await rasterizeRoiReport(roiPath, roiName, volume, {
    slicePositions: slicePositionsOf(series),
  });
  return {
    series,
    volume,
    mask: raster.mask,
    roiName: raster.roiName,
    roi,
    warnings: [...series.warnings, ...warnings, ...raster.warnings],
  };
}
