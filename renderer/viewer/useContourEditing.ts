/**
 * The life of an ROI being drawn or edited: start it (new, or a copy of a stored mask), reflect its session's
 * history and statistics in the state, run the whole-mask tools (fill between slices, islands), undo/redo,
 * save it with the reader's name, or drop it.
 */
import type { RoiSummary } from '../../shared/api';
import { api } from '../api/client';
import { ContourSession } from '../contour/session';
import { saveContourDraft, type ContourDraft, type ContourDrafts } from './contourDrafts';
import { roiColor } from './display';
import type { ToolContext } from './interaction';
import { ORIENTATION_OF_NORMAL } from './planes';
import { errorMessage } from '../../shared/errorMessage';

export type MaskTool = 'fill-between' | 'islands' | 'largest';

export interface ContourEditing {
  beginEdit(roi: RoiSummary | null): Promise<void>;
  resume(draft: ContourDraft): void;
  /** Drops the ROI being edited (no question: see discard). */
  endEdit(): void;
  /** Saves and ends the edit; rejects, keeping the edit, when it could not be saved. */
  saveEdit(): Promise<void>;
  /** The panel's Save: a failure is reported in the notice line. */
  save(): Promise<void>;
  /** The panel's Discard: asks first when there are unsaved changes. */
  discard(): void;
  undoRedo(which: 'undo' | 'redo'): void;
  runTool(what: MaskTool): void;
  /** After a change of the mask: history, statistics and a draw. */
  refreshEdit(dirty?: boolean): void;
  /** During a stroke: statistics only (batched with the move's hover update into one render). */
  refreshStrokeStats(): void;
}

export function useContourEditing(ctx: ToolContext, drafts: ContourDrafts): ContourEditing {
  const { state, dispatch, live, requestDraw, seriesUid } = ctx;

  const refreshEdit = (dirty = true) => {
    const session = live.current.session;
    if (!session) return;
    dispatch({
      type: 'edit-progress',
      dirty,
      canUndo: session.history.canUndo,
      canRedo: session.history.canRedo,
      stats: session.statistics(),
    });
    requestDraw();
  };

  const refreshStrokeStats = () => {
    const session = live.current.session;
    if (session) dispatch({ type: 'edit-progress', dirty: true, stats: session.statistics() });
  };

  const undoRedo = (which: 'undo' | 'redo') => {
    const session = live.current.session;
    if (!session || session.stroking) return;
    const changed = which === 'undo' ? session.undo() : session.redo();
    if (changed) refreshEdit();
  };

  const runTool = (what: MaskTool) => {
    const session = live.current.session;
    if (!session) return;
    try {
      const edit =
        what === 'fill-between'
          ? session.fillBetween(ORIENTATION_OF_NORMAL[state.active])
          : what === 'islands'
            ? session.removeIslands(state.islandMin, 26)
            : session.keepLargest(26);
      dispatch({
        type: 'notice',
        text: edit
          ? `${what === 'fill-between' ? 'Filled' : 'Removed'} ${edit.indices.length} voxels`
          : 'Nothing to change',
      });
    } catch (err) {
      dispatch({ type: 'notice', text: errorMessage(err) });
    }
    refreshEdit();
  };

  const beginEdit = async (roi: RoiSummary | null) => {
    const { volume, detail, masks } = state;
    if (!volume || !detail) return;
    let data: Uint8Array;
    if (roi)
      data = (masks.get(roi.roiId) ?? (await api().call('roi.mask', { roiId: roi.roiId })).data).slice();
    else data = new Uint8Array(volume.data.length);
    const session = new ContourSession({ ...volume.meta, data: volume.data }, data);
    live.current.session = session;
    const index = roi ? detail.rois.findIndex((r) => r.roiId === roi.roiId) : detail.rois.length;
    dispatch({
      type: 'edit-begin',
      edit: {
        roiId: roi?.roiId ?? null,
        name: roi?.name ?? `ROI ${detail.rois.length + 1}`,
        color: roiColor(index),
        dirty: false,
        canUndo: false,
        canRedo: false,
        stats: session.statistics(),
      },
    });
  };

  /** Takes up a kept draft again (its session, history and name) when its series is shown again. */
  const resume = (draft: ContourDraft) => {
    if (live.current.session) return;
    live.current.session = draft.session;
    dispatch({ type: 'edit-begin', edit: draft.edit });
    dispatch({ type: 'notice', text: `Back to your unsaved ROI "${draft.edit.name}"` });
  };

  const endEdit = () => {
    const l = live.current;
    l.session = null;
    l.polygon = null;
    l.drag = null;
    drafts.drop(seriesUid);
    dispatch({ type: 'edit-end' });
  };

  /** Saves the ROI being edited and ends the edit; throws (the edit kept) when it could not be saved. */
  const saveEdit = async () => {
    const session = live.current.session;
    const { edit, volume, author } = state;
    if (!session || !edit || !volume) return;
    dispatch({ type: 'saving', saving: true });
    try {
      const saved = await saveContourDraft({ seriesUid, edit, session, author });
      dispatch({ type: 'roi-saved', roiId: saved.roiId, data: session.mask.data.slice() });
      let listed = '';
      try {
        dispatch({ type: 'detail', detail: await api().call('series.get', { seriesUid }) });
      } catch (err) {
        listed = ` (the ROI list could not be refreshed: ${errorMessage(err)})`;
      }
      dispatch({
        type: 'notice',
        text: `Saved ${saved.name} (${saved.voxels} voxels) by ${saved.author || 'unknown reader'}${listed}`,
      });
      endEdit();
    } finally {
      dispatch({ type: 'saving', saving: false });
    }
  };

  const save = () =>
    saveEdit().catch((err: unknown) => dispatch({ type: 'notice', text: `Not saved: ${errorMessage(err)}` }));

  const discard = () => {
    if (state.edit?.dirty) dispatch({ type: 'confirm-discard', open: true });
    else endEdit();
  };

  return {
    beginEdit,
    resume,
    endEdit,
    saveEdit,
    save,
    discard,
    undoRedo,
    runTool,
    refreshEdit,
    refreshStrokeStats,
  };
}
