/**
 * Undo/redo over MaskEdit diffs. Memory is proportional to the changed voxels (6 bytes each), bounded by a
 * step count and optionally a byte budget; the oldest steps are dropped first.
 */
import { applyEdit, editBytes, type MaskEdit } from './edit';

export interface HistoryOptions {
  /** Undo steps kept (default 100; at least 20 is what the UI promises). */
  maxSteps?: number;
  /** Byte budget for all kept steps (default 256 MiB); the newest step is always kept. */
  maxBytes?: number;
}

export class EditHistory {
  private done: MaskEdit[] = [];
  private undone: MaskEdit[] = [];
  private readonly maxSteps: number;
  private readonly maxBytes: number;

  constructor(options: HistoryOptions = {}) {
    this.maxSteps = options.maxSteps ?? 100;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    if (!Number.isInteger(this.maxSteps) || this.maxSteps < 1)
      throw new Error(`history maxSteps must be a positive integer, got ${this.maxSteps}`);
    if (!(this.maxBytes > 0)) throw new Error(`history maxBytes must be positive, got ${this.maxBytes}`);
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  get undoSteps(): number {
    return this.done.length;
  }

  get redoSteps(): number {
    return this.undone.length;
  }

  /** Bytes held by all kept steps. */
  get bytes(): number {
    let total = 0;
    for (const e of this.done) total += editBytes(e);
    for (const e of this.undone) total += editBytes(e);
    return total;
  }

  /** Records an edit already applied to the mask and clears the redo list; empty edits are ignored. */
  push(edit: MaskEdit): void {
    if (edit.indices.length === 0) return;
    this.done.push(edit);
    this.undone = [];
    while (this.done.length > this.maxSteps) this.done.shift();
    let total = this.bytes;
    while (this.done.length > 1 && total > this.maxBytes) total -= editBytes(this.done.shift() as MaskEdit);
  }

  /** Reverts the last edit on `mask`; returns it (so the caller can redraw its slices) or null. */
  undo(mask: Uint8Array): MaskEdit | null {
    const edit = this.done.pop();
    if (!edit) return null;
    applyEdit(mask, edit, 'before');
    this.undone.push(edit);
    return edit;
  }

  /** Re-applies the last undone edit; returns it or null. */
  redo(mask: Uint8Array): MaskEdit | null {
    const edit = this.undone.pop();
    if (!edit) return null;
    applyEdit(mask, edit, 'after');
    this.done.push(edit);
    return edit;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
