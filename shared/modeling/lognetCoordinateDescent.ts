/**
 * The innermost level of the LASSO logistic solver (glmnet's `ElnetPointInternal` for two classes): the
 * buffers one path shares, the coordinate-descent update of one coefficient and of the intercept, and the
 * inner loop that solves one quadratic (IRLS) approximation.
 *
 * Coordinate update of standardised coefficient k (weights v_i = p_i(1−p_i)/n, residual r_i = v_i·(working
 * response − η_i), xv_k = Σ v_i·z_ik²):
 *   u = r·z_k + xv_k·β̃_k;  β̃_k ← sign(u)·max(|u| − λ, 0)/xv_k;  r ← r − Δβ̃_k·v∘z_k.
 * Intercept (unpenalised): Δa0 = Σ r_i / Σ v_i;  r ← r − Δa0·v.
 * Inner loop: one pass over the strong set (variables that move join the active set, in order of entry),
 * then passes over the active set only until max xv_k·Δβ̃_k² < thresh·dev0, then again over the strong set
 * until a strong-set pass is that small too. Data are column-major: z[j·n + i].
 */
import type { SimdKernels } from './simd';
import { ensureMemory } from './simd';
import { ActiveGram, GRAM_MAX_ACTIVE } from './lognetGram';

/** Coefficients are clamped to ±BIG (glmnet's big). */
const BIG = 9.9e35;

/** The coordinate minimiser: sign(u)·max(|u| − λ, 0)/xv, clamped to ±BIG. */
export function lassoCoordinate(u: number, al1: number, xvk: number): number {
  const au = Math.abs(u) - al1;
  return au <= 0 ? 0 : Math.max(-BIG, Math.min(BIG, (u >= 0 ? au : -au) / xvk));
}

/** Memory layout of one path: z, then r, v, η, then the Gram mode's scratch, gradient and matrix. */
function layout(n: number, p: number, gramCap: number) {
  const zBytes = n * p * 8;
  const rPtr = zBytes;
  const vPtr = zBytes + n * 8;
  const etaPtr = zBytes + 2 * n * 8;
  const tPtr = zBytes + 3 * n * 8;
  const gradPtr = tPtr + n * 8;
  const gramPtr = gradPtr + gramCap * 8;
  return { rPtr, vPtr, etaPtr, tPtr, gradPtr, gramPtr, bytes: gramPtr + gramCap * gramCap * 8 };
}

/**
 * State of one λ path: standardised x (z), residual r, weights v, linear predictor η, probabilities q,
 * coefficients b (b[0] intercept, b[k+1] standardised coefficient k), the strong set (ixx) and the active
 * set (m, in order of entry). z, r, v and η live in the SIMD kernels' memory when those are available.
 */
export class LognetWorkspace {
  readonly w: number;
  /** n rounded down to a multiple of 4 (four accumulators break the add-latency chain). */
  readonly n4: number;
  readonly z: Float64Array;
  /** Zero-offset views per column let the JIT drop most bounds checks in the hot loops. */
  readonly cols: Float64Array[];
  readonly rPtr: number;
  readonly vPtr: number;
  readonly etaPtr: number;
  readonly r: Float64Array;
  readonly v: Float64Array;
  readonly eta: Float64Array;
  readonly q: Float64Array;
  readonly b: Float64Array;
  /** Coefficients at the start of the current IRLS iteration. */
  readonly bs: Float64Array;
  readonly xv: Float64Array;
  /** |gradient| of each variable at the last KKT check (strong rule and λ_max). */
  readonly ga: Float64Array;
  /** 1 for a non-constant column (glmnet's ju). */
  readonly ju: Uint8Array;
  /** Strong set. */
  readonly ixx: Uint8Array;
  /** Active set in order of entry. */
  readonly m: number[] = [];
  /** Position in m, 1-based; 0 = never active. */
  readonly mm: Int32Array;
  /** Σ v_i (the intercept's xv). */
  xmz = 0;
  /** Convergence threshold thresh·dev0. */
  shr = 0;
  /** Coordinate-descent passes so far (glmnet's nlp). */
  nlp = 0;
  /** Work counter: length-n column kernels run. */
  colOps = 0;
  readonly gram: ActiveGram;
  // With the SIMD kernels a coordinate's residual update is deferred and fused with the next coordinate's
  // dot product (one sweep over r instead of two; same arithmetic). interceptStep, which ends every pass,
  // applies a pending update before anything else reads r.
  private pendingCol = -1;
  private pendingD = 0;

  constructor(
    readonly n: number,
    readonly p: number,
    readonly kern: SimdKernels | null,
    readonly maxit: number,
    useGram: boolean,
  ) {
    const gramCap = useGram ? Math.min(p, GRAM_MAX_ACTIVE) : 0;
    const mem = layout(n, p, gramCap);
    const wasmBuf = kern ? ensureMemory(kern, mem.bytes) : null;
    const view = (ptr: number, len: number) =>
      wasmBuf ? new Float64Array(wasmBuf, ptr, len) : new Float64Array(len);
    this.w = 1 / n;
    this.n4 = n - (n % 4);
    this.z = wasmBuf ? new Float64Array(wasmBuf, 0, n * p).fill(0) : new Float64Array(n * p);
    this.rPtr = mem.rPtr;
    this.vPtr = mem.vPtr;
    this.etaPtr = mem.etaPtr;
    this.v = view(mem.vPtr, n);
    this.r = view(mem.rPtr, n);
    this.eta = view(mem.etaPtr, n);
    this.q = new Float64Array(n);
    this.b = new Float64Array(p + 1);
    this.bs = new Float64Array(p + 1);
    this.xv = new Float64Array(p);
    this.ga = new Float64Array(p);
    this.ju = new Uint8Array(p);
    this.ixx = new Uint8Array(p);
    this.mm = new Int32Array(p);
    this.cols = Array.from({ length: p }, (_, j) => this.z.subarray(j * n, (j + 1) * n));
    this.gram = new ActiveGram(this, gramCap, {
      scratch: view(mem.tPtr, n),
      tPtr: mem.tPtr,
      grad: view(mem.gradPtr, gramCap),
      gradPtr: mem.gradPtr,
      matrix: view(mem.gramPtr, gramCap * gramCap),
      matrixPtr: mem.gramPtr,
    });
  }

  /** a·z_k with four accumulators (the plain-loop dot product). */
  dot(a: Float64Array, k: number): number {
    const c = this.cols[k];
    const n = this.n;
    const n4 = this.n4;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i < n4; i += 4) {
      s0 += a[i] * c[i];
      s1 += a[i + 1] * c[i + 1];
      s2 += a[i + 2] * c[i + 2];
      s3 += a[i + 3] * c[i + 3];
    }
    for (; i < n; i++) s0 += a[i] * c[i];
    return s0 + s1 + (s2 + s3);
  }

  /** r·z_k (the only dot product the solver needs). */
  dotR(k: number): number {
    this.colOps++;
    return this.kern ? this.kern.dot(this.rPtr, k * this.n * 8, this.n) : this.dot(this.r, k);
  }

  /** r ← r − d·v∘z_k. */
  updateResidual(k: number, d: number): void {
    if (this.kern) {
      this.kern.axpyWeighted(this.rPtr, this.vPtr, k * this.n * 8, d, this.n);
      return;
    }
    const { r, v, n, n4 } = this;
    const c = this.cols[k];
    let i = 0;
    for (; i < n4; i += 4) {
      r[i] -= d * v[i] * c[i];
      r[i + 1] -= d * v[i + 1] * c[i + 1];
      r[i + 2] -= d * v[i + 2] * c[i + 2];
      r[i + 3] -= d * v[i + 3] * c[i + 3];
    }
    for (; i < n; i++) r[i] -= d * v[i] * c[i];
  }

  /** Applies a deferred residual update (SIMD kernels only). */
  flushPending(): void {
    if (this.pendingCol < 0 || !this.kern) return;
    this.kern.axpyWeighted(this.rPtr, this.vPtr, this.pendingCol * this.n * 8, this.pendingD, this.n);
    this.pendingCol = -1;
  }

  /** One coordinate update of standardised coefficient k; returns the change Δβ̃_k. */
  cdStep(k: number, al1: number): number {
    const kern = this.kern;
    const b = this.b;
    const bk = b[k + 1];
    let gk: number;
    if (kern && this.pendingCol >= 0) {
      this.colOps++;
      gk = kern.axpyDot(
        this.rPtr,
        this.vPtr,
        this.pendingCol * this.n * 8,
        this.pendingD,
        k * this.n * 8,
        this.n,
      );
      this.pendingCol = -1;
    } else gk = this.dotR(k);
    const xvk = this.xv[k];
    const nb = lassoCoordinate(gk + xvk * bk, al1, xvk);
    b[k + 1] = nb;
    const d = nb - bk;
    if (d === 0) return 0;
    this.colOps++;
    if (kern) {
      this.pendingCol = k;
      this.pendingD = d;
      return d;
    }
    this.updateResidual(k, d);
    return d;
  }

  /** Intercept update; returns its convergence term xmz·Δa0². */
  interceptStep(): number {
    this.flushPending();
    const { r, v, n } = this;
    let sr = 0;
    for (let i = 0; i < n; i++) sr += r[i];
    const d = sr / this.xmz;
    if (d === 0) return 0;
    this.b[0] += d;
    for (let i = 0; i < n; i++) r[i] -= d * v[i];
    return this.xmz * d * d;
  }
}

/** One pass over the strong set, then the intercept; moved variables join the active set. Returns max xv·Δ². */
function strongSetPass(ws: LognetWorkspace, al1: number): number {
  const { ixx, xv, m, mm, p } = ws;
  let dlx = 0;
  for (let k = 0; k < p; k++) {
    if (!ixx[k]) continue;
    const d = ws.cdStep(k, al1);
    if (d === 0) continue;
    dlx = Math.max(dlx, xv[k] * d * d);
    if (mm[k] === 0) {
      m.push(k);
      mm[k] = m.length;
    }
  }
  const di = ws.interceptStep();
  if (di > dlx) dlx = di;
  return dlx;
}

/** One pass over the active set, then the intercept. Returns max xv·Δ². */
function activeSetPass(ws: LognetWorkspace, al1: number): number {
  const xv = ws.xv;
  let dlx2 = 0;
  for (const k of ws.m) {
    const d = ws.cdStep(k, al1);
    if (d !== 0) dlx2 = Math.max(dlx2, xv[k] * d * d);
  }
  const di2 = ws.interceptStep();
  if (di2 > dlx2) dlx2 = di2;
  return dlx2;
}

/**
 * Active-set passes until converged; once a loop has run long enough to pay for it (a Gram matrix costs
 * about |A|/4 plain passes), on the Gram matrix (m does not change inside this loop).
 * Returns false when the pass limit (maxit) is reached.
 */
function activeSetLoop(ws: LognetWorkspace, al1: number): boolean {
  const gram = ws.gram;
  let activePasses = 0;
  let gramA = 0;
  let ok = true;
  for (;;) {
    ws.nlp++;
    activePasses++;
    if (gramA === 0 && ws.m.length <= gram.cap && activePasses > Math.max(8, ws.m.length / 4)) {
      gramA = ws.m.length;
      gram.build(gramA);
      gram.refreshGradient(gramA);
    } else if (gramA !== 0 && gram.needsRefresh(activePasses)) {
      gram.syncResidual(gramA);
      gram.refreshGradient(gramA);
    }
    const dlx2 = gramA !== 0 ? gram.pass(gramA, al1) : activeSetPass(ws, al1);
    if (dlx2 < ws.shr) break;
    if (ws.nlp > ws.maxit) {
      ok = false;
      break;
    }
  }
  // the residual is left as it was when maxit stops the path (nothing reads it afterwards)
  if (ok && gramA !== 0) gram.syncResidual(gramA);
  return ok;
}

/**
 * Minimises the current quadratic approximation by coordinate descent (glmnet's inner loop).
 * Returns false when the pass limit (maxit) is reached.
 */
export function solveQuadratic(ws: LognetWorkspace, al1: number): boolean {
  for (;;) {
    ws.nlp++;
    const dlx = strongSetPass(ws, al1);
    if (dlx < ws.shr) return true;
    if (ws.nlp > ws.maxit) return false;
    if (!activeSetLoop(ws, al1)) return false;
  }
}
