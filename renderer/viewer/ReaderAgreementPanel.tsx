/** Inter-reader agreement of two ROIs of the series (shared/contour compareMasks): Dice and volumes. */
import { useMemo, type Dispatch } from 'react';
import { compareMasks, type ReaderAgreement } from '../../shared/contour';
import { fmt } from './display';
import type { ViewerAction, ViewerState } from './viewerState';

export function ReaderAgreementPanel({
  state,
  dispatch,
}: {
  state: Pick<ViewerState, 'detail' | 'volume' | 'masks' | 'compare'>;
  dispatch: Dispatch<ViewerAction>;
}) {
  const { detail, volume, masks, compare } = state;
  const agreement = useMemo((): ReaderAgreement | null => {
    if (!volume || compare.a === null || compare.b === null || compare.a === compare.b) return null;
    const a = masks.get(compare.a);
    const b = masks.get(compare.b);
    if (!a || !b) return null;
    return compareMasks({ ...volume.meta, data: a }, { ...volume.meta, data: b });
  }, [volume, masks, compare]);
  if (!detail || detail.rois.length < 2) return null;
  return (
    <>
      <h3>Reader agreement</h3>
      <div className="compare" data-testid="reader-agreement">
        {(['a', 'b'] as const).map((side) => (
          <label key={side} className="field small">
            {side === 'a' ? 'Reader A' : 'Reader B'}
            <select
              value={compare[side] ?? ''}
              onChange={(e) => dispatch({ type: 'compare', side, roiId: Number(e.target.value) })}
              aria-label={side === 'a' ? 'Reader A ROI' : 'Reader B ROI'}
            >
              {detail.rois.map((r) => (
                <option key={r.roiId} value={r.roiId}>
                  {r.name} ({r.author || r.source})
                </option>
              ))}
            </select>
          </label>
        ))}
        {agreement ? (
          <dl className="facts">
            <dt>Dice</dt>
            <dd data-testid="dice">{agreement.dice.toFixed(3)}</dd>
            <dt>Volumes</dt>
            <dd>
              {fmt(agreement.volumeAMl, 2)} / {fmt(agreement.volumeBMl, 2)} mL
            </dd>
            <dt>B − A</dt>
            <dd data-testid="volume-difference">
              {fmt(agreement.volumeDifferenceMl, 2)} mL
              {agreement.relativeVolumeDifference !== null &&
                ` (${fmt(agreement.relativeVolumeDifference * 100, 1)}%)`}
            </dd>
          </dl>
        ) : (
          <p className="muted small">Choose two different ROIs.</p>
        )}
      </div>
    </>
  );
}
