/**
 * IBSI 2 phase 2 (IBSI 1 CT phantom): intensity statistics of the response maps inside the re-segmented ROI
 * against the consensus values ± tolerance (reference/ibsi2_reference_values.csv), for filter sets
 *   1 (none), 2 (mean, support 5 voxels), 3 (LoG, σ = 1.5 mm, truncation 4σ), mirror boundary;
 *   A: 2D (slice by slice) on the original grid; B: 3D on a 1 mm isotropic cubic-spline grid, intensities
 *   rounded; ROI by linear interpolation, partial-volume threshold 0.5; re-segmentation [−1000, 400] HU.
 * The image is interpolated only around the ROI (grid aligned on the whole image), which gives the same
 * voxels; filters then run through responseMapsOnRoi, which keeps the kernel margin around the ROI.
 */
import { describe, expect, it } from 'vitest';
import { ibsi2Failures, ibsi2Rows, loadIbsiCtPhantom } from '../../../main/testing/ibsiPhantomData';
import { indexToWorld, worldToIndex, type Vec3, type Volume } from '../../image/volume';
import { maskedSorted } from '../families/descriptive';
import { statisticsFeatures } from '../families/statistics';
import { alignedGrid, resampleImage, resampleMask, type ResampleGrid } from '../image/resample';
import { boundingBox, cropArray, cropVolume } from '../image/roi';
import { responseMapsOnRoi } from './index';

const { image, mask } = loadIbsiCtPhantom();

/** The part of `grid` around the ROI (plus `margin` voxels), keeping the whole-image alignment. */
function gridAroundRoi(grid: ResampleGrid, margin: number): ResampleGrid {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  const [nx, ny] = mask.size;
  for (let v = 0; v < mask.data.length; v++) {
    if (!mask.data[v]) continue;
    const p = worldToIndex(
      grid.geometry,
      indexToWorld(mask, v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))),
    );
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a], p[a]);
      hi[a] = Math.max(hi[a], p[a]);
    }
  }
  const from = lo.map((v) => Math.max(0, Math.floor(v) - margin));
  const to = hi.map((v, a) => Math.min(grid.geometry.size[a] - 1, Math.ceil(v) + margin));
  const sourceIndex = [0, 1, 2].map((a) =>
    grid.sourceIndex[a].slice(from[a], to[a] + 1),
  ) as ResampleGrid['sourceIndex'];
  return {
    geometry: {
      ...grid.geometry,
      size: sourceIndex.map((s) => s.length) as Vec3,
      origin: indexToWorld(grid.geometry, from[0], from[1], from[2]),
    },
    sourceIndex,
  };
}

function processed(config: 'A' | 'B'): { image: Volume; roi: Uint8Array } {
  const grid = gridAroundRoi(alignedGrid(image, config === 'A' ? [null, null, null] : [1, 1, 1]), 12);
  const img = resampleImage(image, grid, 'cubic', true);
  const morph = resampleMask(mask, grid, 'linear', 0.5).data;
  const roi = Uint8Array.from(morph, (m, v) => (m && img.data[v] >= -1000 && img.data[v] <= 400 ? 1 : 0));
  return { image: img, roi };
}

describe.each(['A', 'B'] as const)('IBSI 2 phase 2, configuration %s', (config) => {
  const { image: img, roi } = processed(config);
  const box = boundingBox(roi, img.size);
  if (!box) throw new Error('empty ROI');
  const roiImage = cropVolume(img, box);
  const roiMask = cropArray(roi, img.size, box);
  const maps = responseMapsOnRoi(
    img,
    roiImage,
    { Original: {}, Mean: { support: 5 }, LoG: { sigma: [1.5] } },
    {
      dims: config === 'A' ? '2D' : '3D',
      logConvention: 'ibsi',
    },
  );
  const dims = config === 'A' ? '2D' : '3D';
  it.each([
    ['1', 'original'],
    ['2', `mean-5-${dims}`],
    ['3', `log-sigma-1-5-mm-${dims}`],
  ])('filter %s (%s): all 18 statistics within tolerance', (filter, imageType) => {
    const map = maps.find((m) => m.imageType === imageType);
    expect(map).toBeDefined();
    const ours = new Map(
      statisticsFeatures(maskedSorted((map as { image: Volume }).image.data, roiMask)).map((f) => [
        f.tag,
        f.value,
      ]),
    );
    const rows = ibsi2Rows(`${filter}.${config}`);
    expect(rows).toHaveLength(18);
    expect(ibsi2Failures(rows, (tag) => ours.get(tag))).toEqual([]);
  });
});
