import type * as Plot from '@observablehq/plot';

/** A chart, ready to render with `Plot.plot({ ...plot, document })` in Node (linkedom) or the browser. */
export interface ChartSpec {
  /** Stable id, also the export file name. */
  id: string;
  title: string;
  /** One or two sentences saying what is drawn and how to read it. */
  caption: string;
  /** Plot options; null when the document lacks what the chart needs (`missing` says what). */
  plot: Plot.PlotOptions | null;
  missing?: string;
}

export function unavailable(id: string, title: string, missing: string): ChartSpec {
  return { id, title, caption: '', plot: null, missing };
}
