/**
 * What a reader has entered on the labelling screen but not saved, per patient: the labelling mode and the
 * calculator's form per mode. The screen unmounts when the reader goes back to the viewer (e.g. to measure
 * the follow-up with a ruler); the app keeps one LabelDrafts so the form is there again on return.
 */
import type { CalculatorOptions, LesionRow, TimepointMeta } from './assess';

export type LabelMode = 'direct' | 'recist' | 'mrecist';

export interface CalculatorDraft {
  timepoints: number;
  rows: LesionRow[];
  /** Per timepoint (0 = baseline): date, new lesions, non-target status. */
  meta: TimepointMeta[];
  options: CalculatorOptions;
}

export class LabelDrafts {
  private readonly modes = new Map<string, LabelMode>();
  private readonly calculators = new Map<string, CalculatorDraft>();

  mode(patientId: string): LabelMode | undefined {
    return this.modes.get(patientId);
  }

  setMode(patientId: string, mode: LabelMode): void {
    this.modes.set(patientId, mode);
  }

  calculator(patientId: string, mode: LabelMode): CalculatorDraft | undefined {
    return this.calculators.get(`${mode}\u0000${patientId}`);
  }

  setCalculator(patientId: string, mode: LabelMode, draft: CalculatorDraft): void {
    this.calculators.set(`${mode}\u0000${patientId}`, draft);
  }
}
