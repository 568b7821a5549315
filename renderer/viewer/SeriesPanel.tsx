/** The series' facts (size, spacing, value range), its import warnings, and the viewer's controls in brief. */
import type { SeriesDetail } from '../../shared/api';
import { fmt } from './display';
import type { Volume } from './viewerState';

export function SeriesPanel({ detail, volume }: { detail: SeriesDetail; volume: Volume }) {
  return (
    <>
      <h3>Series</h3>
      <dl className="facts">
        <dt>Size</dt>
        <dd>{volume.meta.size.join(' × ')}</dd>
        <dt>Spacing</dt>
        <dd>{volume.meta.spacing.map((s) => fmt(s, 2)).join(' × ')} mm</dd>
        <dt>Range</dt>
        <dd>
          {fmt(volume.meta.min, 0)} … {fmt(volume.meta.max, 0)}
        </dd>
      </dl>
      {detail.series.warnings.length > 0 && (
        <ul className="warnings">
          {detail.series.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      <p className="muted small help">
        Click: crosshair · drag: window/level (also ctrl-drag, tool 2) · alt-drag: crosshair follows · wheel /
        ← →: slice · right-drag or ctrl+wheel: zoom · shift-drag: pan · − / +: zoom (brush size while
        painting) · R: fit · 1–7: tools (7 ruler) · Z / Y: undo/redo · polygon: click points, click the first
        (or double-click, Enter) to fill, shift to erase · O: fill/outline · space: cine
      </p>
    </>
  );
}
