/**
 * Turning matrices into FeatureValue rows: a family declares its features as a table of
 * {key, IBSI id, function of the matrix statistics}; values are averaged over matrices where an aggregation
 * method asks for it, and named `<key>_<aggregation>` (the tags of the IBSI reference tables).
 */
import type { Aggregation, FeatureFamily, FeatureValue } from '../types';

export interface FeatureDefinition<S> {
  /** Tag stem, e.g. `cm_joint_max`; the tag is `<key>_<aggregation>`. */
  key: string;
  /** 4-character IBSI identifier. */
  ibsiId: string;
  compute: (stats: S) => number;
}

/** Every feature of a table, in table order. */
export function evaluateFeatures<S>(definitions: readonly FeatureDefinition<S>[], stats: S): Float64Array {
  const out = new Float64Array(definitions.length);
  for (let f = 0; f < definitions.length; f++) out[f] = definitions[f].compute(stats);
  return out;
}

/** Per-feature mean over matrices (slices and/or directions), skipping NaN values as IBSI tools do. */
export class FeatureMean {
  private readonly sum: Float64Array;
  private readonly count: Int32Array;

  constructor(size: number) {
    this.sum = new Float64Array(size);
    this.count = new Int32Array(size);
  }

  add(values: Float64Array): void {
    for (let f = 0; f < values.length; f++) {
      const v = values[f];
      if (Number.isNaN(v)) continue;
      this.sum[f] += v;
      this.count[f]++;
    }
  }

  /** Means; NaN for a feature that no matrix defined. */
  mean(): Float64Array {
    const out = new Float64Array(this.sum.length);
    for (let f = 0; f < out.length; f++) out[f] = this.count[f] > 0 ? this.sum[f] / this.count[f] : NaN;
    return out;
  }
}

/** FeatureValue rows for one aggregation method (`name` = tag, as in the ibsi profile). */
export function toFeatureValues<S>(
  definitions: readonly FeatureDefinition<S>[],
  values: Float64Array,
  family: FeatureFamily,
  aggregation: Aggregation,
): FeatureValue[] {
  return definitions.map((d, f) => {
    const tag = `${d.key}_${aggregation}`;
    return { name: tag, tag, ibsi_id: d.ibsiId, family, aggregation, value: values[f] };
  });
}

/** Checks requested aggregation methods against those a family supports; undefined → all of them. */
export function resolveAggregations(
  family: string,
  supported: readonly Aggregation[],
  requested: readonly Aggregation[] | undefined,
): Aggregation[] {
  if (requested === undefined) return [...supported];
  for (const a of requested)
    if (!supported.includes(a))
      throw new Error(`${family}: aggregation "${a}" is not one of ${supported.join(', ')}`);
  return supported.filter((a) => requested.includes(a));
}
