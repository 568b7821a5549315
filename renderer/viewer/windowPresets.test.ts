import { describe, expect, it } from 'vitest';
import { MR_PRESETS, presetWindow, roiForPreset } from './windowPresets';

let seed = 11;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

/** An MR-like volume: 60 % air (0–40), the body uniform in 200–1000, and a bright lesion at 1400–1600. */
function mrLike() {
  const n = 20_000;
  const data = new Float32Array(n);
  const lesion = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = i / n;
    if (r < 0.6) data[i] = Math.round(40 * rand());
    else if (r < 0.95) data[i] = Math.round(200 + 800 * rand());
    else {
      data[i] = Math.round(1400 + 200 * rand());
      lesion[i] = 1;
    }
  }
  return { image: { data, min: 0, max: 1600 }, lesion };
}

const preset = (id: string) => MR_PRESETS.find((p) => p.id === id)!;
const range = (wl: { window: number; level: number } | null) =>
  wl && [wl.level - wl.window / 2, wl.level + wl.window / 2];

describe('MR window presets', () => {
  const { image, lesion } = mrLike();

  it('every preset has a label and a tooltip', () => {
    for (const p of MR_PRESETS) expect(p.title.length).toBeGreaterThan(20);
    expect(new Set(MR_PRESETS.map((p) => p.label)).size).toBe(MR_PRESETS.length);
  });

  it('Auto windows the body, not the air: from inside the body to the lesion', () => {
    const [lo, hi] = range(presetWindow(preset('auto'), image))!;
    // Body + lesion = 8000 voxels: the 1st percentile lies in the body (≥ 200), the 99th in the lesion.
    expect(lo).toBeGreaterThan(200);
    expect(lo).toBeLessThan(250);
    expect(hi).toBeGreaterThan(1550);
  });

  it('Tissue is narrower than Auto, Bright wider, Full is min–max', () => {
    const width = (id: string) => presetWindow(preset(id), image)!.window;
    expect(width('tissue')).toBeLessThan(width('auto') * 0.9);
    expect(width('bright')).toBeGreaterThan(width('auto'));
    expect(range(presetWindow(preset('full'), image))).toEqual([0, 1600]);
  });

  it('ROI: the lesion range spread over the middle half of the grey scale; nothing without an ROI', () => {
    const [lo, hi] = range(presetWindow(preset('roi'), image, lesion))!;
    // Lesion 1400–1600: 1st–99th percentile ≈ 1402–1598, doubled around 1500 → ≈ 1304–1696.
    expect(lo).toBeGreaterThan(1290);
    expect(lo).toBeLessThan(1320);
    expect(hi).toBeGreaterThan(1680);
    expect(hi).toBeLessThan(1710);
    expect(presetWindow(preset('roi'), image, null)).toBeNull();
    expect(presetWindow(preset('roi'), image, new Uint8Array(image.data.length))).toBeNull();
  });

  it('a body preset on an image without background uses the whole image', () => {
    const flat = { data: Float32Array.from({ length: 101 }, (_, n) => n), min: 0, max: 100 };
    const [lo, hi] = range(presetWindow(preset('auto'), flat))!;
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(100);
  });
});

describe('the ROI of the ROI preset', () => {
  const a = new Uint8Array([1, 0]);
  const b = new Uint8Array([0, 1]);
  const stored = {
    rois: [{ roiId: 1 }, { roiId: 2 }],
    masks: new Map([
      [2, b],
      [1, a],
    ]),
    visible: new Set([2, 1]),
  };
  it('is the ROI being edited once it has voxels, else the first ROI shown (list order) whose mask is loaded', () => {
    const edited = new Uint8Array([1, 1]);
    expect(roiForPreset({ mask: edited, voxels: 2 }, stored)).toBe(edited);
    expect(roiForPreset({ mask: edited, voxels: 0 }, stored)).toBe(a);
    expect(roiForPreset(null, { ...stored, visible: new Set([2]) })).toBe(b);
    expect(roiForPreset(null, { ...stored, masks: new Map() })).toBeNull();
  });
});
