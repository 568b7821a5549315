/** The series' rulers (Measurements): the ruler tool, the list with go to / delete, and the way to RECIST. */
import { formatLengthMm } from '../../shared/measure/ruler';
import { rulerPlace, type Ruler, type RulerStore } from './rulers';
import type { Tool } from './viewerState';

export function RulerPanel({
  rulers,
  store,
  tool,
  onChooseTool,
  onGoTo,
  onLabel,
}: {
  rulers: readonly Ruler[];
  store: RulerStore;
  tool: Tool;
  onChooseTool: (tool: Tool) => void;
  onGoTo: (ruler: Ruler) => void;
  /** Opens the RECIST calculator (absent when the app offers none). */
  onLabel?: () => void;
}) {
  return (
    <>
      <h3>Measurements</h3>
      <div className="row">
        <button
          type="button"
          className={tool === 'ruler' ? 'on' : ''}
          aria-pressed={tool === 'ruler'}
          onClick={() => onChooseTool(tool === 'ruler' ? 'crosshair' : 'ruler')}
          title="Key 7"
        >
          Ruler
        </button>
        {onLabel && rulers.length > 0 && (
          <button type="button" className="link" onClick={onLabel}>
            Use in RECIST…
          </button>
        )}
      </div>
      {rulers.length === 0 ? (
        <p className="muted small">
          Ruler (7): drag on any view to measure; drag an end to adjust, Esc cancels.
        </p>
      ) : (
        <ul className="roi-list" aria-label="Rulers">
          {rulers.map((r) => (
            <li key={r.id} data-testid={`ruler-${r.name}`}>
              <span>
                <strong>{r.name}</strong> <span className="muted small">{rulerPlace(r)}</span> ·{' '}
                <span data-testid="ruler-length">{formatLengthMm(r.lengthMm)}</span>
              </span>
              <span className="roi-actions">
                <button
                  type="button"
                  className="link"
                  onClick={() => onGoTo(r)}
                  aria-label={`Go to ruler ${r.name}`}
                >
                  Go to
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() => store.remove(r.id)}
                  aria-label={`Delete ruler ${r.name}`}
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
