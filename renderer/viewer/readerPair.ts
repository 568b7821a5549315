/**
 * Which two ROIs the reader-agreement panel compares until the user picks a pair: the latest two ROIs of one
 * name drawn by different readers (the usual inter-reader check), else the first two.
 */
import type { RoiSummary } from '../../shared/api';

export interface ReaderPair {
  a: number | null;
  b: number | null;
  /** True while the pair follows the ROI list (the user has not chosen). */
  auto: boolean;
}

export function defaultReaderPair(
  rois: readonly Pick<RoiSummary, 'roiId' | 'name' | 'author'>[],
): { a: number; b: number } | null {
  if (rois.length < 2) return null;
  let pair: { a: number; b: number } | null = null;
  for (const a of rois) {
    const b = rois.find(
      (r) => r.roiId > a.roiId && r.name.toLowerCase() === a.name.toLowerCase() && r.author !== a.author,
    );
    if (b) pair = { a: a.roiId, b: b.roiId };
  }
  return pair ?? { a: rois[0].roiId, b: rois[1].roiId };
}
