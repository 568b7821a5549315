/**
 * Comparing two model versions on the same validation patients: the paired DeLong test of their ROC AUCs
 * (pROC roc.test, both curves with direction "<"), computed by the modelling module.
 */
import type { ChartFit } from '../../../shared/charts/fit';
import { delongPairedTest, type RocTestResult } from '../../../shared/modeling/roc';

export interface VersionComparison extends RocTestResult {
  /** Patients in the validation group of both versions, with the same outcome in both. */
  n: number;
  events: number;
  /** Validation patients of either version that could not be paired. */
  unpaired: number;
}

export function compareOnValidation(a: ChartFit, b: ChartFit): VersionComparison {
  const bById = new Map(b.scores.filter((s) => s.split === 'validation').map((s) => [s.id, s]));
  const aVal = a.scores.filter((s) => s.split === 'validation');
  const y: number[] = [];
  const s1: number[] = [];
  const s2: number[] = [];
  for (const r of aVal) {
    const o = bById.get(r.id);
    if (!o) continue;
    if (o.y !== r.y)
      throw new Error(
        `patient ${r.id} has outcome ${r.y} in one version and ${o.y} in the other: the labels changed between the fits`,
      );
    y.push(r.y);
    s1.push(r.probability);
    s2.push(o.probability);
  }
  const events = y.filter((v) => v === 1).length;
  if (y.length === 0)
    throw new Error(
      'the two versions share no validation patients (different splits): no paired comparison is possible',
    );
  if (events === 0 || events === y.length)
    throw new Error(
      `the ${y.length} shared validation patients all have the same outcome: no ROC comparison is possible`,
    );
  const test = delongPairedTest(y, s1, s2);
  return { ...test, n: y.length, events, unpaired: aVal.length + bById.size - 2 * y.length };
}
