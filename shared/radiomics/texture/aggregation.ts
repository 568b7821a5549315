/**
 * IBSI aggregation methods, written once for every family:
 * - directional families (GLCM, GLRLM): one matrix per slice and in-plane direction, or per 3D direction;
 *   2D_avg (BTW3), 2D_comb (SUJT), 2_5D_avg (JJUI), 2_5D_comb (ZW7Z), 3D_avg (ITBB), 3D_comb (IAZD);
 * - rotation-invariant families (GLSZM, GLDZM, NGTDM, NGLDM): one matrix per slice or for the volume;
 *   2D (8QNN, per-slice features averaged), 2_5D (62GR, slice matrices merged), 3D (KOBO).
 * Averages skip matrices that define no value (empty slices), as MIRP does.
 */
import type { Aggregation, FeatureFamily, FeatureValue } from '../types';
import { evaluateFeatures, FeatureMean, toFeatureValues, type FeatureDefinition } from './featureTable';
import { DIRECTIONS_2D, DIRECTIONS_3D, type Offset, type TextureGrid } from './neighbourhood';

/** How a family builds, merges and summarises its matrices of type M with statistics S. */
export interface MatrixFamily<M, S> {
  family: FeatureFamily;
  definitions: readonly FeatureDefinition<S>[];
  /** Statistics of a matrix; null when it is empty (its features are then undefined). */
  stats: (m: M) => S | null;
  /** Sum of two matrices, as a new matrix (the arguments are left unchanged). */
  merge: (a: M, b: M) => M;
}

function featuresOf<M, S>(f: MatrixFamily<M, S>, m: M): Float64Array {
  const s = f.stats(m);
  return s === null ? new Float64Array(f.definitions.length).fill(NaN) : evaluateFeatures(f.definitions, s);
}

export const DIRECTIONAL_AGGREGATIONS: readonly Aggregation[] = [
  '2D_avg',
  '2D_comb',
  '2_5D_avg',
  '2_5D_comb',
  '3D_avg',
  '3D_comb',
];
export const SLICE_VOLUME_AGGREGATIONS: readonly Aggregation[] = ['2D', '2_5D', '3D'];

/**
 * Directional families. `build(direction, slice)` returns the matrix of one unit direction (the family scales
 * it by its distance), restricted to axial slice k when `slice` is given.
 */
export function aggregateDirectional<M, S>(
  grid: TextureGrid,
  family: MatrixFamily<M, S>,
  aggregations: readonly Aggregation[],
  build: (direction: Offset, slice: number | undefined) => M,
): FeatureValue[] {
  const nf = family.definitions.length;
  const wants = (a: Aggregation): boolean => aggregations.includes(a);
  const results = new Map<Aggregation, Float64Array>();

  if (wants('2D_avg') || wants('2D_comb') || wants('2_5D_avg') || wants('2_5D_comb')) {
    const perSliceDirection = new FeatureMean(nf);
    const perSlice = new FeatureMean(nf);
    const want25D = wants('2_5D_avg') || wants('2_5D_comb');
    const byDirection: (M | undefined)[] = DIRECTIONS_2D.map(() => undefined);
    for (let k = 0; k < grid.nz; k++) {
      let sliceMerged: M | undefined;
      DIRECTIONS_2D.forEach((direction, d) => {
        const m = build(direction, k);
        if (wants('2D_avg')) perSliceDirection.add(featuresOf(family, m));
        if (wants('2D_comb')) sliceMerged = sliceMerged === undefined ? m : family.merge(sliceMerged, m);
        if (want25D) {
          const acc = byDirection[d];
          byDirection[d] = acc === undefined ? m : family.merge(acc, m);
        }
      });
      if (sliceMerged !== undefined) perSlice.add(featuresOf(family, sliceMerged));
    }
    results.set('2D_avg', perSliceDirection.mean());
    results.set('2D_comb', perSlice.mean());
    if (want25D) {
      const perDirection = new FeatureMean(nf);
      let merged: M | undefined;
      for (const m of byDirection) {
        if (m === undefined) continue;
        if (wants('2_5D_avg')) perDirection.add(featuresOf(family, m));
        merged = merged === undefined ? m : family.merge(merged, m);
      }
      results.set('2_5D_avg', perDirection.mean());
      results.set(
        '2_5D_comb',
        merged === undefined ? new Float64Array(nf).fill(NaN) : featuresOf(family, merged),
      );
    }
  }

  if (wants('3D_avg') || wants('3D_comb')) {
    const matrices = DIRECTIONS_3D.map((direction) => build(direction, undefined));
    if (wants('3D_avg')) {
      const perDirection = new FeatureMean(nf);
      for (const m of matrices) perDirection.add(featuresOf(family, m));
      results.set('3D_avg', perDirection.mean());
    }
    if (wants('3D_comb'))
      results.set(
        '3D_comb',
        featuresOf(
          family,
          matrices.reduce((a, b) => family.merge(a, b)),
        ),
      );
  }

  return aggregations.flatMap((a) =>
    toFeatureValues(family.definitions, results.get(a) as Float64Array, family.family, a),
  );
}

/**
 * Rotation-invariant families. `build(slice)` returns the matrix of axial slice k (in-plane neighbourhoods,
 * zones, distances) or, with `undefined`, of the whole volume (3D).
 */
export function aggregateSliceVolume<M, S>(
  grid: TextureGrid,
  family: MatrixFamily<M, S>,
  aggregations: readonly Aggregation[],
  build: (slice: number | undefined) => M,
): FeatureValue[] {
  const nf = family.definitions.length;
  const results = new Map<Aggregation, Float64Array>();
  if (aggregations.includes('2D') || aggregations.includes('2_5D')) {
    const perSlice = new FeatureMean(nf);
    let merged: M | undefined;
    for (let k = 0; k < grid.nz; k++) {
      const m = build(k);
      perSlice.add(featuresOf(family, m));
      if (aggregations.includes('2_5D')) merged = merged === undefined ? m : family.merge(merged, m);
    }
    results.set('2D', perSlice.mean());
    results.set('2_5D', merged === undefined ? new Float64Array(nf).fill(NaN) : featuresOf(family, merged));
  }
  if (aggregations.includes('3D')) results.set('3D', featuresOf(family, build(undefined)));
  return aggregations.flatMap((a) =>
    toFeatureValues(family.definitions, results.get(a) as Float64Array, family.family, a),
  );
}
