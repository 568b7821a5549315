/**
 * The MR window presets. MR intensities have no absolute unit, so a preset is a percentile window of the
 * series' own histogram rather than fixed numbers as on CT; and since air fills much of an MR volume, the
 * percentiles are taken over the body (voxels above the background threshold of FSL's BET, histogram.ts), or
 * over an ROI.
 */
import { backgroundBin, histogramOf, histogramPercentiles } from './histogram';
import { windowFromRange, type WindowLevel } from './windowing';

export interface Preset {
  id: string;
  label: string;
  /** What it shows (the button's tooltip). */
  title: string;
  /** Which voxels the percentiles are taken over. */
  of: 'image' | 'body' | 'roi';
  /** Lower and upper percentile (0–100). */
  range: [number, number];
  /** The window is this many times the percentile range, around its middle (context around an ROI). */
  widen?: number;
}

export const MR_PRESETS: readonly Preset[] = [
  {
    id: 'auto',
    label: 'Auto',
    title:
      'Body, 1st–99th percentile: the background (air, below 10 % of the robust range as in FSL BET) left out',
    of: 'body',
    range: [1, 99],
  },
  {
    id: 'tissue',
    label: 'Tissue',
    title: 'Soft-tissue contrast, 10th–90th percentile of the body: fat and fluid saturate (T1, PD)',
    of: 'body',
    range: [10, 90],
  },
  {
    id: 'bright',
    label: 'Bright',
    title:
      'Bright structures kept, 2nd–99.9th percentile of the body: fluid and oedema not clipped (T2, STIR)',
    of: 'body',
    range: [2, 99.9],
  },
  {
    id: 'roi',
    label: 'ROI',
    title:
      'The lesion: the ROI’s 1st–99th percentile spread over the middle half of the grey scale (the ROI being edited, else the first one shown)',
    of: 'roi',
    range: [1, 99],
    widen: 2,
  },
  {
    id: 'full',
    label: 'Full',
    title: 'The whole range of the series, minimum to maximum',
    of: 'image',
    range: [0, 100],
  },
];

export interface PresetImage {
  data: Float32Array;
  min: number;
  max: number;
}

/**
 * Window/level of a preset on an image (and the ROI mask for the ROI preset); null when it has nothing to
 * work on (the ROI preset without an ROI, an empty ROI). A body preset on an image without a background
 * falls back to the whole image.
 */
export function presetWindow(
  preset: Preset,
  image: PresetImage,
  roi?: Uint8Array | null,
): WindowLevel | null {
  if (preset.of === 'roi' && !roi) return null;
  const h = histogramOf(
    image.data,
    image.min,
    image.max,
    preset.of === 'roi' ? (roi ?? undefined) : undefined,
  );
  if (!h) return windowFromRange(image.min, image.max);
  const fromBin = preset.of === 'body' ? (backgroundBin(h) ?? 0) : 0;
  const range = histogramPercentiles(h, preset.range, fromBin);
  if (!range) return null;
  const [low, high] = range;
  const widen = preset.widen ?? 1;
  const middle = (low + high) / 2;
  return windowFromRange(middle - ((high - low) * widen) / 2, middle + ((high - low) * widen) / 2);
}

/** The ROI the ROI preset windows: the one being edited if it has voxels, else the first shown stored ROI. */
export function roiForPreset(
  edited: { mask: Uint8Array; voxels: number } | null,
  stored: {
    rois: readonly { roiId: number }[];
    masks: ReadonlyMap<number, Uint8Array>;
    visible: ReadonlySet<number>;
  },
): Uint8Array | null {
  if (edited && edited.voxels > 0) return edited.mask;
  const shown = stored.rois.find((r) => stored.visible.has(r.roiId) && stored.masks.has(r.roiId));
  return (shown && stored.masks.get(shown.roiId)) ?? null;
}
