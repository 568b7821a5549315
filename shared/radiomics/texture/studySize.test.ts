/**
 * The texture families on the study's scale: a 512×512×30 MR grid with a 120×120×20 ROI (288,000 voxels) at
 * 64 grey levels. Their time is printed by `npm run bench` (texture section; ~5 ms per 3D GLCM direction and
 * ~1.5 s for all six families on the 2-core test machine), never asserted here.
 */
import { describe, expect, it } from 'vitest';
import { textureFeatures } from './index';
import { prepareTextureGrid } from './neighbourhood';
import { studySizedRoi } from './studySizedRoi';

describe('texture features on a study-sized ROI', () => {
  const roi = studySizedRoi();

  it('all six families, every aggregation, finite on 288,000 voxels at 64 levels', () => {
    expect(prepareTextureGrid(roi).voxelCount).toBe(288_000);
    const features = textureFeatures(roi);
    expect(features).toHaveLength(25 * 6 + 16 * 6 + 16 * 3 + 16 * 3 + 5 * 3 + 17 * 3);
    expect(features.every((f) => Number.isFinite(f.value))).toBe(true);
  });
});
