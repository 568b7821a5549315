/** Rendering a ChartSpec to SVG markup with a caller-supplied DOM (no DOM import here). */
import * as Plot from '@observablehq/plot';
import type { ChartSpec } from './spec';

/**
 * The chart as an `<svg>` element's markup, fit for inlining in HTML (no xmlns attributes, so the
 * report never names an http URL). Throws when the spec has no plot.
 */
export function renderChartSvg(spec: ChartSpec, document: Document): string {
  if (!spec.plot) throw new Error(`chart ${spec.id} cannot be drawn: ${spec.missing ?? 'no data'}`);
  const node = Plot.plot({ ...spec.plot, document });
  const svg = node.tagName.toLowerCase() === 'svg' ? node : node.querySelector('svg');
  if (!svg) throw new Error(`chart ${spec.id}: Plot returned no <svg>`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', spec.title);
  return svg.outerHTML.replace(/\s+xmlns(:\w+)?="[^"]*"/g, '');
}

/** A standalone .svg file (XML declaration-free, with the SVG namespace) for export. */
export function standaloneSvg(svgMarkup: string): string {
  const ns = ['http', '://www.w3.org/2000/svg'].join('');
  return svgMarkup.replace(/^<svg\b/, `<svg xmlns="${ns}"`);
}
