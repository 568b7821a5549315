/** One chart from a ChartSpec, drawn by Observable Plot exactly as in the HTML report, with SVG/PNG export. */
import { useMemo, useState } from 'react';
import { renderChartSvg } from '../../../shared/charts/render';
import type { ChartSpec } from '../../../shared/charts/spec';
import { exportPng, exportSvg } from './exportChart';
import { errorMessage } from '../../../shared/errorMessage';

export interface ChartViewProps {
  spec: ChartSpec;
  /** File-name prefix for exports, e.g. "model-3". */
  exportName?: string;
  /** The DOM Plot draws with: the page's document in the app, linkedom's in tests. */
  doc?: Document;
}

export function ChartView({ spec, exportName = 'chart', doc }: ChartViewProps) {
  const [error, setError] = useState<string | null>(null);
  const svg = useMemo(() => {
    if (!spec.plot) return null;
    try {
      return renderChartSvg(spec, doc ?? document);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }, [spec, doc]);
  const base = `${exportName}-${spec.id}`;
  return (
    <figure className="chart-view" data-chart={spec.id}>
      <div className="chart-head">
        <h3>{spec.title}</h3>
        {typeof svg === 'string' && (
          <div className="chart-actions">
            <button
              type="button"
              className="small"
              onClick={() => exportSvg(svg, base)}
              title={`Save ${base}.svg`}
            >
              SVG
            </button>
            <button
              type="button"
              className="small"
              title={`Save ${base}.png`}
              onClick={() => {
                setError(null);
                exportPng(svg, base).catch((e: unknown) => setError(errorMessage(e)));
              }}
            >
              PNG
            </button>
          </div>
        )}
      </div>
      {svg === null && <p className="chart-missing">Not drawn: {spec.missing ?? 'no data'}.</p>}
      {svg instanceof Error && <p className="chart-missing error">Chart failed: {svg.message}</p>}
      {typeof svg === 'string' && <div className="chart-svg" dangerouslySetInnerHTML={{ __html: svg }} />}
      {spec.caption && <figcaption>{spec.caption}</figcaption>}
      {error && <p className="error small">{error}</p>}
    </figure>
  );
}
