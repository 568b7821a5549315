/**
 * The contouring workstation for one series (README.md in this folder): axial, coronal and sagittal views
 * (1×1 or 1×3) with a linked crosshair, window/level with MR presets, zoom/pan, slice scrolling and cine; ROI
 * overlays with visibility toggles; drawing tools with live statistics; saving with the reader's name, reader
 * agreement and SEG/RTSTRUCT export; rulers kept in the app's RulerStore for the RECIST calculator.
 *
 * This component is the container: it holds the state (viewerState.ts) and the interaction ref, wires the
 * view host and the tool hooks, and lays out the toolbar, the panes and the side panels.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { Axis } from '../../shared/contour/plane';
import { indexToWorld } from '../../shared/image/volume';
import { ContourPanel } from './ContourPanel';
import { ReaderAgreementPanel } from './ReaderAgreementPanel';
import { RoiPanel } from './RoiPanel';
import { RulerPanel } from './RulerPanel';
import { SeriesPanel } from './SeriesPanel';
import { SideFooter } from './SideFooter';
import { ViewerToolbar } from './ViewerToolbar';
import { ViewportPane } from './ViewportPane';
import { UnsavedContourDialog } from './UnsavedContourDialog';
import type { ContourDrafts } from './contourDrafts';
import { VIEW_ORDER, fmt, seriesText } from './display';
import { noInteraction, type Interaction, type ToolContext } from './interaction';
import { useRulers, type RulerStore } from './rulers';
import { roiOverlays, type SceneState } from './scene';
import { useContourEditing } from './useContourEditing';
import { useContourTools } from './useContourTools';
import { useDraftKeeping } from './useDraftKeeping';
import { useCine, useNavigationTool, wheelAction } from './useNavigationTool';
import { usePointerInput } from './usePointerInput';
import { useRoiActions } from './useRoiActions';
import { useRulerTool } from './useRulerTool';
import { useSeriesData } from './useSeriesData';
import { useKeysAtOnce, useViewerKeyboard } from './useViewerKeyboard';
import { useViewHost } from './useViewHost';
import { viewerReducer } from './viewerReducer';
import { initialViewerState, type Tool } from './viewerState';
import { MR_PRESETS, presetWindow, roiForPreset } from './windowPresets';
import './viewer.css';

export function SliceViewer({
  seriesUid,
  rulerStore,
  drafts,
  onLabel,
}: {
  seriesUid: string;
  rulerStore: RulerStore;
  /** The app's ROIs being drawn, per series (kept while the app runs; see contourDrafts.ts). */
  drafts: ContourDrafts;
  onLabel?: (patientId: string) => void;
}) {
  const [state, dispatch] = useReducer(viewerReducer, null, () =>
    initialViewerState(localStorage.getItem('radscore-author') ?? ''),
  );
  const live = useRef<Interaction>(noInteraction());
  useEffect(() => {
    // A new series: nothing being drawn, dragged or measured carries over.
    live.current = noInteraction();
  }, [seriesUid]);
  useSeriesData(seriesUid, state, dispatch);

  const allRulers = useRulers(rulerStore);
  const rulers = useMemo(() => allRulers.filter((r) => r.seriesUid === seriesUid), [allRulers, seriesUid]);
  const { detail, volume, masks, visible, edit, overlayMode, opacity } = state;
  const editedRoiId = edit?.roiId;
  const overlays = useMemo(
    () => roiOverlays(detail, masks, visible, editedRoiId, overlayMode, opacity),
    [detail, masks, visible, editedRoiId, overlayMode, opacity],
  );
  const scene: SceneState = { ...state, overlays, rulers };
  const onWheel = useCallback((axis: Axis, e: WheelEvent) => {
    e.preventDefault();
    dispatch(wheelAction(axis, e));
  }, []);
  const host = useViewHost(scene, live, onWheel);

  const ctx: ToolContext = {
    seriesUid,
    state,
    dispatch,
    live,
    requestDraw: host.requestDraw,
    viewportOf: host.viewportOf,
  };
  const editing = useContourEditing(ctx, drafts);
  useDraftKeeping(ctx, drafts, editing.resume);
  const contour = useContourTools(ctx, editing);
  const ruler = useRulerTool(ctx, rulerStore, rulers);
  const navigation = useNavigationTool(ctx);
  const roiActions = useRoiActions(ctx);
  const paneHandlers = usePointerInput(ctx, { navigation, contour, ruler });
  const chooseTool = (tool: Tool) => {
    const l = live.current;
    l.polygon = null;
    l.rulerDraft = null;
    if (l.drag?.mode === 'ruler') l.drag = null;
    dispatch({ type: 'tool', tool });
    host.requestDraw();
  };
  const onKeyDown = useViewerKeyboard(ctx, { editing, contour, ruler, chooseTool });
  useCine(state.cine, state.active, dispatch);
  useKeysAtOnce(volume !== null, state.active, host.focusPane, onKeyDown);

  const presetRoi = () => {
    const session = live.current.session;
    const edited = session && edit ? { mask: session.mask.data, voxels: edit.stats.voxels } : null;
    return roiForPreset(edited, { rois: detail?.rois ?? [], masks, visible });
  };
  const choosePreset = (id: string) => {
    const p = MR_PRESETS.find((x) => x.id === id);
    if (!p || !volume) return;
    const { min, max } = volume.meta;
    const wl = presetWindow(p, { data: volume.data, min, max }, p.of === 'roi' ? presetRoi() : null);
    if (wl) dispatch({ type: 'window', wl, preset: id });
    else dispatch({ type: 'notice', text: `${p.label}: show an ROI, or draw one, to window on it` });
  };

  if (state.error)
    return (
      <div className="viewer-message error" role="alert">
        {state.error}
      </div>
    );
  if (!detail || !volume)
    return (
      <div className="viewer-message" role="status">
        Loading series…
      </div>
    );

  const views = state.layout === '1x1' ? [state.active] : VIEW_ORDER;
  const crosshairWorld = indexToWorld(volume.meta, ...state.cursor);
  return (
    <div className="viewer" onKeyDown={onKeyDown}>
      <ViewerToolbar state={state} dispatch={dispatch} onPreset={choosePreset} onChooseTool={chooseTool} />
      <div className="viewer-body">
        <div className={`viewports layout-${state.layout}`}>
          {views.map((axis) => (
            <ViewportPane
              key={axis}
              axis={axis}
              detail={detail}
              volume={volume}
              state={state}
              attachPane={host.attachPane}
              handlers={paneHandlers(axis)}
            />
          ))}
        </div>
        <aside className="viewer-side" aria-label="Regions of interest">
          <div className="side-scroll">
            <p className="muted small" data-testid="crosshair">
              Crosshair ({state.cursor.join(', ')}) · LPS {crosshairWorld.map((v) => fmt(v)).join(', ')} mm
            </p>
            <RoiPanel
              state={state}
              dispatch={dispatch}
              actions={roiActions}
              onEdit={(roi) => void editing.beginEdit(roi)}
            />
            <ReaderAgreementPanel state={state} dispatch={dispatch} />
            <RulerPanel
              rulers={rulers}
              store={rulerStore}
              tool={state.tool}
              onChooseTool={chooseTool}
              onGoTo={ruler.goTo}
              onLabel={onLabel && (() => onLabel(detail.patientId))}
            />
            <ContourPanel state={state} dispatch={dispatch} editing={editing} onChooseTool={chooseTool} />
            <SeriesPanel detail={detail} volume={volume} />
          </div>
          <SideFooter state={state} editing={editing} />
        </aside>
      </div>
      {state.confirmDiscard && edit && (
        <UnsavedContourDialog
          draft={{ patientId: detail.patientId, seriesText: seriesText(detail), edit }}
          reason="instead of discarding them"
          onSave={editing.saveEdit}
          onDiscard={editing.endEdit}
          onCancel={() => dispatch({ type: 'confirm-discard', open: false })}
        />
      )}
    </div>
  );
}
