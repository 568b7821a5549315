/**
 * A texture input on the study's scale, for the test of the families at that size and for `npm run bench`: a
 * 512×512×30 grid (0.5 × 0.5 × 4 mm) whose 120×120×20 ROI (288,000 voxels) holds smooth waves plus a
 * seeded pseudo-random term (LCG), discretised to 64 grey levels (1…64; 0 outside the ROI).
 */
import type { DiscretisedRoi } from '../types';

export function studySizedRoi(): DiscretisedRoi {
  const [nx, ny, nz] = [512, 512, 30];
  const levels = new Int32Array(nx * ny * nz);
  let seed = 12345;
  const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  for (let k = 5; k < 25; k++)
    for (let j = 200; j < 320; j++)
      for (let i = 200; i < 320; i++) {
        const smooth = ((Math.sin(i / 7) + Math.cos(j / 5) + Math.sin(k / 3)) / 3 + 1) * 28;
        levels[i + nx * (j + ny * k)] = Math.min(64, Math.max(1, Math.floor(smooth + random() * 8)));
      }
  return { size: [nx, ny, nz], spacing: [0.5, 0.5, 4], levels, nLevels: 64 };
}
