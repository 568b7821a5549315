/**
 * Where a view's image goes on screen: the part of the pane the plane covers (the vtk render window is sized
 * to it) and the parallel camera that lays the plane out there as planes.ts says (radiological display,
 * patient left on the right of an axial view; zoom and pan included). The camera's right/up vectors are the
 * index axes planes.ts puts on screen-right/screen-up, in the world of sliceActors.ts (index × spacing).
 */
import type { vtkCamera } from '@kitware/vtk.js/Rendering/Core/Camera';
import { displayToScreen, viewCamera, type DisplayPlane, type ScreenRect, type Viewport } from './planes';
import type { ViewScene } from './viewScene';

/** The part of the viewport the plane covers (whole CSS pixels, at least 1 × 1). */
export function imageRect(plane: DisplayPlane, vp: Viewport): ScreenRect {
  const [ax, ay] = displayToScreen(plane, vp, -0.5, -0.5);
  const [bx, by] = displayToScreen(plane, vp, plane.width - 0.5, plane.height - 0.5);
  const x = Math.min(Math.max(Math.floor(Math.min(ax, bx)), 0), Math.max(vp.width - 1, 0));
  const y = Math.min(Math.max(Math.floor(Math.min(ay, by)), 0), Math.max(vp.height - 1, 0));
  const right = Math.max(Math.min(Math.ceil(Math.max(ax, bx)), vp.width), x + 1);
  const bottom = Math.max(Math.min(Math.ceil(Math.max(ay, by)), vp.height), y + 1);
  return { x, y, width: right - x, height: bottom - y };
}

/** Places the (parallel) camera for a render window covering `rect` of the pane (viewCamera, planes.ts). */
export function placeCamera(camera: vtkCamera, scene: ViewScene, rect: ScreenRect): void {
  const { plane, viewport: vp, geometry } = scene;
  const view = viewCamera(plane, vp, geometry.spacing, rect);
  const f = view.focalPoint;
  const dop = view.directionOfProjection;
  const distance = 10 * geometry.size.reduce((m, n, d) => Math.max(m, n * geometry.spacing[d]), 1);
  camera.setFocalPoint(...f);
  camera.setPosition(f[0] - dop[0] * distance, f[1] - dop[1] * distance, f[2] - dop[2] * distance);
  camera.setViewUp(...view.viewUp);
  camera.setParallelScale(view.parallelScale);
  camera.setClippingRange(distance / 2, distance * 2);
}
