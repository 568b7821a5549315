/** Colours, plane order and number formats shared by the viewer's views and panels. */
import type { SeriesDetail } from '../../shared/api';
import type { Axis } from '../../shared/contour/plane';

/** Distinct, saturated overlay colours (none of them grey, so they stand out on MR). */
const ROI_COLORS: [number, number, number][] = [
  [1, 0.2, 0.1],
  [0.1, 0.9, 0.3],
  [0.2, 0.55, 1],
  [1, 0.85, 0.1],
  [0.9, 0.2, 0.9],
  [0.1, 0.9, 0.9],
];

export const roiColor = (index: number) => ROI_COLORS[index % ROI_COLORS.length];
export const cssColor = (c: readonly [number, number, number]) =>
  `rgb(${c.map((x) => Math.round(x * 255)).join(', ')})`;

/** Crosshair line colours: the line of a plane has the colour of that plane's view. */
export const PLANE_COLORS: Record<Axis, string> = { 2: '#ffcf4d', 1: '#58d68d', 0: '#5dade2' };
/** Views of the 1×3 layout, left to right (and the plane buttons of 1×1). */
export const VIEW_ORDER: Axis[] = [2, 1, 0];
/** Tilt of an acquisition plane (degrees) from which the view says it is oblique; below, scanner rounding. */
export const OBLIQUE_NOTE_DEG = 1;

/** A number with fixed decimals, or an en dash when there is none. */
export const fmt = (v: number | null | undefined, digits = 1) =>
  v !== null && v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : '–';

/** The series as a reader recognises it ("T2 AX #3"). */
export const seriesText = (detail: Pick<SeriesDetail, 'series'>) =>
  `${detail.series.description || 'Series'} #${detail.series.seriesNumber}`;
