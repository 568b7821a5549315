/**
 * One view's pane: the element the view host mounts vtk into, with the orientation markers at its edges and
 * the corner annotations (CornerAnnotations.tsx).
 */
import { useCallback } from 'react';
import type { SeriesDetail } from '../../shared/api';
import type { Axis } from '../../shared/contour/plane';
import { CornerAnnotations } from './CornerAnnotations';
import { OBLIQUE_NOTE_DEG, PLANE_COLORS, fmt } from './display';
import { displayPlane, ORIENTATION_OF_NORMAL } from './planes';
import type { PaneHandlers } from './usePointerInput';
import type { ViewerState, Volume } from './viewerState';

export function ViewportPane({
  axis,
  detail,
  volume,
  state,
  attachPane,
  handlers,
}: {
  axis: Axis;
  detail: SeriesDetail;
  volume: Volume;
  state: Pick<ViewerState, 'cursor' | 'active' | 'layout' | 'tool' | 'hover' | 'study' | 'wl' | 'views'>;
  attachPane: (axis: Axis, el: HTMLDivElement) => () => void;
  handlers: PaneHandlers;
}) {
  const { cursor, active, layout, tool } = state;
  const paneRef = useCallback(
    (el: HTMLDivElement | null) => (el ? attachPane(axis, el) : undefined),
    [attachPane, axis],
  );
  const size = volume.meta.size;
  const plane = displayPlane(volume.meta, axis, cursor[axis]);
  const orientation = ORIENTATION_OF_NORMAL[axis];
  const oblique = plane.tiltDeg >= OBLIQUE_NOTE_DEG;
  return (
    <div
      ref={paneRef}
      className={`viewport${active === axis && layout !== '1x1' ? ' active' : ''}`}
      style={{ borderColor: PLANE_COLORS[axis] }}
      tabIndex={0}
      role="img"
      aria-label={`${plane.name}${oblique ? ` (oblique ${fmt(plane.tiltDeg, 1)}°)` : ''} slice ${plane.slice + 1} of ${size[axis]}. Arrow keys change slice, 1–7 choose a tool (7 ruler), Z/Y undo/redo.`}
      data-testid={`viewport-${orientation}`}
      data-tool={tool}
      {...handlers}
      onContextMenu={(e) => e.preventDefault()}
    >
      <div className="orientation top" aria-hidden="true">
        {plane.labels.top}
      </div>
      <div className="orientation bottom" aria-hidden="true">
        {plane.labels.bottom}
      </div>
      <div className="orientation left" aria-hidden="true">
        {plane.labels.left}
      </div>
      <div className="orientation right" data-testid={`orientation-right-${orientation}`}>
        {plane.labels.right}
      </div>
      <CornerAnnotations axis={axis} plane={plane} detail={detail} volume={volume} state={state} />
    </div>
  );
}
