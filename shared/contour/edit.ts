/**
 * Mask edits as diffs: every contouring operation writes through an EditRecorder, which remembers each
 * voxel's value before its first change, and hands back a MaskEdit (changed voxels only). Undo/redo
 * (history.ts) and slice-wise redraws then cost in proportion to what changed, never to the volume size.
 */

/** The voxels one operation changed: linear indices with the values before and after. */
export interface MaskEdit {
  indices: Uint32Array;
  before: Uint8Array;
  after: Uint8Array;
}

export const EMPTY_EDIT: MaskEdit = Object.freeze({
  indices: new Uint32Array(0),
  before: new Uint8Array(0),
  after: new Uint8Array(0),
});

/**
 * Writes voxels of one mask array and records the first previous value of each voxel it touches.
 * Touched voxels are tracked in a small Set while few (a brush dab allocates nothing volume-sized), then in
 * a bitset over the volume (1 bit per voxel); the (index, old value) pairs grow in typed arrays. Cheap for
 * a dab and for 10⁶-voxel fills alike.
 */
export class EditRecorder {
  private static readonly SMALL = 8192;
  private touchedSmall: Set<number> | null = new Set<number>();
  private touchedBits: Uint8Array | null = null;
  private indices = new Uint32Array(256);
  private previous = new Uint8Array(256);
  private count = 0;

  constructor(readonly mask: Uint8Array) {}

  /** Sets voxel `index` to `value`; returns true when the voxel changed. */
  set(index: number, value: number): boolean {
    const old = this.mask[index];
    if (old === value) return false;
    if (!this.wasTouched(index)) {
      if (this.count === this.indices.length) {
        const indices = new Uint32Array(this.count * 2);
        indices.set(this.indices);
        this.indices = indices;
        const previous = new Uint8Array(this.count * 2);
        previous.set(this.previous);
        this.previous = previous;
      }
      this.indices[this.count] = index;
      this.previous[this.count] = old;
      this.count++;
    }
    this.mask[index] = value;
    return true;
  }

  /** Marks `index` as touched; returns whether it already was. */
  private wasTouched(index: number): boolean {
    if (this.touchedSmall) {
      if (this.touchedSmall.has(index)) return true;
      if (this.touchedSmall.size < EditRecorder.SMALL) {
        this.touchedSmall.add(index);
        return false;
      }
      this.touchedBits = new Uint8Array((this.mask.length + 7) >> 3);
      for (const n of this.touchedSmall) this.touchedBits[n >> 3] |= 1 << (n & 7);
      this.touchedSmall = null;
    }
    const bits = this.touchedBits as Uint8Array;
    const bit = 1 << (index & 7);
    if (bits[index >> 3] & bit) return true;
    bits[index >> 3] |= bit;
    return false;
  }

  /** Voxels touched so far (including ones later set back to their old value). */
  get touched(): number {
    return this.count;
  }

  /**
   * Visits the voxels first touched at or after touch number `from` (0 ≤ from ≤ touched) with their value
   * before that first touch: the voxels one step of an operation changed, e.g. to account a brush dab's
   * changes while the stroke goes on.
   */
  forEachTouchedSince(from: number, visit: (index: number, previous: number) => void): void {
    for (let n = Math.max(0, from); n < this.count; n++) visit(this.indices[n], this.previous[n]);
  }

  /** The net diff so far (voxels whose value now differs from before the first change), indices ascending. */
  finish(): MaskEdit {
    // Pack (index, old value) into one double (index < 2³², exact below 2⁵³) and sort natively.
    const packed = new Float64Array(this.count);
    let m = 0;
    for (let n = 0; n < this.count; n++) {
      const index = this.indices[n];
      if (this.mask[index] !== this.previous[n]) packed[m++] = index * 256 + this.previous[n];
    }
    const sorted = packed.subarray(0, m).sort();
    const indices = new Uint32Array(m);
    const before = new Uint8Array(m);
    const after = new Uint8Array(m);
    for (let n = 0; n < m; n++) {
      const index = Math.floor(sorted[n] / 256);
      indices[n] = index;
      before[n] = sorted[n] - index * 256;
      after[n] = this.mask[index];
    }
    return { indices, before, after };
  }
}

/** Applies an edit forwards ('after') or backwards ('before') to a mask array. */
export function applyEdit(mask: Uint8Array, edit: MaskEdit, side: 'before' | 'after'): void {
  const values = side === 'after' ? edit.after : edit.before;
  for (let n = 0; n < edit.indices.length; n++) mask[edit.indices[n]] = values[n];
}

/** Bytes an edit keeps alive (index + two values per changed voxel). */
export function editBytes(edit: MaskEdit): number {
  return edit.indices.byteLength + edit.before.byteLength + edit.after.byteLength;
}

/** The slices (along axis 0 = i, 1 = j, 2 = k) an edit touched, ascending: what a viewer must redraw. */
export function editedSlices(
  edit: MaskEdit,
  size: readonly [number, number, number],
  axis: 0 | 1 | 2,
): number[] {
  const [nx, ny] = size;
  const seen = new Set<number>();
  for (const index of edit.indices) {
    const s =
      axis === 0 ? index % nx : axis === 1 ? Math.floor(index / nx) % ny : Math.floor(index / (nx * ny));
    seen.add(s);
  }
  return [...seen].sort((a, b) => a - b);
}
