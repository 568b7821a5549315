/**
 * The IBSI 1 CT phantom (NIfTI image and binary ROI) and the IBSI 2 phase 2 reference statistics, as the
 * phantom test files read them, plus the IBSI 2 pass rule: |ours − consensus| ≤ tolerance.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readVolumeFile } from '../io/readVolume';
import type { MaskVolume, Volume } from '../../shared/image/volume';
import { toBinaryMask } from '../../shared/radiomics/image/roi';

const DATA = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
export const CT_PHANTOM_DIR = join(DATA, 'ibsi1-ct-phantom');

/** The CT phantom's image and its ROI as a 0/1 mask. */
export function loadIbsiCtPhantom(): { image: Volume; mask: MaskVolume } {
  const image = readVolumeFile(join(CT_PHANTOM_DIR, 'nifti/image/phantom.nii.gz'));
  const m = readVolumeFile(join(CT_PHANTOM_DIR, 'nifti/mask/mask.nii.gz'));
  return { image, mask: { ...m, data: toBinaryMask(m.data) } };
}

export interface Ibsi2Row {
  /** Filter set and configuration, e.g. "3.B". */
  id: string;
  tag: string;
  value: number;
  tolerance: number;
}

/** The rows of ibsi2-phantoms/reference/ibsi2_reference_values.csv for one id ("1.A" …). */
export function ibsi2Rows(id: string): Ibsi2Row[] {
  return readFileSync(join(DATA, 'ibsi2-phantoms/reference/ibsi2_reference_values.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(';'))
    .filter(([rowId]) => rowId === id)
    .map(([rowId, , tag, value, tolerance]) => ({
      id: rowId,
      tag,
      value: Number(value),
      tolerance: Number(tolerance),
    }));
}

/** The rows our value misses (or lacks), each as "tag: ours vs consensus ± tolerance". */
export function ibsi2Failures(
  rows: readonly Ibsi2Row[],
  ours: (tag: string) => number | undefined,
  prefix = '',
): string[] {
  return rows
    .filter((r) => !(Math.abs((ours(r.tag) ?? NaN) - r.value) <= r.tolerance))
    .map((r) => `${prefix}${r.tag}: ${ours(r.tag)} vs ${r.value} ± ${r.tolerance}`);
}
