/** RTSTRUCT reading: contours of one ROI by name. */
import { TAG, type Dataset } from './dataset';

export interface RtstructRoi {
  number: number;
  name: string;
  /** CLOSED_PLANAR contours: x,y,z triplets (LPS mm). */
  contours: number[][];
}

/** All ROIs with their closed planar contours (POINT / OPEN contours are not areas and are left out). */
export function readRtstructRois(ds: Dataset): RtstructRoi[] {
  const rois = new Map<number, RtstructRoi>();
  for (const r of ds.items(TAG.StructureSetROISequence)) {
    const number = r.number(TAG.ROINumber) ?? -1;
    rois.set(number, { number, name: r.string(TAG.ROIName), contours: [] });
  }
  for (const rc of ds.items(TAG.ROIContourSequence)) {
    const number = rc.number(TAG.ReferencedROINumber) ?? -1;
    const roi = rois.get(number) ?? { number, name: `ROI ${number}`, contours: [] };
    rois.set(number, roi);
    for (const c of rc.items(TAG.ContourSequence)) {
      const type = c.string(TAG.ContourGeometricType);
      if (type !== '' && type !== 'CLOSED_PLANAR') continue;
      roi.contours.push(c.numbers(TAG.ContourData));
    }
  }
  return [...rois.values()];
}

/** The ROI named `name` (exact, else case-insensitive); the error lists the names present. */
export function findRoi<T extends { name: string }>(rois: T[], name: string, file: string): T {
  const found =
    rois.find((r) => r.name === name) ?? rois.find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (!found)
    throw new Error(
      `${file}: no ROI named "${name}" (present: ${rois.map((r) => `"${r.name}"`).join(', ') || 'none'})`,
    );
  return found;
}
