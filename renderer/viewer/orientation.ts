/**
 * Patient-orientation markers for the viewport edges (DICOM LPS): the direction a screen axis points to in
 * the patient, e.g. "L" or, for an oblique axis, the two or three strongest components ("LP").
 */

const POSITIVE = ['L', 'P', 'H'];
const NEGATIVE = ['R', 'A', 'F'];

/** Label of an LPS direction vector: its components above `minShare` of the largest, strongest first. */
export function orientationLabel(v: readonly number[], minShare = 0.25): string {
  const parts = [0, 1, 2]
    .map((axis) => ({ axis, value: v[axis] }))
    .filter((c) => Math.abs(c.value) > 1e-6)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  if (!parts.length) return '';
  const largest = Math.abs(parts[0].value);
  return parts
    .filter((c) => Math.abs(c.value) >= minShare * largest)
    .map((c) => (c.value > 0 ? POSITIVE : NEGATIVE)[c.axis])
    .join('');
}

/**
 * Markers for the four edges of a slice shown with column i to the right and row j downwards, from the
 * series direction matrix (row-major; columns are the i, j, k unit vectors).
 */
export function edgeLabels(direction: readonly number[]): {
  right: string;
  left: string;
  bottom: string;
  top: string;
} {
  const i = [direction[0], direction[3], direction[6]];
  const j = [direction[1], direction[4], direction[7]];
  return {
    right: orientationLabel(i),
    left: orientationLabel(i.map((x) => -x)),
    bottom: orientationLabel(j),
    top: orientationLabel(j.map((x) => -x)),
  };
}
