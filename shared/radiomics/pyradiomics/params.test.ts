/**
 * PyRadiomics parameter files: what maps, and clear errors for what does not.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { mergeSettings, parseSettings, resolveSettings } from '../settings';
import { pyradiomicsParamsToSettings } from './params';

/** A parameter file in the style of PyRadiomics' examples/exampleSettings/Params.yaml. */
const EXAMPLE = `
imageType:
  Original: {}
  LoG:
    sigma: [1.0, 3.0]
  Wavelet: {}
featureClass:
  shape:
  firstorder: []
  glcm:
    - Autocorrelation
    - ClusterProminence
setting:
  binWidth: 25
  label: 1
  interpolator: 'sitkBSpline'
  resampledPixelSpacing: [1, 1, 0]
  weightingNorm:
  normalize: false
  removeOutliers:
  preCrop: true
  padDistance: 10
  voxelArrayShift: 1000
  distances: [1, 2]
  gldm_a: 1
  additionalInfo: true
`;

describe('PyRadiomics parameter file → settings', () => {
  it('maps settings, classes and image types', () => {
    const s = parseSettings(parseYaml(EXAMPLE), 'Params.yaml');
    expect(s.pyradiomics).toEqual({
      binWidth: 25,
      label: 1,
      padDistance: 10,
      voxelArrayShift: 1000,
      distances: [1, 2],
      gldmAlpha: 1,
      classes: { shape: [], firstorder: [], glcm: ['Autocorrelation', 'ClusterProminence'] },
    });
    expect(s.imageTypes).toEqual({ Original: {}, LoG: { sigma: [1, 3] }, Wavelet: { wavelet: 'coif1' } });
    // the shared chain: in-plane 1 mm B-spline resampling (0 keeps the axis), FBS 25, distance 2, α 1
    const r = resolveSettings(s);
    expect(r.resampling).toMatchObject({ spacing: [1, 1, null], interpolator: 'cubic' });
    expect(r.discretisation.texture).toEqual({ method: 'fbs', width: 25 });
    expect(r.texture).toEqual({ glcmDistance: 2, ngtdmDistance: 2, ngldmDistance: 2, ngldmCoarseness: 1 });
  });

  it('binCount, force2D, force2Ddimension, weightingNorm, normalize, re-segmentation (absolute and sigma), wavelet and LoG in setting', () => {
    const a = pyradiomicsParamsToSettings({
      setting: { binCount: 64, force2D: true, force2Ddimension: 1, resegmentRange: [-1000, 400] },
    });
    expect(a?.pyradiomics).toMatchObject({ binCount: 64, force2D: true, force2Ddimension: 1 });
    expect(a?.discretisation).toEqual({ texture: { method: 'fbn', bins: 64 } });
    expect(a?.aggregation).toEqual(['2.5D']);
    expect(a?.resegmentation).toEqual({ range: [-1000, 400] });
    expect(a?.imageTypes).toEqual({ Original: {} });
    expect(pyradiomicsParamsToSettings({ setting: { weightingNorm: 'euclidean' } })?.pyradiomics).toEqual({
      weightingNorm: 'euclidean',
    });
    expect(
      pyradiomicsParamsToSettings({ setting: { removeOutliers: 3, normalize: true, normalizeScale: 100 } })
        ?.pyradiomics,
    ).toEqual({ normalize: { scale: 100, removeOutliers: 3 } });
    const b = pyradiomicsParamsToSettings({
      setting: { resegmentRange: [-3, 3], resegmentMode: 'sigma', sigma: [2], wavelet: 'haar' },
      imageType: { LoG: {}, Wavelet: {} },
    });
    expect(b?.resegmentation).toEqual({ outlierSigma: 3 });
    expect(b?.imageTypes).toEqual({ LoG: { sigma: [2] }, Wavelet: { wavelet: 'haar' } });
  });

  it('a user file can layer on a preset field by field', () => {
    const merged = mergeSettings(
      parseSettings({ pyradiomics: { binWidth: 25, voxelArrayShift: 0 } }),
      parseSettings({ setting: { voxelArrayShift: 2000 } }),
    );
    expect(merged.pyradiomics).toMatchObject({ binWidth: 25, voxelArrayShift: 2000 });
  });

  it('our own settings files are not taken for PyRadiomics files', () => {
    expect(
      pyradiomicsParamsToSettings({ discretisation: { texture: { method: 'fbn', bins: 16 } } }),
    ).toBeNull();
  });

  it.each([
    [{ setting: { binWidht: 25 } }, /unsupported setting "binWidht"/],
    [{ setting: { normalize: 'yes' } }, /"normalize" must be true or false/],
    [{ setting: { removeOutliers: 3 } }, /"removeOutliers" needs normalize: true/],
    [
      { setting: { interpolator: 'sitkGaussian', resampledPixelSpacing: [1, 1, 1] } },
      /interpolator" sitkGaussian is not supported/,
    ],
    [
      { setting: { resegmentRange: [0, 100], resegmentMode: 'relative' } },
      /resegmentMode" relative is not supported/,
    ],
    [{ setting: { symmetricalGLCM: false } }, /symmetricalGLCM" false is not supported/],
    [{ setting: { weightingNorm: 'chebyshev' } }, /weightingNorm" chebyshev is not supported/],
    [{ setting: { wavelet: 'db2' } }, /wavelet "db2" is not supported/],
    [{ setting: { level: 2 } }, /level 2 is not supported/],
    [{ setting: { binWidth: 'wide' } }, /"binWidth" must be a number/],
    [{ imageType: { Square: {} } }, /unsupported image type "Square"/],
    [{ imageType: { LoG: {} } }, /LoG needs "sigma"/],
    [
      { imageType: { LoG: { sigma: [1], binWidth: 10 } } },
      /unsupported setting "binWidth" for image type LoG/,
    ],
    [{ featureClass: { gldzm: [] } }, /unsupported feature class "gldzm"/],
    [{ featureClass: { glcm: ['SumVariance'] } }, /unknown glcm feature "SumVariance"/],
    [{ voxelSetting: { kernelRadius: 2 } }, /unsupported top-level key "voxelSetting"/],
  ])('refuses %j', (raw, message) => {
    expect(() => parseSettings(raw)).toThrow(message);
  });
});
