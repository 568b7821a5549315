/**
 * The LASSO path on nearly collinear columns (groups of near-copies, as the A.K. table's aliases and
 * offset variants are): coordinate descent crawls for tens of thousands of passes near the unpenalised end,
 * as glmnet's does. The pass count is glmnet's and must not change; what each pass costs must stay bounded
 * (the 1,000-patient load run spent 556 s in the fit doing two length-n kernels per active column per pass).
 */
import { describe, expect, it } from 'vitest';
import { lognetPath } from './lognet';
import { mulberry32 } from '../random';

/** n rows; `groups` standard-normal factors, each copied `per` times with N(0, eps²) noise; y logistic in 12 factors. */
function nearCollinearTable(n: number, groups: number, per: number, eps: number, seed: number) {
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-300))) * Math.cos(2 * Math.PI * rnd());
  const p = groups * per;
  const x = new Float64Array(n * p);
  const factors: number[][] = [];
  for (let g = 0; g < groups; g++) {
    const f = Array.from({ length: n }, gauss);
    factors.push(f);
    for (let c = 0; c < per; c++) for (let i = 0; i < n; i++) x[(g * per + c) * n + i] = f[i] + eps * gauss();
  }
  const y = Array.from({ length: n }, (_, i) => {
    let eta = 0;
    for (let g = 0; g < Math.min(groups, 12); g++) eta += (g % 2 ? -0.5 : 0.6) * factors[g][i];
    return rnd() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  });
  return { x, p, y };
}

describe('lognet on nearly collinear columns', () => {
  const n = 150;
  const { x, p, y } = nearCollinearTable(n, 30, 3, 1e-2, 7);
  const opts = { lambdaMinRatio: 0.003 };
  const fast = lognetPath(x, n, p, y, opts);
  const plain = lognetPath(x, n, p, y, { ...opts, activeGram: false });

  it('crawls as glmnet does: same pass count with and without the Gram matrix', () => {
    expect(fast.jerr).toBe(0);
    expect(fast.lambda.length).toBe(100);
    expect(fast.npasses).toBeGreaterThan(20_000);
    expect(fast.npasses).toBe(plain.npasses);
  });

  it('each pass is cheap: column kernels per pass bounded well below one per active column', () => {
    // plain passes cost ~1.3 kernels per active column (a dot product, and a residual update when it moves)
    expect(plain.columnOps / plain.npasses).toBeGreaterThan(60);
    expect(fast.columnOps / fast.npasses).toBeLessThan(15);
    expect(fast.columnOps).toBeLessThan(0.15 * plain.columnOps);
  });

  it('the path is the same up to rounding', () => {
    let scale = 0;
    let worst = 0;
    for (let k = 0; k < plain.beta.length; k++) {
      scale = Math.max(scale, Math.abs(plain.beta[k]));
      worst = Math.max(worst, Math.abs(fast.beta[k] - plain.beta[k]));
    }
    expect(worst / scale).toBeLessThan(1e-8);
    for (let l = 0; l < plain.a0.length; l++) {
      expect(fast.a0[l]).toBeCloseTo(plain.a0[l], 9);
      expect(fast.devRatio[l]).toBeCloseTo(plain.devRatio[l], 12);
      expect(fast.df[l]).toBe(plain.df[l]);
    }
  });
});
