/**
 * Offsets of the A.K. profile (ak-features.md §3), in index space (x = column, y = row, z = slice).
 */
export type Offset = readonly [number, number, number];

/** ITK's 13 directions: the first half of the 3×3×3 neighbourhood, in ITK's order. */
export const ITK13_DIRECTIONS: readonly Offset[] = [
  [-1, -1, -1],
  [0, -1, -1],
  [1, -1, -1],
  [-1, 0, -1],
  [0, 0, -1],
  [1, 0, -1],
  [-1, 1, -1],
  [0, 1, -1],
  [1, 1, -1],
  [-1, -1, 0],
  [0, -1, 0],
  [1, -1, 0],
  [-1, 0, 0],
];

/** The four in-plane angles (MATLAB graycomatrix convention, y down) and the ITK direction each one is. */
export const ANGLES = [
  { name: 'angle0', direction: [-1, 0, 0] },
  { name: 'angle45', direction: [1, -1, 0] },
  { name: 'angle90', direction: [0, -1, 0] },
  { name: 'angle135', direction: [-1, -1, 0] },
] as const satisfies readonly { name: string; direction: Offset }[];

export type AngleName = (typeof ANGLES)[number]['name'];

export function scaleOffset(direction: Offset, distance: number): Offset {
  return [direction[0] * distance, direction[1] * distance, direction[2] * distance];
}
