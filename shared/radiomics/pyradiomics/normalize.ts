/**
 * PyRadiomics' intensity normalisation (imageoperations.normalizeImage, SimpleITK Normalize): over the whole
 * image, x ↦ (x − μ) / σ with σ the sample standard deviation (N − 1); optionally clipped to ±removeOutliers;
 * then multiplied by scale. Applied before resampling and re-segmentation, as PyRadiomics loads images.
 */
import type { Volume } from '../../image/volume';

export function normalizeImage(volume: Volume, options: { scale: number; removeOutliers?: number }): Volume {
  const n = volume.data.length;
  let sum = 0;
  for (let v = 0; v < n; v++) sum += volume.data[v];
  const mean = sum / n;
  let ss = 0;
  for (let v = 0; v < n; v++) ss += (volume.data[v] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  if (!(sd > 0)) throw new Error('cannot normalise a constant image (standard deviation 0)');
  const clip = options.removeOutliers ?? Infinity;
  const data = new Float32Array(n);
  for (let v = 0; v < n; v++)
    data[v] = options.scale * Math.max(-clip, Math.min(clip, (volume.data[v] - mean) / sd));
  return { ...volume, data };
}
