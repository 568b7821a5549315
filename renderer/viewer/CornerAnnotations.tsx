/**
 * The four corners of a view, as OHIF lays them out: patient, ID and study date top left; series and plane
 * top right; window/level, zoom and the voxel under the pointer bottom left; slice number and position in mm
 * bottom right. Each corner keeps to its half of the view's width, so that it never runs into the
 * orientation markers at the edges' middles (viewer.css).
 */
import type { SeriesDetail } from '../../shared/api';
import type { Axis } from '../../shared/contour/plane';
import { formatPersonName } from '../../shared/dicom/personName';
import { dicomDate } from '../screens/patients/common';
import { slicePosition, voxelReadout, windowText, zoomText } from './annotations';
import { OBLIQUE_NOTE_DEG, PLANE_COLORS, fmt, seriesText } from './display';
import { ORIENTATION_OF_NORMAL, type DisplayPlane } from './planes';
import type { ViewerState, Volume } from './viewerState';

export function CornerAnnotations({
  axis,
  plane,
  detail,
  volume,
  state,
}: {
  axis: Axis;
  plane: DisplayPlane;
  detail: SeriesDetail;
  volume: Volume;
  state: Pick<ViewerState, 'study' | 'wl' | 'views' | 'hover'>;
}) {
  const { study, wl, views, hover } = state;
  const orientation = ORIENTATION_OF_NORMAL[axis];
  const name = formatPersonName(detail.patientName) || detail.patientId;
  const readout = hover?.axis === axis ? voxelReadout(volume.meta, volume.data, hover.index) : null;
  return (
    <>
      <div className="viewport-overlay top-left" data-testid={`patient-info-${orientation}`}>
        <div>{name}</div>
        {name !== detail.patientId && <div>{detail.patientId}</div>}
        {study && <div>{[dicomDate(study.date), study.description].filter(Boolean).join(' · ')}</div>}
      </div>
      <div className="viewport-overlay top-right" data-testid={`series-info-${orientation}`}>
        <div>
          {seriesText(detail)} · {detail.series.modality}
        </div>
        <div>
          <span style={{ color: PLANE_COLORS[axis] }}>{plane.name}</span>
          {plane.tiltDeg >= OBLIQUE_NOTE_DEG && (
            <span
              data-testid={`plane-tilt-${orientation}`}
              title="An oblique series is shown in its acquisition planes (no resampling); the labels at the edges give the true directions."
            >
              {' '}
              · oblique {fmt(plane.tiltDeg, 1)}°
            </span>
          )}
        </div>
      </div>
      <div className="viewport-overlay bottom-left" data-testid={`view-info-${orientation}`}>
        {readout && (
          <>
            <div>{readout.voxel}</div>
            <div>{readout.position}</div>
          </>
        )}
        <div>{windowText(wl)}</div>
        <div>{zoomText(views[axis].zoom)}</div>
      </div>
      <div className="viewport-overlay bottom-right" data-testid={`slice-info-${orientation}`}>
        <div>
          Slice {plane.slice + 1} / {volume.meta.size[axis]}
        </div>
        <div>{slicePosition(volume.meta, plane, plane.slice)}</div>
      </div>
    </>
  );
}
