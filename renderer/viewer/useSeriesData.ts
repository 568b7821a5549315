/**
 * The series' data: its detail and voxels when the series opens (with the first MR preset's window), the
 * export folder next to the database, and the masks of the ROIs shown or compared, each fetched once.
 */
import { useEffect, useRef, type Dispatch } from 'react';
import { api } from '../api/client';
import type { ViewerAction, ViewerState } from './viewerState';
import { MR_PRESETS, presetWindow } from './windowPresets';
import { windowFromRange } from './windowing';
import { errorMessage } from '../../shared/errorMessage';

export function useSeriesData(
  seriesUid: string,
  state: Pick<ViewerState, 'detail' | 'volume' | 'visible' | 'compare' | 'masks'>,
  dispatch: Dispatch<ViewerAction>,
): void {
  useEffect(() => {
    let cancelled = false;
    dispatch({ type: 'load-start' });
    Promise.all([api().call('series.get', { seriesUid }), api().call('series.volume', { seriesUid })])
      .then(([detail, volume]) => {
        if (cancelled) return;
        const preset = MR_PRESETS[0];
        const { min, max } = volume.meta;
        const wl = presetWindow(preset, { data: volume.data, min, max }) ?? windowFromRange(min, max);
        dispatch({ type: 'loaded', detail, volume, wl, preset: preset.id });
        // The study's date and description for the corner annotations (the viewer works without them).
        api()
          .call('patient.get', { patientId: detail.patientId })
          .then((patient) => {
            const study = patient.studies.find((st) => st.studyUid === detail.studyUid);
            if (!cancelled && study)
              dispatch({ type: 'study', study: { date: study.studyDate, description: study.description } });
          })
          .catch(() => undefined);
      })
      .catch((err: unknown) => !cancelled && dispatch({ type: 'error', message: errorMessage(err) }));
    api()
      .call('app.info', {})
      .then((info) => {
        if (!cancelled)
          dispatch({ type: 'export-dir', dir: `${info.db.replace(/[\\/][^\\/]*$/, '')}/exports` });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [seriesUid, dispatch]);

  // Fetch the masks of visible ROIs and of the compared ones (once each).
  const fetching = useRef(new Set<number>());
  const { detail, volume, visible, masks } = state;
  const { a, b } = state.compare;
  useEffect(() => {
    if (!detail || !volume) return;
    const wanted = [...detail.rois.filter((r) => visible.has(r.roiId)).map((r) => r.roiId), a, b];
    const pending = fetching.current;
    for (const roiId of wanted) {
      if (roiId === null || masks.has(roiId) || pending.has(roiId)) continue;
      pending.add(roiId);
      api()
        .call('roi.mask', { roiId })
        .then((m) => dispatch({ type: 'mask', roiId, data: m.data }))
        .catch((err: unknown) => dispatch({ type: 'error', message: errorMessage(err) }))
        .finally(() => pending.delete(roiId));
    }
  }, [detail, volume, visible, a, b, masks, dispatch]);
}
