/** Undo/redo of brush strokes on one mask: each stroke is one patch (voxels, values before, value after). */
import type { StrokeRecord } from './brush';

export interface Patch {
  indices: Uint32Array;
  before: Uint8Array;
  after: number;
}

export function patchFromStroke(record: StrokeRecord, after: number): Patch | null {
  if (record.size === 0) return null;
  const indices = new Uint32Array(record.size);
  const before = new Uint8Array(record.size);
  let n = 0;
  for (const [index, value] of record) {
    indices[n] = index;
    before[n] = value;
    n++;
  }
  return { indices, before, after };
}

export class EditHistory {
  private done: Patch[] = [];
  private undone: Patch[] = [];

  constructor(private readonly limit = 200) {}

  get canUndo(): boolean {
    return this.done.length > 0;
  }
  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Records a stroke already applied to the mask; clears the redo list. */
  push(patch: Patch): void {
    this.done.push(patch);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  /** Reverts the last stroke; returns false when there is none. */
  undo(mask: Uint8Array): boolean {
    const patch = this.done.pop();
    if (!patch) return false;
    for (let n = 0; n < patch.indices.length; n++) mask[patch.indices[n]] = patch.before[n];
    this.undone.push(patch);
    return true;
  }

  redo(mask: Uint8Array): boolean {
    const patch = this.undone.pop();
    if (!patch) return false;
    for (let n = 0; n < patch.indices.length; n++) mask[patch.indices[n]] = patch.after;
    this.done.push(patch);
    return true;
  }
}
