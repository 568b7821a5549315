/** Timing of the import path for main/bench: header scan of a folder, then decoding of every series. */
import { loadSeriesVolume } from './load';
import { scanFolders } from './scan';

export interface ImportTiming {
  files: number;
  series: number;
  instances: number;
  skipped: number;
  voxels: number;
  /** Header scan (walk + parse + grouping + sorting), ms. */
  scanMs: number;
  /** Pixel decoding of every series into float32 volumes, ms. */
  decodeMs: number;
}

export async function benchImport(folder: string): Promise<ImportTiming> {
  const t0 = performance.now();
  const scan = await scanFolders([folder]);
  const t1 = performance.now();
  let voxels = 0;
  for (const s of scan.series) voxels += (await loadSeriesVolume(s)).data.length;
  const t2 = performance.now();
  return {
    files: scan.files,
    series: scan.series.length,
    instances: scan.series.reduce((n, s) => n + s.instances.length, 0),
    skipped: scan.skipped.length,
    voxels,
    scanMs: t1 - t0,
    decodeMs: t2 - t1,
  };
}
