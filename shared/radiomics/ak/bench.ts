/**
 * The speed case of the A.K. profile: a 512×512×30 image with a 120×120×20 box ROI, textured like a
 * T2-weighted tumour. Deterministic (seeded), so the benchmark and the test see the same volume.
 */
import type { MaskVolume, Vec3, Volume } from '../../image/volume';
import type { FeatureValue } from '../types';
import { akFeatures } from './index';
import { mulberry32 } from '../../random';
import { resolveAkSettings, type AkSettings } from './settings';

export interface AkSyntheticCase {
  image: Volume;
  mask: MaskVolume;
}

export function syntheticAkCase(
  size: Vec3 = [512, 512, 30],
  roi: Vec3 = [120, 120, 20],
  seed = 1,
): AkSyntheticCase {
  const [nx, ny, nz] = size;
  if (roi.some((r, a) => r < 1 || r > size[a]))
    throw new Error(`ROI ${roi.join('×')} does not fit the image ${size.join('×')}`);
  const rand = mulberry32(seed);
  const n = nx * ny * nz;
  const data = new Float32Array(n);
  const maskData = new Uint8Array(n);
  const lo = size.map((s, a) => Math.floor((s - roi[a]) / 2));
  for (let z = 0, c = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, c++) {
        const inside =
          x >= lo[0] &&
          x < lo[0] + roi[0] &&
          y >= lo[1] &&
          y < lo[1] + roi[1] &&
          z >= lo[2] &&
          z < lo[2] + roi[2];
        // Smooth structure + noise, integer-valued like MR pixel data.
        const smooth = 300 * Math.sin(x / 9) * Math.cos(y / 13) + 80 * Math.sin(z / 3);
        data[c] = Math.round((inside ? 900 : 400) + smooth + 120 * rand());
        maskData[c] = inside ? 1 : 0;
      }
    }
  }
  const geometry = {
    size: [nx, ny, nz] as Vec3,
    spacing: [0.5, 0.5, 5] as Vec3,
    origin: [0, 0, 0] as Vec3,
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  return { image: { ...geometry, data }, mask: { ...geometry, size: [nx, ny, nz], data: maskData } };
}

/** Runs the whole A.K. profile once on a case (default: the `paper` settings) and times it. */
export function runAkProfile(
  c: AkSyntheticCase,
  settings: Partial<AkSettings> = {},
): { features: FeatureValue[]; ms: number } {
  const resolved = resolveAkSettings(settings);
  const t0 = performance.now();
  const features = akFeatures(c.image, c.mask, resolved);
  return { features, ms: performance.now() - t0 };
}
