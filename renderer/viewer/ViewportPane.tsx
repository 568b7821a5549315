/**
 * One view's pane: the element the view host mounts vtk into, with the orientation markers at its edges and
 * the corner read-outs (plane, patient, slice and position, the voxel under the pointer).
 */
import { useCallback } from 'react';
import type { SeriesDetail } from '../../shared/api';
import type { Axis } from '../../shared/contour/plane';
import { indexToWorld } from '../../shared/image/volume';
import { OBLIQUE_NOTE_DEG, PLANE_COLORS, fmt } from './display';
import { clampSlice } from './windowing';
import { displayPlane, ORIENTATION_OF_NORMAL } from './planes';
import type { PaneHandlers } from './usePointerInput';
import type { Hover, ViewerState, Volume } from './viewerState';

/** "(i, j, k) · LPS x, y, z mm · value" of the voxel under the pointer; empty outside the image. */
export function hoverText(volume: Volume, hover: Hover): string {
  const g = volume.meta;
  if (hover.index.some((v, d) => v < -0.5 || v > g.size[d] - 0.5)) return '';
  const [i, j, k] = hover.index.map((v, d) => clampSlice(v, g.size[d]));
  const p = indexToWorld(g, i, j, k);
  const value = volume.data[i + g.size[0] * (j + g.size[1] * k)];
  return `(${i}, ${j}, ${k}) · LPS ${fmt(p[0])}, ${fmt(p[1])}, ${fmt(p[2])} mm · ${fmt(value, 1)}`;
}

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
  state: Pick<ViewerState, 'cursor' | 'active' | 'layout' | 'edit' | 'tool' | 'hover'>;
  attachPane: (axis: Axis, el: HTMLDivElement) => () => void;
  handlers: PaneHandlers;
}) {
  const { cursor, active, layout, edit, tool, hover } = state;
  const paneRef = useCallback(
    (el: HTMLDivElement | null) => (el ? attachPane(axis, el) : undefined),
    [attachPane, axis],
  );
  const size = volume.meta.size;
  const plane = displayPlane(volume.meta, axis, cursor[axis]);
  const orientation = ORIENTATION_OF_NORMAL[axis];
  const oblique = plane.tiltDeg >= OBLIQUE_NOTE_DEG;
  const cursorText = hover?.axis === axis ? hoverText(volume, hover) : '';
  return (
    <div
      ref={paneRef}
      className={`viewport${active === axis && layout !== '1x1' ? ' active' : ''}`}
      style={{ borderColor: PLANE_COLORS[axis] }}
      tabIndex={0}
      role="img"
      aria-label={`${plane.name}${oblique ? ` (oblique ${fmt(plane.tiltDeg, 1)}°)` : ''} slice ${plane.slice + 1} of ${size[axis]}. Arrow keys change slice, 1–7 choose a tool (7 ruler), Z/Y undo/redo.`}
      data-testid={`viewport-${orientation}`}
      data-tool={edit || tool === 'ruler' ? tool : 'crosshair'}
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
      <div className="viewport-overlay top-left" aria-hidden="true">
        <span style={{ color: PLANE_COLORS[axis] }}>{plane.name}</span>
        {oblique && (
          <span
            data-testid={`plane-tilt-${orientation}`}
            title="An oblique series is shown in its acquisition planes (no resampling); the labels at the edges give the true directions."
          >
            {' '}
            · oblique {fmt(plane.tiltDeg, 1)}°
          </span>
        )}
        <br />
        {detail.patientName || detail.patientId}
      </div>
      <div className="viewport-overlay bottom-left" data-testid={`slice-info-${orientation}`}>
        Slice {plane.slice + 1} / {size[axis]}
        {axis === 2 && (
          <> · z {fmt(indexToWorld(volume.meta, (size[0] - 1) / 2, (size[1] - 1) / 2, cursor[2])[2], 2)} mm</>
        )}
        {cursorText && (
          <>
            <br />
            {cursorText}
          </>
        )}
      </div>
    </div>
  );
}
