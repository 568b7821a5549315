/**
 * PyRadiomics' angles (imageoperations.generateAngles): every offset whose Chebyshev norm is one of the
 * `distances`, one of each ± pair (13 at distance 1 in 3D, 49 more at distance 2; in-plane only with force2D).
 * GLCM computes one matrix per angle; GLDM and NGTDM take both signs as the neighbourhood.
 */
import type { Offset } from '../texture/neighbourhood';

export function pyradiomicsAngles(distances: readonly number[], twoD: boolean): Offset[] {
  for (const d of distances)
    if (!Number.isInteger(d) || d < 1) throw new Error(`distances must be positive integers, got ${d}`);
  const max = Math.max(...distances);
  const out: Offset[] = [];
  const kMax = twoD ? 0 : max;
  for (let dk = 0; dk <= kMax; dk++)
    for (let dj = -max; dj <= max; dj++)
      for (let di = -max; di <= max; di++) {
        // one of each ± pair: the first non-zero component (k, then j, then i) is positive
        const first = dk !== 0 ? dk : dj !== 0 ? dj : di;
        if (first <= 0) continue;
        if (distances.includes(Math.max(Math.abs(di), Math.abs(dj), Math.abs(dk)))) out.push([di, dj, dk]);
      }
  return out;
}

/** Both signs of every angle: the neighbourhood GLDM and NGTDM use. */
export function pyradiomicsNeighbourhood(distances: readonly number[], twoD: boolean): Offset[] {
  return pyradiomicsAngles(distances, twoD).flatMap((o) => [o, [-o[0], -o[1], -o[2]] as Offset]);
}
