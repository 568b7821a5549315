/** Presets in the user's words: recognised by content, settings as readable rows, descriptions without developer references. */
import { describe, expect, it } from 'vitest';
import { matchPreset, presetLabel, settingsRows } from './describe';
import { loadPreset, presetNames } from './index';

describe('presets for users', () => {
  it('every preset is recognised from its stored settings, with or without its description', () => {
    for (const name of presetNames()) {
      const stored = JSON.parse(JSON.stringify(loadPreset(name))) as Record<string, unknown>;
      expect(matchPreset(stored)?.name).toBe(name);
      const { description: _d, ...bare } = stored;
      expect(matchPreset(bare)?.name).toBe(name);
      expect(matchPreset({ ...bare, description: 'an older text' })?.name).toBe(name);
    }
    expect(presetLabel(null)).toBe('none (profile defaults)');
    const edited = { ...loadPreset('paper'), roundIntensities: true };
    expect(presetLabel(edited)).toBe('none (custom settings)');
  });

  it('descriptions speak to users: no developer files, constants or parameter names', () => {
    for (const name of presetNames()) {
      const d = loadPreset(name).description ?? '';
      expect(d.length, name).toBeGreaterThan(40);
      expect(d, name).not.toMatch(
        /\.md|\.ts\b|§|PAPER_SETTINGS|[a-z][A-Z][a-z]+[A-Z]|allDirection|voxelArrayShift/,
      );
    }
  });

  it('the paper preset as a readable table: no resampling, 64 levels, distances 1, 4, 7', () => {
    const rows = Object.fromEntries(settingsRows(loadPreset('paper'), 'ak').map((r) => [r.setting, r.value]));
    expect(rows['Resampling']).toMatch(/^none/);
    expect(rows['Re-segmentation']).toBe('none');
    expect(rows['Grey levels (texture)']).toBe("64 grey levels over the ROI's own range (fixed bin number)");
    expect(rows['A.K. texture']).toBe(
      '64 grey levels; distances 1, 4, 7 voxels; averaged over the 4 in-plane directions; run lengths 0–64 mm in 64 steps',
    );
    const ct = Object.fromEntries(
      settingsRows(loadPreset('ibsi-ct-b'), 'ibsi').map((r) => [r.setting, r.value]),
    );
    expect(ct['Resampling']).toBe(
      'to 2 mm × 2 mm × unchanged (linear interpolation; ROI linear, kept where ≥ 0.5)',
    );
    expect(ct['Re-segmentation']).toBe('only intensities from -500 to 400 kept');
  });
});
