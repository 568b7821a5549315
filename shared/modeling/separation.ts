/**
 * Separation of a binary outcome by a logistic model's design (Albert & Anderson 1984; the linear
 * programmes of Konis 2007, §4, used by safeBinaryRegression and detectseparation). With X the design
 * (intercept first) and s_i = 2y_i − 1, row a_i = s_i·x_i:
 *
 * - quasi-complete or complete separation ⇔ the "find" programme
 *     max Σ_i a_i·β  subject to  a_i·β ≥ 0 for all i,  −1 ≤ β_j ≤ 1
 *   has an optimum > 0 (detectseparation's `separator(…, purpose = "find")`): some direction β never
 *   misclassifies and separates at least one patient, so the maximum-likelihood estimate does not exist;
 * - complete separation ⇔ the margin programme
 *     max t  subject to  a_i·β ≥ t for all i,  −1 ≤ β_j ≤ 1,  0 ≤ t ≤ 1
 *   has t > 0: one hyperplane puts every patient strictly on their outcome's side.
 *
 * Both are solved by a dense primal simplex with Bland's rule (the programmes are degenerate at β = 0);
 * β = β⁺ − β⁻ with 0 ≤ β± ≤ 1. A programme's optimum counts as positive above 1e-9·max_i ‖a_i‖₁.
 */

export type SeparationKind = 'none' | 'quasi-complete' | 'complete';

export interface SeparationCheck {
  kind: SeparationKind;
  /** Optimum of the find programme (0 without separation). */
  find_objective: number;
  /** Optimum t of the margin programme (0 unless complete separation). */
  margin: number;
}

/** max c·v subject to A v ≤ b, v ≥ 0, with b ≥ 0 (the origin is feasible). Bland's rule; bounded problems only. */
export function simplexMax(c: number[], A: number[][], b: number[]): { value: number; x: number[] } {
  const m = A.length;
  const nv = c.length;
  const width = nv + m + 1;
  const T: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    if (!(b[i] >= 0)) throw new Error('simplexMax: the right-hand side must be ≥ 0');
    const row = new Float64Array(width);
    for (let j = 0; j < nv; j++) row[j] = A[i][j];
    row[nv + i] = 1;
    row[width - 1] = b[i];
    T.push(row);
  }
  const obj = new Float64Array(width);
  for (let j = 0; j < nv; j++) obj[j] = -c[j];
  const basis = Array.from({ length: m }, (_, i) => nv + i);
  const eps = 1e-12;
  for (let iter = 0; iter < 100_000; iter++) {
    let enter = -1;
    for (let j = 0; j < width - 1; j++)
      if (obj[j] < -eps) {
        enter = j;
        break;
      }
    if (enter < 0) break;
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < m; i++) {
      const a = T[i][enter];
      if (a <= eps) continue;
      const ratio = T[i][width - 1] / a;
      if (ratio < best - 1e-14 || (Math.abs(ratio - best) <= 1e-14 && basis[i] < basis[leave])) {
        best = ratio;
        leave = i;
      }
    }
    if (leave < 0) throw new Error('simplexMax: the programme is unbounded');
    const pivot = T[leave][enter];
    const pr = T[leave];
    for (let j = 0; j < width; j++) pr[j] /= pivot;
    for (let i = 0; i < m; i++) {
      if (i === leave) continue;
      const f = T[i][enter];
      if (f === 0) continue;
      const r = T[i];
      for (let j = 0; j < width; j++) r[j] -= f * pr[j];
    }
    const f = obj[enter];
    for (let j = 0; j < width; j++) obj[j] -= f * pr[j];
    basis[leave] = enter;
  }
  const x = new Array<number>(nv).fill(0);
  basis.forEach((v, i) => {
    if (v < nv) x[v] = T[i][width - 1];
  });
  return { value: obj[width - 1], x };
}

/**
 * Does the design (an intercept plus `columns`, each of length n) separate the outcome y (0/1)?
 * See the module comment for the two programmes.
 */
export function detectSeparation(columns: ArrayLike<number>[], y: ArrayLike<number>): SeparationCheck {
  const n = y.length;
  const k = columns.length + 1;
  const rows: number[][] = [];
  let scale = 1;
  for (let i = 0; i < n; i++) {
    const s = y[i] === 1 ? 1 : -1;
    const a = [s, ...columns.map((c) => s * c[i])];
    rows.push(a);
    scale = Math.max(
      scale,
      a.reduce((t, v) => t + Math.abs(v), 0),
    );
  }
  const tol = 1e-9 * scale;
  const bounds = (extra: number): { A: number[][]; b: number[] } => {
    const A: number[][] = [];
    const b: number[] = [];
    for (let j = 0; j < 2 * k; j++) {
      const r = new Array<number>(2 * k + extra).fill(0);
      r[j] = 1;
      A.push(r);
      b.push(1);
    }
    return { A, b };
  };
  // find programme: max Σ a_i·(β⁺ − β⁻) s.t. −a_i·(β⁺ − β⁻) ≤ 0
  const sum = new Array<number>(k).fill(0);
  for (const a of rows) for (let j = 0; j < k; j++) sum[j] += a[j];
  const find = bounds(0);
  for (const a of rows) {
    find.A.push([...a.map((v) => -v), ...a]);
    find.b.push(0);
  }
  const findResult = simplexMax([...sum, ...sum.map((v) => -v)], find.A, find.b);
  // margin programme: max t s.t. −a_i·(β⁺ − β⁻) + t ≤ 0, t ≤ 1
  const margin = bounds(1);
  const tRow = new Array<number>(2 * k + 1).fill(0);
  tRow[2 * k] = 1;
  margin.A.push(tRow);
  margin.b.push(1);
  for (const a of rows) {
    margin.A.push([...a.map((v) => -v), ...a, 1]);
    margin.b.push(0);
  }
  const marginResult = simplexMax([...new Array<number>(2 * k).fill(0), 1], margin.A, margin.b);
  const findObjective = findResult.value > tol ? findResult.value : 0;
  const t = marginResult.value > tol ? marginResult.value : 0;
  return {
    kind: t > 0 ? 'complete' : findObjective > 0 ? 'quasi-complete' : 'none',
    find_objective: findObjective,
    margin: t,
  };
}
