/** lognet / cv.glmnet pieces on their own: out-of-fold predictions, KKT optimality, λ_max, errors. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cvLognet, lambdaInterp } from './cvlognet';
import { LognetError, lognetPath } from './lognet';
import { preprocess } from './preprocess';
import { parseFeatureTable } from './table';

const FIXTURES = new URL('../../../shared/fixtures/modeling/', import.meta.url);

function trainingMatrix(name: string) {
  const t = parseFeatureTable(readFileSync(new URL(`cases/${name}.csv`, FIXTURES), 'utf8'));
  const isTrain = (t.split ?? []).map((s) => s === 'train');
  const pp = preprocess(t.features, t.columns, isTrain);
  const rows = isTrain.map((b, i) => (b ? i : -1)).filter((i) => i >= 0);
  const n = rows.length;
  const p = pp.kept.length;
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let a = 0; a < n; a++) x[j * n + a] = pp.z[j * pp.nRows + rows[a]];
  const y = rows.map((i) => t.y[i]);
  const foldid = rows.map((i) => t.foldid?.[i] ?? 0);
  return { x, n, p, y, foldid };
}

describe('cv.glmnet out-of-fold predictions (ref/<case>_cv_preval.csv)', () => {
  for (const name of ['d_tiny', 'e_hard']) {
    it(`${name}: every fold, every λ`, () => {
      const { x, n, p, y, foldid } = trainingMatrix(name);
      const cv = cvLognet(x, n, p, y, foldid);
      const L = cv.lambda.length;
      const lines = readFileSync(new URL(`ref/${name}_cv_preval.csv`, FIXTURES), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
      expect(lines.length).toBe(n);
      let worst = 0;
      lines.forEach((line, i) => {
        const v = line.split(',');
        expect(Number(v[1])).toBe(foldid[i]);
        for (let l = 0; l < L; l++)
          worst = Math.max(worst, Math.abs(Number(v[2 + l]) - cv.preval[i * L + l]));
      });
      expect(worst).toBeLessThan(1e-6);
    });
  }
});

describe('lognet optimality', () => {
  it('KKT residuals at λ.min are at least as small as glmnet’s default solution (d_tiny)', () => {
    const ref = JSON.parse(readFileSync(new URL('ref/d_tiny.json', FIXTURES), 'utf8'));
    const { x, n, p, y } = trainingMatrix('d_tiny');
    const path = lognetPath(x, n, p, y);
    const l = ref.glmnet.index_min - 1;
    const lam = path.lambda[l];
    const eta = new Float64Array(n).fill(path.a0[l]);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) eta[i] += x[j * n + i] * path.beta[l * p + j];
    const r = y.map((yi, i) => yi - 1 / (1 + Math.exp(-eta[i])));
    let act = 0;
    let inact = 0;
    for (let j = 0; j < p; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += x[j * n + i] / n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (x[j * n + i] - m) ** 2 / n;
      const s = Math.sqrt(v);
      let g = 0;
      for (let i = 0; i < n; i++) g += ((x[j * n + i] - m) / s) * r[i];
      g /= n;
      const bt = path.beta[l * p + j] * s;
      if (bt !== 0) act = Math.max(act, Math.abs(g - lam * Math.sign(bt)) / lam);
      else inact = Math.max(inact, Math.max(0, Math.abs(g) - lam) / lam);
    }
    const kkt = ref.glmnet.kkt_at_lambda_min;
    expect(act).toBeLessThanOrEqual(kkt.max_violation_active * 1.0001);
    expect(inact).toBeLessThanOrEqual(kkt.max_violation_inactive + 1e-12);
    expect(act).toBeLessThan(1e-3);
  });

  it('λ_max is the largest standardised gradient at β = 0', () => {
    const ref = JSON.parse(readFileSync(new URL('ref/c_tall.json', FIXTURES), 'utf8'));
    const { x, n, p, y } = trainingMatrix('c_tall');
    const path = lognetPath(x, n, p, y);
    expect(Math.abs(path.lambda[0] / ref.glmnet.lambda_max_by_hand - 1)).toBeLessThan(1e-14);
    expect(path.lambda.length).toBe(82); // early stop (dev.ratio gain < 1e-5)
  });
});

describe('lognet input errors', () => {
  it('rejects a class with one observation, NA in x, and non-0/1 y', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(() => lognetPath(x, 10, 1, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toThrow(LognetError);
    expect(() => lognetPath(x, 10, 1, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toThrow(/1 or 0 observations/);
    const xn = Float64Array.from([1, 2, NaN, 4, 5, 6, 7, 8, 9, 10]);
    expect(() => lognetPath(xn, 10, 1, [1, 1, 0, 0, 1, 0, 1, 0, 1, 0])).toThrow(/missing values/);
    expect(() => lognetPath(x, 10, 1, [2, 1, 0, 0, 1, 0, 1, 0, 1, 0])).toThrow(/0\/1/);
  });

  it('rejects lambda.min.ratio ≥ 1 with glmnet’s message (it used to index an empty user λ)', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const y = [1, 1, 0, 0, 1, 0, 1, 0, 1, 0];
    expect(() => lognetPath(x, 10, 1, y, { lambdaMinRatio: 1 })).toThrow(
      /lambda.min.ratio should be less than 1/,
    );
  });

  it('a constant column stays at 0 on the whole path', () => {
    const n = 40;
    const x = new Float64Array(n * 2);
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      x[i] = Math.sin(i * 1.7) + (i % 2) * 0.8;
      x[n + i] = 3.5;
      y.push(i % 2);
    }
    const path = lognetPath(x, n, 2, y);
    expect(path.constant).toEqual([false, true]);
    for (let l = 0; l < path.lambda.length; l++) expect(path.beta[l * 2 + 1]).toBe(0);
  });
});

describe('lambdaInterp (glmnet lambda.interp)', () => {
  it('exact path values give their own column; between values interpolates; outside clamps', () => {
    const lam = [1, 0.5, 0.25];
    expect(lambdaInterp(lam, [0.5])[0]).toEqual({ left: 1, right: 1, frac: 1 });
    const mid = lambdaInterp(lam, [0.375])[0];
    expect(mid.left).toBe(1);
    expect(mid.right).toBe(2);
    expect(mid.frac).toBeCloseTo(0.5, 15);
    expect(lambdaInterp(lam, [2])[0]).toEqual({ left: 0, right: 0, frac: 1 });
    expect(lambdaInterp(lam, [0.01])[0]).toEqual({ left: 2, right: 2, frac: 1 });
  });
});
