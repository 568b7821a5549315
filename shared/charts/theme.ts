/**
 * One look for every chart: the Okabe–Ito colour-blind-safe palette, one font and size, number formats,
 * and in-SVG legends (so an exported SVG carries its own legend).
 */
import * as Plot from '@observablehq/plot';

/** Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision deficiencies. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
} as const;

/** Series colours in order; yellow is left out (too faint on white for thin lines). */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.green,
  OKABE_ITO.orange,
  OKABE_ITO.purple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
];
/** Dash patterns that, combined with the colours, keep up to 21 series apart. */
export const SERIES_DASHES: readonly string[] = ['none', '6,3', '2,2'];

export const SPLIT_COLOUR = { train: OKABE_ITO.blue, validation: OKABE_ITO.vermillion } as const;
export const OUTCOME_COLOUR = { effective: OKABE_ITO.blue, ineffective: OKABE_ITO.orange } as const;
export const MUTED = '#8c8c8c';

export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const FONT_SIZE = 12;
export const LINE_HEIGHT = 16;

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 400;

/** Options every chart starts from: size, font, margins that leave room for axis labels. */
export function baseOptions(): Plot.PlotOptions {
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    marginLeft: 64,
    marginBottom: 48,
    marginTop: 24,
    marginRight: 24,
    style: { fontFamily: FONT_FAMILY, fontSize: `${FONT_SIZE}px`, background: 'white', color: '#222' },
  };
}

export interface LegendItem {
  label: string;
  colour: string;
  /** 'line' draws a stroke swatch, 'box' a filled square, 'dot' a circle. */
  swatch: 'line' | 'box' | 'dot';
  dash?: string;
}

const SWATCH_GLYPH = { line: '━━', box: '■', dot: '●' } as const;
const DASHED_LINE_GLYPH = '╍╍';

/**
 * A legend as text marks anchored to a corner of the frame (dx/dy in pixels move it, e.g. into the right
 * margin). Each line is a coloured glyph and its label. Anchored inside the frame it can hide marks: charts
 * put it outside with `withLegendAbove` or a margin of their own.
 */
export function legendMarks(
  items: LegendItem[],
  anchor: 'top-left' | 'top-right' | 'bottom-right' | 'bottom-left',
  dx = 0,
  dy = 0,
): Plot.Markish[] {
  const fromBottom = anchor.startsWith('bottom');
  const alignRight = anchor.endsWith('right') && dx <= 0;
  return items.map((item, i) => {
    const row = fromBottom ? items.length - 1 - i : i;
    const offset = dy + (fromBottom ? -1 : 1) * (row * LINE_HEIGHT + 6);
    const glyph =
      item.swatch === 'line' && item.dash && item.dash !== 'none'
        ? DASHED_LINE_GLYPH
        : SWATCH_GLYPH[item.swatch];
    return Plot.text([`${glyph} ${item.label}`], {
      frameAnchor: anchor,
      dx: dx + (alignRight ? -6 : 6),
      dy: offset,
      textAnchor: alignRight ? 'end' : 'start',
      lineAnchor: fromBottom ? 'bottom' : 'top',
      fill: item.colour,
      fontSize: FONT_SIZE,
      text: (d: string) => d,
    });
  });
}

/** Pixels a legend of `lines` lines takes above the frame (its rows plus a gap to the frame). */
export function legendBandHeight(lines: number): number {
  return lines > 0 ? lines * LINE_HEIGHT + 8 : 0;
}

/**
 * The plot with its legend in a band above the frame: marginTop and height grow by the band, so the frame
 * keeps its size and no data mark can sit under a legend line.
 */
export function withLegendAbove(plot: Plot.PlotOptions, items: LegendItem[]): Plot.PlotOptions {
  const band = legendBandHeight(items.length);
  const marginTop = (plot.marginTop ?? 24) + band;
  return {
    ...plot,
    marginTop,
    height: (plot.height ?? CHART_HEIGHT) + band,
    // frameAnchor top-left is the frame's corner; the band starts `band` pixels above it.
    marks: [...(plot.marks ?? []), ...legendMarks(items, 'top-left', -6, -band - 6 + 2)],
  };
}

/** Fixed-decimal formatting that never prints "-0.000". */
export function fixed(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const s = value.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** "0.785 (95% CI 0.651–0.918)" — the one way AUCs are written everywhere. */
export function formatAucWithCi(auc: number, ci: readonly number[]): string {
  return `${fixed(auc)} (95% CI ${fixed(ci[0])}–${fixed(ci[1])})`;
}

/** p-values: 3 significant decimals, "< 0.001" below that. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return '—';
  return p < 0.001 ? '< 0.001' : fixed(p, 3);
}

/** "p = 0.428" or "p < 0.001". */
export function pEquals(p: number): string {
  const f = formatP(p);
  return f.startsWith('<') ? `p ${f}` : `p = ${f}`;
}

/** Compact general number: 4 significant digits, exponent for very small/large magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a >= 1e5 || a < 1e-3) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}
