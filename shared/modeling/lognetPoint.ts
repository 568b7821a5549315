/**
 * One λ of the LASSO logistic path (glmnet's `ElnetPoint` for two classes, lognet2n's body):
 *   repeat
 *     xv_j = Σ_i v_i·z_ij² on the strong set; minimise the quadratic approximation (solveQuadratic);
 *     new quadratic approximation at the new fit: η = a0 + z·β̃, p_i = plogis(η_i) (η beyond ±log(1/pmin − 1)
 *       → p = 0 or 1), v_i = p_i(1−p_i)/n, r_i = (y_i − p_i)/n; stop ("saturated") when Σv ≤ vmin;
 *     converged when xmz·Δa0² and every xv_k·Δβ̃_k² over the iteration are < thresh·dev0;
 *     then the KKT check: a variable outside the strong set with |r·z_j| > λ joins it and the loop goes on.
 */
import { solveQuadratic, type LognetWorkspace } from './lognetCoordinateDescent';

export const PMIN = 1e-9;
const FMAX = Math.log(1 / PMIN - 1);
const FMIN = -FMAX;
const VMIN = (1 + PMIN) * PMIN * (1 - PMIN);

export type PointOutcome = 'converged' | 'saturated' | 'maxit';

/** xv_j = Σ_i v_i·z_ij² for the strong set. */
function weightedSquares(ws: LognetWorkspace): void {
  const { ixx, xv, z, v, kern, n, n4, p } = ws;
  for (let j = 0; j < p; j++) {
    if (!ixx[j]) continue;
    ws.colOps++;
    if (kern) {
      xv[j] = kern.wss(ws.vPtr, j * n * 8, n);
      continue;
    }
    const off = j * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i < n4; i += 4) {
      const z0 = z[off + i];
      const z1 = z[off + i + 1];
      const z2 = z[off + i + 2];
      const z3 = z[off + i + 3];
      s0 += v[i] * z0 * z0;
      s1 += v[i + 1] * z1 * z1;
      s2 += v[i + 2] * z2 * z2;
      s3 += v[i + 3] * z3 * z3;
    }
    for (; i < n; i++) s0 += v[i] * z[off + i] * z[off + i];
    xv[j] = s0 + s1 + (s2 + s3);
  }
}

/** η = a0 + z·β̃, accumulated column by column (same summation order per row as a row-wise loop). */
function linearPredictor(ws: LognetWorkspace): void {
  const { eta, b, z, kern, n, n4 } = ws;
  eta.fill(b[0]);
  for (const k of ws.m) {
    const bk = b[k + 1];
    ws.colOps++;
    if (kern) {
      kern.axpy(ws.etaPtr, k * n * 8, bk, n);
      continue;
    }
    const off = k * n;
    let i = 0;
    for (; i < n4; i += 4) {
      eta[i] += bk * z[off + i];
      eta[i + 1] += bk * z[off + i + 1];
      eta[i + 2] += bk * z[off + i + 2];
      eta[i + 3] += bk * z[off + i + 3];
    }
    for (; i < n; i++) eta[i] += bk * z[off + i];
  }
}

/** New quadratic approximation at the current fit; false when the weights saturate (Σv ≤ vmin). */
function updateQuadratic(ws: LognetWorkspace, y: ArrayLike<number>): boolean {
  const { eta, q, v, r, w, n } = ws;
  linearPredictor(ws);
  for (let i = 0; i < n; i++) {
    const fi = eta[i];
    q[i] = fi < FMIN ? 0 : fi > FMAX ? 1 : 1 / (1 + Math.exp(-fi));
  }
  let xmz = 0;
  for (let i = 0; i < n; i++) {
    v[i] = w * q[i] * (1 - q[i]);
    xmz += v[i];
  }
  ws.xmz = xmz;
  if (xmz <= VMIN) return false;
  for (let i = 0; i < n; i++) r[i] = w * (y[i] - q[i]);
  return true;
}

/** True when neither the intercept nor an active coefficient moved by thresh·dev0 over this IRLS iteration. */
function irlsConverged(ws: LognetWorkspace): boolean {
  const { b, bs, xv, shr } = ws;
  const d0 = b[0] - bs[0];
  if (ws.xmz * d0 * d0 >= shr) return false;
  for (const k of ws.m) {
    const d = b[k + 1] - bs[k + 1];
    if (xv[k] * d * d >= shr) return false;
  }
  return true;
}

/** KKT check outside the strong set: refreshes |r·z_j| and adds each violator (> λ); true if any was added. */
function addKktViolators(ws: LognetWorkspace, al1: number): boolean {
  const { ixx, ju, ga, p } = ws;
  let added = false;
  for (let k = 0; k < p; k++) {
    if (ixx[k] || !ju[k]) continue;
    ga[k] = Math.abs(ws.dotR(k));
    if (ga[k] > al1) {
      ixx[k] = 1;
      added = true;
    }
  }
  return added;
}

/** Solves the path at penalty `al1`, starting from the current coefficients (warm start). */
export function fitLambdaPoint(ws: LognetWorkspace, y: ArrayLike<number>, al1: number): PointOutcome {
  const { b, bs } = ws;
  for (;;) {
    // one outer (IRLS) iteration
    bs[0] = b[0];
    for (const k of ws.m) bs[k + 1] = b[k + 1];
    weightedSquares(ws);
    if (!solveQuadratic(ws, al1)) return 'maxit';
    if (!updateQuadratic(ws, y)) return 'saturated';
    if (irlsConverged(ws) && !addKktViolators(ws, al1)) return 'converged';
  }
}
