/**
 * Gram mode for long active-set loops of the LASSO logistic solver.
 *
 * Within one quadratic approximation v is fixed, so the gradient of active column a, g_a = r·z_a, moves by
 * −d·G_ab when coefficient b changes by d (G_ab = Σ_i v_i z_ia z_ib) and by −d·c_a (c_a = Σ_i v_i z_ia) when
 * the intercept does. A pass then costs |A| short updates per moved coefficient instead of two length-n
 * kernels per column (glmnet's covariance updates, applied to the weighted problem). Nearly collinear
 * columns near the unpenalised end make coordinate descent crawl for thousands of such passes; glmnet
 * takes them too, so the iterates are the same (up to rounding) and only their price changes.
 * The residual is brought up to date whenever the loop ends, and the gradient recomputed from it every
 * GRAM_REFRESH passes.
 */
import { lassoCoordinate, type LognetWorkspace } from './lognetCoordinateDescent';

/** Largest active set handled with a Gram matrix (its memory is cap² doubles, reserved up front). */
export const GRAM_MAX_ACTIVE = 1500;
/** Gram passes between exact recomputations of the gradient from the residual (bounds rounding drift). */
const GRAM_REFRESH = 64;

/** Buffers of the Gram mode (in the SIMD kernels' memory when available; pointers are byte offsets). */
export interface GramBuffers {
  /** v∘z_a of one column. */
  scratch: Float64Array;
  tPtr: number;
  /** Gradient of the active columns. */
  grad: Float64Array;
  gradPtr: number;
  /** Gram matrix, row stride `cap`. */
  matrix: Float64Array;
  matrixPtr: number;
}

export class ActiveGram {
  private readonly vzSum: Float64Array;
  /** Coefficient changes not yet applied to the residual. */
  private readonly moved: Float64Array;
  private movedIntercept = 0;
  /** Σ r_i, kept up to date through the Gram updates. */
  private sumR = 0;

  constructor(
    private readonly ws: LognetWorkspace,
    /** Capacity: the largest active set this Gram matrix can hold (0 = Gram mode off). */
    readonly cap: number,
    private readonly buf: GramBuffers,
  ) {
    this.vzSum = new Float64Array(cap);
    this.moved = new Float64Array(cap);
  }

  needsRefresh(activePasses: number): boolean {
    return activePasses % GRAM_REFRESH === 0;
  }

  /** Gram matrix and v·z sums of the first A active columns. */
  build(A: number): void {
    const { ws, buf, cap } = this;
    const { cols, v, m, kern, n } = ws;
    const scratch = buf.scratch;
    for (let a = 0; a < A; a++) {
      const ca = cols[m[a]];
      let s = 0;
      for (let i = 0; i < n; i++) {
        scratch[i] = v[i] * ca[i];
        s += scratch[i];
      }
      this.vzSum[a] = s;
      for (let c = a; c < A; c++) {
        const g = kern ? kern.dot(buf.tPtr, m[c] * n * 8, n) : ws.dot(scratch, m[c]);
        buf.matrix[a * cap + c] = g;
        buf.matrix[c * cap + a] = g;
      }
    }
    ws.colOps += A + (A * (A + 1)) / 2;
    this.moved.fill(0, 0, A);
    this.movedIntercept = 0;
  }

  /** Applies the pending coefficient and intercept changes to the residual. */
  syncResidual(A: number): void {
    const ws = this.ws;
    const { r, v, m, n } = ws;
    for (let a = 0; a < A; a++) {
      const d = this.moved[a];
      if (d === 0) continue;
      this.moved[a] = 0;
      ws.colOps++;
      ws.updateResidual(m[a], d);
    }
    if (this.movedIntercept !== 0) {
      for (let i = 0; i < n; i++) r[i] -= this.movedIntercept * v[i];
      this.movedIntercept = 0;
    }
  }

  /** Gradient of the active columns and Σ r, recomputed from the residual. */
  refreshGradient(A: number): void {
    const ws = this.ws;
    const { r, m, n } = ws;
    for (let a = 0; a < A; a++) this.buf.grad[a] = ws.dotR(m[a]);
    ws.colOps += A;
    let s = 0;
    for (let i = 0; i < n; i++) s += r[i];
    this.sumR = s;
  }

  /** One active-set pass on the Gram matrix of the first A active columns; returns max xv·Δβ̃² as a plain pass does. */
  pass(A: number, al1: number): number {
    const { ws, buf, cap } = this;
    const { b, xv, m, kern, xmz } = ws;
    const grad = buf.grad;
    const gram = buf.matrix;
    let dlx = 0;
    for (let a = 0; a < A; a++) {
      const k = m[a];
      const bk = b[k + 1];
      const nb = lassoCoordinate(grad[a] + xv[k] * bk, al1, xv[k]);
      b[k + 1] = nb;
      const d = nb - bk;
      if (d === 0) continue;
      dlx = Math.max(dlx, xv[k] * d * d);
      this.moved[a] += d;
      this.sumR -= d * this.vzSum[a];
      if (kern) kern.axpy(buf.gradPtr, buf.matrixPtr + a * cap * 8, -d, A);
      else for (let c = 0, row = a * cap; c < A; c++) grad[c] -= d * gram[row + c];
    }
    const d0 = this.sumR / xmz;
    if (d0 !== 0) {
      b[0] += d0;
      this.movedIntercept += d0;
      for (let c = 0; c < A; c++) grad[c] -= d0 * this.vzSum[c];
      this.sumR -= d0 * xmz;
      dlx = Math.max(dlx, xmz * d0 * d0);
    }
    return dlx;
  }
}
