/**
 * The stored ROIs' actions: go to, delete (confirmed, audited under the reader's name), export as SEG/RTSTRUCT
 * (an existing file is replaced only after the user confirms it).
 */
import type { RoiSummary } from '../../shared/api';
import { api } from '../api/client';
import type { ToolContext } from './interaction';
import { errorMessage } from '../../shared/errorMessage';

export interface RoiActions {
  goToRoi(roi: RoiSummary): void;
  deleteRoi(roi: RoiSummary): Promise<void>;
  exportRoi(roi: RoiSummary, format: 'SEG' | 'RTSTRUCT'): Promise<void>;
}

const safeFileName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'roi';

export function useRoiActions({ state, dispatch, seriesUid }: ToolContext): RoiActions {
  const goToRoi = (roi: RoiSummary) => dispatch({ type: 'go-to-roi', roiId: roi.roiId });

  const deleteRoi = async (roi: RoiSummary) => {
    const by = roi.author ? ` by ${roi.author}` : '';
    if (!window.confirm(`Delete ROI "${roi.name}"${by}? The deletion is kept in the audit log.`)) return;
    try {
      await api().call('roi.delete', { roiId: roi.roiId, author: state.author });
      dispatch({ type: 'roi-deleted', roiId: roi.roiId });
      dispatch({ type: 'detail', detail: await api().call('series.get', { seriesUid }) });
      dispatch({ type: 'notice', text: `Deleted ${roi.name}` });
    } catch (err) {
      dispatch({ type: 'notice', text: `Delete failed: ${errorMessage(err)}` });
    }
  };

  const exportRoi = async (roi: RoiSummary, format: 'SEG' | 'RTSTRUCT') => {
    if (!state.exportDir) return dispatch({ type: 'notice', text: 'Set an export folder first' });
    const folder = state.exportDir.replace(/[\\/]+$/, '');
    const out = `${folder}/${safeFileName(roi.name)}-${roi.roiId}-${format}.dcm`;
    const write = (overwrite: boolean) =>
      api().call('roi.export', { roiId: roi.roiId, format, out, deidentify: false, overwrite });
    try {
      let r;
      try {
        r = await write(false);
      } catch (err) {
        // An existing file is replaced only when the user says so (the host refuses it otherwise).
        if (!(err instanceof Error && / already exists/.test(err.message))) throw err;
        if (!window.confirm(`${out} already exists. Replace it?`))
          return dispatch({ type: 'notice', text: 'Export cancelled' });
        r = await write(true);
      }
      dispatch({ type: 'notice', text: `${r.format} of ${r.roi} written to ${r.out}` });
    } catch (err) {
      dispatch({ type: 'notice', text: `Export failed: ${errorMessage(err)}` });
    }
  };

  return { goToRoi, deleteRoi, exportRoi };
}
