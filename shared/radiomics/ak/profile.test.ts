/** `--profile ak` and `--preset paper` through the shared registries (the path every front uses). */
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import { loadPreset, presetNames } from '../../presets/index';
import { mergeSettings, parseSettings } from '../settings';
import { computeFeatures, profileNames } from '../profiles/index';
import { akFeatures } from './index';
import { akProfile, computeAkProfile } from './profile';

const IMAGES = new URL('../../../../shared/data/pyradiomics-baseline/images/', import.meta.url).pathname;

describe('ak profile registration', () => {
  it('registers the ak profile and the paper preset', () => {
    expect(profileNames()).toContain('ak');
    expect(presetNames()).toContain('paper');
    expect(loadPreset('paper').discretisation?.texture).toEqual({ method: 'fbn', bins: 64 });
  });

  it.each(['brain1', 'breast1'])(
    'computeFeatures(%s, paper, "ak") equals akFeatures on the raw image',
    (name) => {
      const image = readVolumeFile(`${IMAGES}${name}_image.nrrd`);
      const label = readVolumeFile(`${IMAGES}${name}_label.nrrd`);
      const mask = { ...label, data: Uint8Array.from(label.data) };
      const direct = akFeatures(image, mask);
      const viaRegistry = computeFeatures(image, mask, loadPreset('paper'), 'ak');
      expect(viaRegistry.features.length).toBe(396);
      expect(viaRegistry.features).toEqual(direct);
      // With the raw inputs handed over, the profile computes on them directly.
      const prepared = {
        image,
        morphMask: mask.data,
        intensityMask: mask.data,
        resegRange: null,
        processedSize: image.size,
        processedSpacing: image.spacing,
        diagnostics: [],
      };
      const settings = {
        resampling: null,
        roundIntensities: false,
        resegmentation: { range: null, outlierSigma: null },
        discretisation: {
          texture: { method: 'fbn' as const, bins: 64 },
          histogram: { method: 'fbn' as const, bins: 64 },
          ivh: null,
        },
        aggregation: ['3D' as const],
        texture: { glcmDistance: 1, ngtdmDistance: 1, ngldmDistance: 1, ngldmCoarseness: 0 },
      };
      expect(
        akProfile.extract({ prepared, settings, source: { volume: image, mask } } as Parameters<
          typeof akProfile.extract
        >[0]),
      ).toEqual(computeAkProfile(image, mask, undefined));
    },
  );

  it("a settings file's `ak` block reaches the profile: ITK's 13 directions for AllDirection", () => {
    const image = readVolumeFile(`${IMAGES}brain1_image.nrrd`);
    const label = readVolumeFile(`${IMAGES}brain1_label.nrrd`);
    const mask = { ...label, data: Uint8Array.from(label.data) };
    // What `--preset paper --settings file.yaml` passes: the preset, then the file, field by field.
    const file = parseSettings({ ak: { allDirection: 'itk13' } }, 'settings file');
    const settings = mergeSettings(loadPreset('paper'), file);
    expect(settings.ak).toEqual({ allDirection: 'itk13' });
    expect(settings.discretisation?.texture).toEqual({ method: 'fbn', bins: 64 });
    const viaRegistry = computeFeatures(image, mask, settings, 'ak').features;
    expect(viaRegistry).toEqual(akFeatures(image, mask, { allDirection: 'itk13' }));
    const name = 'Inertia_AllDirection_offset1';
    const value = (f: typeof viaRegistry) => f.find((x) => x.name === name)!.value;
    expect(value(viaRegistry)).not.toBeCloseTo(value(akFeatures(image, mask)), 3);
    expect(() => parseSettings({ ak: { allDirections: 'itk13' } }, 'settings file')).toThrow(
      /ak: Unrecognized key: "allDirections"/,
    );
  });
});
