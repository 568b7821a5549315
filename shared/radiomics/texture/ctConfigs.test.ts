/**
 * IBSI 1 CT phantom, configurations B–E, through the app's image chain (presets ibsi-ct-b … e: interpolation,
 * rounding, re-segmentation, discretisation — shared/radiomics/image, tested there) into the texture families:
 * every texture row of each reference table within its tolerance after rounding to 3 significant digits.
 * B is 2D/2.5D on an in-plane 2 mm grid; C, D, E are 3D on isotropic 2 mm grids (D/E with outlier filtering,
 * E with a fixed bin number), so these rows exercise the 3D aggregations on real data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import { loadPreset } from '../../presets/index';
import { prepareRoi } from '../image/pipeline';
import { discretiseRoi, textureFeatures } from '../profiles/ibsi';
import { resolveSettings } from '../settings';

const ctDir = join(__dirname, '../../../../shared/data/ibsi1-ct-phantom');
const image = readVolumeFile(join(ctDir, 'nifti/image/phantom.nii.gz'));
const maskVolume = readVolumeFile(join(ctDir, 'nifti/mask/mask.nii.gz'));
const mask = { ...maskVolume, data: Uint8Array.from(maskVolume.data, (x) => (x > 0.5 ? 1 : 0)) };
const TEXTURE = ['cm_', 'rlm_', 'szm_', 'dzm_', 'ngt_', 'ngl_'];

function referenceRows(config: string): { tag: string; value: number; tolerance: number }[] {
  const text = readFileSync(join(ctDir, `reference/ibsi_1_reference_values_config_${config}.csv`), 'utf8');
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','))
    .filter(
      (f) => f.length >= 10 && TEXTURE.some((p) => f[f.length - 1].startsWith(p)) && f[f.length - 6] !== '',
    )
    .map((f) => ({
      tag: f[f.length - 1],
      value: Number(f[f.length - 6]),
      tolerance: Number(f[f.length - 5]),
    }));
}

describe.each([
  ['B', 272],
  ['C', 136],
  ['D', 136],
  ['E', 136],
])('IBSI 1 CT phantom, configuration %s: texture', (config, rows) => {
  it(`all ${rows} texture rows within tolerance`, () => {
    const settings = resolveSettings(loadPreset(`ibsi-ct-${config.toLowerCase()}`));
    const roi = discretiseRoi(prepareRoi(image, mask, settings), settings.discretisation.texture);
    const byTag = new Map(textureFeatures(roi, settings).map((f) => [f.tag, f.value]));
    const refs = referenceRows(config);
    expect(refs).toHaveLength(rows);
    const failures = refs
      .filter((r) => {
        const v = byTag.get(r.tag);
        if (v === undefined) return true;
        return (
          Math.abs(Number(v.toPrecision(3)) - r.value) > r.tolerance + 1e-9 * Math.max(1, Math.abs(r.value))
        );
      })
      .map((r) => `${r.tag}: ${byTag.get(r.tag)} vs ${r.value} ± ${r.tolerance}`);
    expect(failures).toEqual([]);
  });
});
