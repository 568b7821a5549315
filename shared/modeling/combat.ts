/**
 * ComBat batch harmonisation exactly as `sva::ComBat` (sva 3.46.0; Johnson, Li & Rabinovic, Biostatistics
 * 2007), split into ESTIMATE (the parameters) and APPLY (the location/scale adjustment of rows with them).
 *
 * Model, per feature g and sample j of batch i, with covariates X_j (model matrix [1, covariates]):
 *   y_gj = α_g + X_j·β_g + γ_ig + δ_ig·ε_gj.
 * ESTIMATE (sva's steps, its names in brackets):
 *   1. Features whose values are all equal inside some batch of ≥ 2 samples are left out and returned
 *      unchanged [zero.rows]. A batch of one sample switches the run to mean-only [mean.only].
 *   2. Design D = [batch indicators, covariates] (a column of all ones is dropped, the model matrix's
 *      intercept included; with a reference batch r its indicator column becomes all ones). B̂ solves the
 *      normal equations D'D·B̂ = D'y [B.hat]; with missing values, per feature on its observed rows [Beta.NA].
 *   3. Grand mean α̂_g = Σ_i (n_i/n)·B̂_ig, or B̂_rg with a reference batch [grand.mean].
 *      Pooled variance σ̂²_g = Σ_j (y_gj − D_j·B̂_g)²/n over all samples, or over the reference batch's
 *      samples only [var.pooled]. With ANY missing value in the data sva uses instead the n − 1 variance
 *      (centred) of the residuals (genefilter's rowVars, na.rm) — kept here as sva does it.
 *   4. Standardise: z_gj = (y_gj − α̂_g − X_j·β̂_g)/σ̂_g [s.data]; γ̂_ig solves the batch-only normal
 *      equations on z (batch means; with a reference batch, differences from its mean) [gamma.hat];
 *      δ̂²_ig = n − 1 variance of z in batch i (1 with mean-only) [delta.hat].
 *   5. Priors per batch over features: γ̄_i = mean_g γ̂_ig, τ̄²_i = var_g γ̂_ig; inverse-gamma a_i, b_i by the
 *      method of moments of δ̂²_i·: m = mean, s² = var, a = (2s² + m²)/s², b = (m·s² + m³)/s² [aprior, bprior].
 *   6a. Parametric [it.sol]: from δ*=δ̂², iterate γ* = (n_i·τ̄²·γ̂ + δ*·γ̄)/(n_i·τ̄² + δ*),
 *       δ* = (½·Σ_j (z_gj − γ*)² + b)/(n_i/2 + a − 1) until max((|Δγ*|/γ*_old), (|Δδ*|/δ*_old)) ≤ 1e-4
 *       (the ratio is signed, as in sva). Mean-only: γ* = (τ̄²·γ̂ + γ̄)/(τ̄² + 1) (sva's postmean with n = 1,
 *       δ = 1), δ* = 1.
 *   6b. Non-parametric [int.eprior]: for feature g, weights L_k = (2π·δ̂²_k)^(−n/2)·exp(−Σ_j (z_gj − γ̂_k)²/(2δ̂²_k))
 *       over the OTHER features k of the batch (NaN weights → 0); γ* = Σ L_k·γ̂_k / Σ L_k, δ* = Σ L_k·δ̂²_k / Σ L_k.
 *   7. Reference batch: γ*_r = 0, δ*_r = 1.
 * APPLY, for a row j of a batch i seen in estimation (feature g, covariates X_j):
 *   m = α̂_g + X_j·β̂_g;  y*_gj = ((y_gj − m)/σ̂_g − D_i·γ*_g)/√δ*_ig · σ̂_g + m,
 * where D_i·γ*_g is the batch-design row of batch i times the γ* of every batch (its own γ*; sva's literal
 * product, so a NaN γ* of another batch propagates as in sva). Rows of the reference batch and features
 * left out in step 1 are returned unchanged; a missing value stays missing. Applied to the estimation
 * rows this reproduces `sva::ComBat` (same arithmetic); applied to new rows it harmonises them with the
 * training parameters unchanged (their values do not enter any estimate). A batch not seen in estimation
 * cannot be applied (error naming it: there is no γ*, δ* for it).
 */

export interface CombatInput {
  /** One column per feature, each of length n (rows = samples); NaN = missing. */
  features: ArrayLike<number>[];
  /** Batch label of each sample. */
  batch: string[];
  /** Numeric covariate columns (length n each, no missing value); the model matrix is [1, covariates…]. */
  covariates?: ArrayLike<number>[];
  /** Feature and covariate names, for error messages only. */
  featureNames?: string[];
  covariateNames?: string[];
}

export interface CombatOptions {
  /** Parametric (default) or non-parametric empirical Bayes priors (`par.prior`). */
  parametric?: boolean;
  /** Adjust the location only (`mean.only`); forced on when a batch has a single sample. */
  meanOnly?: boolean;
  /** Reference batch (`ref.batch`): left unchanged, the others are mapped onto it. */
  refBatch?: string | null;
}

/** What ESTIMATE returns: everything APPLY needs (plain arrays, so it can be stored as JSON). */
export interface CombatModel {
  method: 'parametric' | 'nonparametric';
  /** The mean-only setting in effect (asked for, or forced by a single-sample batch). */
  meanOnly: boolean;
  refBatch: string | null;
  /** Batch names in sva's level order (sorted), and their sizes in the estimation data. */
  batches: string[];
  batchSizes: number[];
  nFeatures: number;
  nCovariates: number;
  /** Indices of the input covariates in the design (sva drops a covariate that is all ones). */
  designCovariates: number[];
  /** Per feature: false = left unchanged (all values equal inside a batch of ≥ 2 samples). */
  adjusted: boolean[];
  zeroVariance: { feature: number; batches: string[] }[];
  /** Per feature (NaN where not adjusted; null once written as JSON, which APPLY reads as NaN): α̂, σ̂². */
  grandMean: number[];
  varPooled: number[];
  /** β̂ per design covariate (rows) and feature (columns). */
  covariateCoef: number[][];
  /** Per batch (rows, in `batches` order) and feature: the empirical Bayes estimates used by APPLY. */
  gammaStar: number[][];
  deltaStar: number[][];
  /** Diagnostics: the per-batch estimates and the priors they were shrunk towards. */
  gammaHat: number[][];
  deltaHat: number[][];
  priors: { gammaBar: number[]; tau2: number[]; aPrior: number[]; bPrior: number[] };
  /** Parametric, not mean-only: iterations of the γ* and δ* solution per batch. */
  iterations: number[];
  /** Missing values among the adjusted features (sva then switches to its missing-data estimates). */
  missingValues: number;
  /** What sva would have said (informative). */
  notes: string[];
}

export class CombatError extends Error {}

/** Convergence criterion of sva's it.sol. */
const CONV = 1e-4;

// ------------------------------------------------------------------ small numerics --------------------

/** Mean with R's second correction pass. */
function mean(x: ArrayLike<number>): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  let m = s / n;
  if (Number.isFinite(m)) {
    let c = 0;
    for (let i = 0; i < n; i++) c += x[i] - m;
    m += c / n;
  }
  return m;
}

/** Sample variance (n − 1), two passes, as R's var (NaN propagates). */
function variance(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - m) * (x[i] - m);
  return s / (n - 1);
}

/** genefilter::rowVars(x, na.rm = TRUE) on one row: Σ(x − x̄)²/(n − 1) over the observed values, NaN if n ≤ 1. */
function varianceObserved(x: ArrayLike<number>): number {
  let n = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++)
    if (!Number.isNaN(x[i])) {
      n++;
      s += x[i];
    }
  if (n <= 1) return NaN;
  let m = s / n;
  let c = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) c += x[i] - m;
  m += c / n;
  let ss = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) ss += (x[i] - m) * (x[i] - m);
  return ss / (n - 1);
}

/** Solves A·X = B (A p×p, B p×m, row-major arrays of rows) by LU with partial pivoting, as LAPACK dgesv. */
function solve(A: number[][], B: number[][]): number[][] | null {
  const p = A.length;
  const a = A.map((r) => r.slice());
  const b = B.map((r) => r.slice());
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (a[piv][c] === 0) return null;
    if (piv !== c) {
      [a[piv], a[c]] = [a[c], a[piv]];
      [b[piv], b[c]] = [b[c], b[piv]];
    }
    for (let r = c + 1; r < p; r++) {
      const f = a[r][c] / a[c][c];
      if (f === 0) continue;
      for (let k = c + 1; k < p; k++) a[r][k] -= f * a[c][k];
      const br = b[r];
      const bc = b[c];
      for (let k = 0; k < br.length; k++) br[k] -= f * bc[k];
    }
  }
  for (let c = p - 1; c >= 0; c--) {
    const bc = b[c];
    for (let k = c + 1; k < p; k++) {
      const f = a[c][k];
      const bk = b[k];
      for (let m = 0; m < bc.length; m++) bc[m] -= f * bk[m];
    }
    for (let m = 0; m < bc.length; m++) bc[m] /= a[c][c];
  }
  return b;
}

/**
 * Rank of a matrix (columns given) as R's `qr(x)$rank`: LINPACK dqrdc2, Householder QR with limited
 * column pivoting — a column whose remaining norm falls below tol (1e-7) times its original norm is
 * moved to the end and not counted.
 */
export function qrRank(columns: ArrayLike<number>[], tol = 1e-7): number {
  const p = columns.length;
  if (p === 0) return 0;
  const n = columns[0].length;
  const x = columns.map((c) => Float64Array.from(c));
  const norm = (v: Float64Array, from: number) => {
    let s = 0;
    for (let i = from; i < n; i++) s += v[i] * v[i];
    return Math.sqrt(s);
  };
  const qraux = x.map((c) => norm(c, 0));
  const work1 = qraux.slice();
  const work2 = qraux.map((v) => (v === 0 ? 1 : v));
  const lup = Math.min(n, p);
  let k = p + 1; // 1-based as in the Fortran
  for (let l = 1; l <= lup; l++) {
    while (l < k && qraux[l - 1] < work2[l - 1] * tol) {
      // move column l to the end
      const col = x.splice(l - 1, 1)[0];
      x.push(col);
      const [q] = qraux.splice(l - 1, 1);
      qraux.push(q);
      const [w1] = work1.splice(l - 1, 1);
      work1.push(w1);
      const [w2] = work2.splice(l - 1, 1);
      work2.push(w2);
      k--;
    }
    if (l === n) break;
    const xl = x[l - 1];
    const i0 = l - 1;
    let nrmxl = norm(xl, i0);
    if (nrmxl === 0) continue;
    if (xl[i0] !== 0) nrmxl = Math.sign(xl[i0]) * Math.abs(nrmxl);
    for (let i = i0; i < n; i++) xl[i] /= nrmxl;
    xl[i0] = 1 + xl[i0];
    for (let j = l; j < p; j++) {
      const xj = x[j];
      let dot = 0;
      for (let i = i0; i < n; i++) dot += xl[i] * xj[i];
      const t = -dot / xl[i0];
      for (let i = i0; i < n; i++) xj[i] += t * xl[i];
      if (qraux[j] !== 0) {
        let tt = 1 - (Math.abs(xj[i0]) / qraux[j]) ** 2;
        tt = Math.max(tt, 0);
        if (Math.abs(tt) < 1e-6) {
          qraux[j] = norm(xj, i0 + 1);
          work1[j] = qraux[j];
        } else qraux[j] = qraux[j] * Math.sqrt(tt);
      }
    }
    qraux[l - 1] = xl[i0];
    xl[i0] = -nrmxl;
  }
  return Math.min(k - 1, n);
}

/** Batch names in sva's level order (`as.factor`: sorted; numbers numerically). */
function batchLevels(batch: string[]): string[] {
  const levels = [...new Set(batch)];
  const numeric = levels.every((b) => b.trim() !== '' && Number.isFinite(Number(b)));
  return numeric
    ? levels.sort((a, b) => Number(a) - Number(b))
    : levels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// ------------------------------------------------------------------ ESTIMATE ---------------------------

/** Estimates sva::ComBat's parameters from the rows of `input` (see the module comment, steps 1–7). */
export function estimateCombat(input: CombatInput, options: CombatOptions = {}): CombatModel {
  const parametric = options.parametric ?? true;
  const refBatch = options.refBatch ?? null;
  const n = input.batch.length;
  const G = input.features.length;
  const covs = input.covariates ?? [];
  const featureLabel = (g: number) => `feature ${input.featureNames?.[g] ?? g + 1}`;
  const covariateLabel = (c: number) => `covariate ${input.covariateNames?.[c] ?? c + 1}`;
  if (G === 0) throw new CombatError('no features to harmonise');
  for (const [g, col] of input.features.entries())
    if (col.length !== n)
      throw new CombatError(`${featureLabel(g)} has ${col.length} values for ${n} samples`);
  for (const [c, col] of covs.entries()) {
    if (col.length !== n)
      throw new CombatError(`${covariateLabel(c)} has ${col.length} values for ${n} samples`);
    for (let j = 0; j < n; j++)
      if (!Number.isFinite(col[j]))
        throw new CombatError(`${covariateLabel(c)} is missing or not finite for sample ${j + 1}`);
  }
  const notes: string[] = [];
  const batches = batchLevels(input.batch);
  const nb = batches.length;
  if (nb < 2)
    throw new CombatError(`ComBat needs at least 2 batches, got ${nb}${nb ? ` (${batches[0]})` : ''}`);
  const batchOf = Int32Array.from(input.batch, (b) => batches.indexOf(b));
  const members = batches.map((_, i) => [...batchOf.keys()].filter((j) => batchOf[j] === i));
  const sizes = members.map((m) => m.length);
  let ref = -1;
  if (refBatch !== null) {
    ref = batches.indexOf(refBatch);
    if (ref < 0)
      throw new CombatError(
        `the reference batch "${refBatch}" is not one of the batches (${batches.join(', ')})`,
      );
    if (sizes[ref] < 2)
      throw new CombatError(
        `the reference batch "${refBatch}" has a single sample; its pooled variance would be zero`,
      );
  }

  // 1. features with all values equal inside a batch of ≥ 2 samples (sva: var(x) == 0; NA → not flagged)
  const adjusted: boolean[] = [];
  const zeroVariance: { feature: number; batches: string[] }[] = [];
  for (let g = 0; g < G; g++) {
    const col = input.features[g];
    const flat: string[] = [];
    members.forEach((m, i) => {
      if (m.length < 2) return;
      const v0 = col[m[0]];
      if (Number.isNaN(v0)) return;
      if (m.every((j) => col[j] === v0)) flat.push(batches[i]);
    });
    adjusted.push(flat.length === 0);
    if (flat.length) zeroVariance.push({ feature: g, batches: flat });
  }
  const keep = adjusted.flatMap((a, g) => (a ? [g] : []));
  if (keep.length === 0)
    throw new CombatError('every feature has equal values inside some batch; nothing can be adjusted');
  if (zeroVariance.length)
    notes.push(
      `${zeroVariance.length} feature(s) with zero variance inside a batch are returned unchanged (not adjusted for batch)`,
    );
  let meanOnly = options.meanOnly ?? false;
  if (meanOnly) notes.push("Using the 'mean only' version of ComBat");
  if (sizes.some((s) => s === 1)) {
    if (!meanOnly) notes.push("Using the 'mean only' version of ComBat");
    meanOnly = true;
    notes.push(
      `batch ${batches[sizes.indexOf(1)]} has only one sample: mean only (location) adjustment for every batch`,
    );
  }
  if (ref >= 0) notes.push(`Using batch ${refBatch} as a reference batch (this batch won't change)`);

  // 2. design: batch indicators (the reference's column all ones), then covariates that are not all ones
  const design: Float64Array[] = batches.map((_, i) =>
    Float64Array.from(batchOf, (b) => (b === i || i === ref ? 1 : 0)),
  );
  const designCovariates: number[] = [];
  covs.forEach((col, c) => {
    let allOnes = true;
    for (let j = 0; j < n; j++) if (col[j] !== 1) allOnes = false;
    if (allOnes) notes.push(`${covariateLabel(c)} is 1 for every sample and is dropped (as the intercept)`);
    else {
      designCovariates.push(c);
      design.push(Float64Array.from(col));
    }
  });
  const P = design.length;
  if (qrRank(design) < P) {
    // sva's three messages; the covariates confounded with batch on their own are named
    const covCols = design.slice(nb);
    const names = designCovariates.map((c) => covariateLabel(c));
    if (P === nb + 1)
      throw new CombatError(`${names[0]} is confounded with batch; remove it and rerun ComBat`);
    if (qrRank(covCols) < covCols.length)
      throw new CombatError(
        `the covariates (${names.join(', ')}) are confounded with each other; remove one or more of them`,
      );
    const alone = names.filter((_, c) => qrRank([...design.slice(0, nb), covCols[c]]) < nb + 1);
    throw new CombatError(
      `at least one covariate is confounded with batch${alone.length ? ` (${alone.join(', ')})` : ''}; remove it and rerun ComBat`,
    );
  }

  const dat = keep.map((g) => Float64Array.from(input.features[g]));
  const K = dat.length;
  let missingValues = 0;
  for (const row of dat) for (let j = 0; j < n; j++) if (Number.isNaN(row[j])) missingValues++;
  const NAs = missingValues > 0;
  if (NAs) notes.push(`Found ${missingValues} missing data values`);

  // B̂ (P × K): normal equations, per feature on its observed rows when anything is missing
  const crossprod = (cols: Float64Array[], rows: number[] | null): number[][] =>
    cols.map((a) =>
      cols.map((b) => {
        let s = 0;
        if (rows) for (const j of rows) s += a[j] * b[j];
        else for (let j = 0; j < n; j++) s += a[j] * b[j];
        return s;
      }),
    );
  const fitCoefficients = (cols: Float64Array[], Y: Float64Array[], what: string): Float64Array[] => {
    const p = cols.length;
    const out = Array.from({ length: p }, () => new Float64Array(Y.length));
    if (!NAs) {
      const rhs = cols.map((c) =>
        Y.map((y) => {
          let s = 0;
          for (let j = 0; j < n; j++) s += c[j] * y[j];
          return s;
        }),
      );
      const sol = solve(crossprod(cols, null), rhs);
      if (!sol) throw new CombatError(`the ${what} normal equations are singular`);
      sol.forEach((r, i) => out[i].set(r));
      return out;
    }
    Y.forEach((y, g) => {
      const rows: number[] = [];
      for (let j = 0; j < n; j++) if (!Number.isNaN(y[j])) rows.push(j);
      const rhs = cols.map((c) => {
        let s = 0;
        for (const j of rows) s += c[j] * y[j];
        return [s];
      });
      const sol = solve(crossprod(cols, rows), rhs);
      if (!sol) {
        const empty = batches.filter((_, i) => members[i].every((j) => Number.isNaN(y[j])));
        throw new CombatError(
          empty.length
            ? `${featureLabel(keep[g])} has no observed value in batch ${empty.join(', ')}; sva cannot fit it (remove the feature or those batches)`
            : `${featureLabel(keep[g])}: its observed values leave the ${what} model singular`,
        );
      }
      sol.forEach((r, i) => (out[i][g] = r[0]));
    });
    return out;
  };
  const Bhat = fitCoefficients(design, dat, 'batch/covariate');

  // 3. grand mean and pooled variance
  const grand = new Float64Array(K);
  for (let g = 0; g < K; g++) {
    if (ref >= 0) grand[g] = Bhat[ref][g];
    else {
      let s = 0;
      for (let i = 0; i < nb; i++) s += (sizes[i] / n) * Bhat[i][g];
      grand[g] = s;
    }
  }
  const fitted = (g: number, j: number) => {
    let s = 0;
    for (let c = 0; c < P; c++) s += design[c][j] * Bhat[c][g];
    return s;
  };
  const poolRows = ref >= 0 ? members[ref] : [...Array(n).keys()];
  const varPooled = new Float64Array(K);
  for (let g = 0; g < K; g++) {
    if (!NAs) {
      const w = 1 / poolRows.length;
      let s = 0;
      for (const j of poolRows) {
        const r = dat[g][j] - fitted(g, j);
        s += r * r * w;
      }
      varPooled[g] = s;
    } else varPooled[g] = varianceObserved(poolRows.map((j) => dat[g][j] - fitted(g, j)));
  }
  const covariateCoef = design.slice(nb).map((_, c) => Bhat[nb + c]);

  // 4. standardised data, γ̂ and δ̂²
  const covRows = designCovariates.map((c) => covs[c]);
  const standMean = (g: number, j: number, cov: ArrayLike<number>[]) => {
    let s = 0;
    for (let c = 0; c < cov.length; c++) s += cov[c][j] * covariateCoef[c][g];
    return grand[g] + s;
  };
  const sdata = dat.map((row, g) => {
    const sd = Math.sqrt(varPooled[g]);
    return Float64Array.from(row, (y, j) => (y - standMean(g, j, covRows)) / sd);
  });
  const batchDesign = design.slice(0, nb);
  const gammaHat = fitCoefficients(batchDesign, sdata, 'batch');
  const deltaHat = members.map((m) =>
    meanOnly
      ? new Float64Array(K).fill(1)
      : Float64Array.from(sdata, (row) => varianceObserved(m.map((j) => row[j]))),
  );
  // fewer than 2 observed values in a batch: no batch variance; sva stops (it.sol: `while (NA > conv)`;
  // int.eprior: NA weights in a subscripted assignment)
  deltaHat.forEach((d, i) => {
    const bad = keep.filter((_, k) => Number.isNaN(d[k]));
    if (bad.length)
      throw new CombatError(
        `${bad.map(featureLabel).join(', ')}: fewer than 2 observed values in batch ${batches[i]}, so no batch variance (sva stops here too; --mean-only does not need it)`,
      );
  });

  // 5. priors per batch, over features
  const gammaBar = gammaHat.map((r) => mean(r));
  const tau2 = gammaHat.map((r) => variance(r));
  const aPrior = deltaHat.map((d) => {
    const m = mean(d);
    const s2 = variance(d);
    return (2 * s2 + m * m) / s2;
  });
  const bPrior = deltaHat.map((d) => {
    const m = mean(d);
    const s2 = variance(d);
    return (m * s2 + Math.pow(m, 3)) / s2;
  });

  // 6. empirical Bayes estimates
  const gammaStar: Float64Array[] = [];
  const deltaStar: Float64Array[] = [];
  const iterations: number[] = [];
  for (let i = 0; i < nb; i++) {
    const rows = members[i];
    if (parametric) {
      if (meanOnly) {
        const t2 = tau2[i];
        gammaStar.push(
          Float64Array.from(gammaHat[i], (gh) => (t2 * 1 * gh + 1 * gammaBar[i]) / (t2 * 1 + 1)),
        );
        deltaStar.push(new Float64Array(K).fill(1));
      } else {
        const sol = iterativeSolution(
          sdata,
          rows,
          gammaHat[i],
          deltaHat[i],
          gammaBar[i],
          tau2[i],
          aPrior[i],
          bPrior[i],
          batches[i],
        );
        gammaStar.push(sol.gamma);
        deltaStar.push(sol.delta);
        iterations.push(sol.iterations);
      }
    } else {
      const sol = integratedPrior(
        sdata,
        rows,
        gammaHat[i],
        meanOnly ? new Float64Array(K).fill(1) : deltaHat[i],
      );
      const undefinedCount = sol.gamma.reduce((c, v) => c + (Number.isNaN(v) ? 1 : 0), 0);
      if (undefinedCount)
        notes.push(
          `batch ${batches[i]} (${sizes[i]} samples): the non-parametric weights of ${undefinedCount} feature(s) underflow to 0, so their γ*, δ* are NaN (as in sva, whose product with the batch design then makes the feature NaN in every batch); the parametric prior avoids this`,
        );
      gammaStar.push(sol.gamma);
      deltaStar.push(sol.delta);
    }
  }
  // 7. the reference batch is not moved
  if (ref >= 0) {
    gammaStar[ref].fill(0);
    deltaStar[ref].fill(1);
  }

  const full = (v: ArrayLike<number>) => {
    const out = new Array<number>(G).fill(NaN);
    keep.forEach((g, k) => (out[g] = v[k]));
    return out;
  };
  return {
    method: parametric ? 'parametric' : 'nonparametric',
    meanOnly,
    refBatch: ref >= 0 ? refBatch : null,
    batches,
    batchSizes: sizes,
    nFeatures: G,
    nCovariates: covs.length,
    designCovariates,
    adjusted,
    zeroVariance,
    grandMean: full(grand),
    varPooled: full(varPooled),
    covariateCoef: covariateCoef.map(full),
    gammaStar: gammaStar.map(full),
    deltaStar: deltaStar.map(full),
    gammaHat: gammaHat.map(full),
    deltaHat: deltaHat.map(full),
    priors: { gammaBar, tau2, aPrior, bPrior },
    iterations,
    missingValues,
    notes,
  };
}

/** sva's it.sol: the parametric γ*, δ* of one batch by fixed-point iteration (signed relative change ≤ 1e-4). */
function iterativeSolution(
  sdata: Float64Array[],
  rows: number[],
  gHat: Float64Array,
  dHat: Float64Array,
  gBar: number,
  t2: number,
  a: number,
  b: number,
  batchName: string,
): { gamma: Float64Array; delta: Float64Array; iterations: number } {
  const K = sdata.length;
  const nObs = Float64Array.from(sdata, (row) =>
    rows.reduce((c, j) => c + (Number.isNaN(row[j]) ? 0 : 1), 0),
  );
  let gOld = Float64Array.from(gHat);
  let dOld = Float64Array.from(dHat);
  let gNew = gOld;
  let dNew = dOld;
  let change = 1;
  let count = 0;
  while (change > CONV) {
    gNew = new Float64Array(K);
    dNew = new Float64Array(K);
    change = -Infinity;
    let sawNaN = false;
    for (let g = 0; g < K; g++) {
      const nn = nObs[g];
      gNew[g] = (t2 * nn * gHat[g] + dOld[g] * gBar) / (t2 * nn + dOld[g]);
      let sum2 = 0;
      const row = sdata[g];
      for (const j of rows) {
        const v = row[j];
        if (!Number.isNaN(v)) sum2 += (v - gNew[g]) * (v - gNew[g]);
      }
      dNew[g] = (0.5 * sum2 + b) / (nn / 2 + a - 1);
    }
    for (let g = 0; g < K; g++) {
      const c = Math.abs(gNew[g] - gOld[g]) / gOld[g];
      if (Number.isNaN(c)) sawNaN = true;
      else if (c > change) change = c;
    }
    for (let g = 0; g < K; g++) {
      const c = Math.abs(dNew[g] - dOld[g]) / dOld[g];
      if (Number.isNaN(c)) sawNaN = true;
      else if (c > change) change = c;
    }
    // R's max() of a vector holding NaN is NaN, and `while (NaN > conv)` stops sva with an error
    if (sawNaN)
      throw new CombatError(
        `batch ${batchName}: the parametric estimates are undefined (a γ* or δ* is NaN or divides by zero); sva stops here too`,
      );
    gOld = gNew;
    dOld = dNew;
    count++;
    if (count > 100000)
      throw new CombatError(`batch ${batchName}: the parametric estimates did not converge`);
  }
  return { gamma: gNew, delta: dNew, iterations: count };
}

/** sva's int.eprior: non-parametric γ*, δ* of one batch, each feature weighted against the others. */
function integratedPrior(
  sdata: Float64Array[],
  rows: number[],
  gHat: Float64Array,
  dHat: Float64Array,
): { gamma: Float64Array; delta: Float64Array } {
  const K = sdata.length;
  const gamma = new Float64Array(K);
  const delta = new Float64Array(K);
  const x = new Float64Array(rows.length);
  for (let i = 0; i < K; i++) {
    let nx = 0;
    for (const j of rows) {
      const v = sdata[i][j];
      if (!Number.isNaN(v)) x[nx++] = v;
    }
    let sumGL = 0;
    let sumDL = 0;
    let sumL = 0;
    for (let k = 0; k < K; k++) {
      if (k === i) continue;
      const g = gHat[k];
      const d = dHat[k];
      let sum2 = 0;
      for (let m = 0; m < nx; m++) sum2 += (x[m] - g) * (x[m] - g);
      let LH = (1 / Math.pow(2 * Math.PI * d, nx / 2)) * Math.exp(-sum2 / (2 * d));
      if (Number.isNaN(LH)) LH = 0;
      sumGL += g * LH;
      sumDL += d * LH;
      sumL += LH;
    }
    gamma[i] = sumGL / sumL;
    delta[i] = sumDL / sumL;
  }
  return { gamma, delta };
}

// ------------------------------------------------------------------ APPLY ------------------------------

/** A stored parameter; a model read back from JSON has null where it held NaN. */
const stored = (v: number | null): number => (v === null ? NaN : v);

/**
 * Applies estimated ComBat parameters to rows (see the module comment): `rows.features` in the model's
 * feature order, `rows.batch` each a batch of the model, `rows.covariates` in the estimation's covariate
 * order. Returns one column per feature.
 */
export function applyCombat(model: CombatModel, rows: CombatInput): Float64Array[] {
  const n = rows.batch.length;
  if (rows.features.length !== model.nFeatures)
    throw new CombatError(`${rows.features.length} features given, the model has ${model.nFeatures}`);
  const covs = rows.covariates ?? [];
  if (covs.length !== model.nCovariates)
    throw new CombatError(`${covs.length} covariates given, the model has ${model.nCovariates}`);
  const nb = model.batches.length;
  const ref = model.refBatch === null ? -1 : model.batches.indexOf(model.refBatch);
  const batchOf = rows.batch.map((b) => {
    const i = model.batches.indexOf(b);
    if (i < 0)
      throw new CombatError(
        `batch "${b}" was not seen when ComBat was estimated (batches: ${model.batches.join(', ')})`,
      );
    return i;
  });
  const designCovs = model.designCovariates.map((c) => covs[c]);
  for (const [c, col] of designCovs.entries()) {
    if (col.length !== n)
      throw new CombatError(
        `covariate ${model.designCovariates[c] + 1} has ${col.length} values for ${n} rows`,
      );
    for (let j = 0; j < n; j++)
      if (!Number.isFinite(col[j]))
        throw new CombatError(
          `covariate ${model.designCovariates[c] + 1} is missing or not finite for row ${j + 1}`,
        );
  }
  return rows.features.map((col, g) => {
    if (col.length !== n) throw new CombatError(`feature ${g + 1} has ${col.length} values for ${n} rows`);
    const out = Float64Array.from(col);
    if (!model.adjusted[g]) return out;
    const sd = Math.sqrt(model.varPooled[g]);
    for (let j = 0; j < n; j++) {
      const i = batchOf[j];
      if (i === ref) continue; // sva returns the reference batch's rows as given
      let cov = 0;
      for (let c = 0; c < designCovs.length; c++) cov += designCovs[c][j] * model.covariateCoef[c][g];
      const m = model.grandMean[g] + cov;
      // the batch-design row of batch i (its indicator, plus the reference column) times γ* of every batch
      let gamma = 0;
      for (let k = 0; k < nb; k++) gamma += (k === i || k === ref ? 1 : 0) * stored(model.gammaStar[k][g]);
      const z = (col[j] - m) / sd;
      out[j] = ((z - gamma) / Math.sqrt(stored(model.deltaStar[i][g]))) * sd + m;
    }
    return out;
  });
}

/** `sva::ComBat` on `input`: ESTIMATE then APPLY to the same rows. */
export function combat(
  input: CombatInput,
  options: CombatOptions = {},
): { x: Float64Array[]; model: CombatModel } {
  const model = estimateCombat(input, options);
  return { x: applyCombat(model, input), model };
}
