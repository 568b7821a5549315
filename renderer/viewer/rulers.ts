/**
 * The rulers measured in the viewer this session, for every series opened: the viewer draws and edits those of
 * its series, the RECIST calculator offers those of the patient being labelled as lesion diameters. Rulers are
 * measurements, not annotations of record: they live in memory (an app-level store that outlives the viewer
 * screen) and reach the database only as the diameters a label saves, with the ruler they came from noted in
 * the label's assessment record.
 */
import { useSyncExternalStore } from 'react';
import type { Axis } from '../../shared/contour/plane';
import type { Vec3 } from '../../shared/image/volume';

export interface Ruler {
  id: number;
  /** Short name shown in lists and on the calculator ("R3"). */
  name: string;
  seriesUid: string;
  patientId: string;
  /** The series as a reader recognises it (date · description), for lists outside the viewer. */
  seriesText: string;
  /** The view it was drawn on: the index axis normal to it, the plane's name and the slice. */
  axis: Axis;
  planeName: string;
  slice: number;
  /** Endpoints as continuous voxel indices (the normal component is `slice`). */
  a: Vec3;
  b: Vec3;
  /** Patient-space length (shared/measure/ruler.ts) of a–b on the series geometry. */
  lengthMm: number;
}

export type NewRuler = Omit<Ruler, 'id' | 'name'>;

export class RulerStore {
  private rulers: readonly Ruler[] = [];
  private readonly listeners = new Set<() => void>();
  private nextId = 1;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current list (a new array after every change, so it can be a React snapshot). */
  readonly snapshot = (): readonly Ruler[] => this.rulers;

  add(ruler: NewRuler): Ruler {
    const id = this.nextId++;
    const added: Ruler = { ...ruler, a: [...ruler.a], b: [...ruler.b], id, name: `R${id}` };
    this.set([...this.rulers, added]);
    return added;
  }

  /** Moves a ruler's endpoints (with the length measured for them); unknown ids are ignored. */
  move(id: number, a: Vec3, b: Vec3, lengthMm: number): void {
    if (!this.rulers.some((r) => r.id === id)) return;
    this.set(this.rulers.map((r) => (r.id === id ? { ...r, a: [...a], b: [...b], lengthMm } : r)));
  }

  remove(id: number): void {
    if (!this.rulers.some((r) => r.id === id)) return;
    this.set(this.rulers.filter((r) => r.id !== id));
  }

  get(id: number): Ruler | undefined {
    return this.rulers.find((r) => r.id === id);
  }

  private set(next: readonly Ruler[]): void {
    this.rulers = next;
    for (const listener of this.listeners) listener();
  }
}

/** The store's rulers, re-rendering on every change. */
export function useRulers(store: RulerStore): readonly Ruler[] {
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

/** "R2 · Sagittal 33 · 23.4 mm"-style description of where a ruler is. */
export function rulerPlace(r: Pick<Ruler, 'planeName' | 'slice'>): string {
  return `${r.planeName} ${r.slice + 1}`;
}
