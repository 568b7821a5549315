/**
 * cv.glmnet timing for `npm run bench`: CV LASSO alone on a generated matrix shaped like the fixtures'
 * r/timing.R cases, or on a feature table's preprocessed training rows, CPU and wall time.
 */
import { cvLognet } from '../../shared/modeling/cvlognet';
import { preprocess } from '../../shared/modeling/preprocess';
import { mulberry32, stratifiedFolds } from '../../shared/modeling/split';
import { parseFeatureTable } from '../../shared/modeling/table';

/**
 * Benchmark entry: times cv.glmnet alone (full path + K fold paths, nlambda 100) on a synthetic training
 * matrix shaped like fixtures' r/timing.R "large" case: standard-normal features in correlated blocks of 8
 * (one shared factor, ρ = 0.5), outcome from 5 signal features of distinct blocks with β = (1.5, −1.3, 1.2,
 * −1.0, 0.9) and prevalence ≈ 0.4, columns z-scored. R's figure for its 1000 × 1500 case: 3.55 s CPU.
 * Returns the median CPU and wall seconds of `reps` runs after one warm-up.
 */
export function benchmarkCvLognet(
  n: number,
  p: number,
  opts: { seed?: number; reps?: number; folds?: number } = {},
): {
  n: number;
  p: number;
  events: number;
  wallSeconds: number;
  cpuSeconds: number;
  nLambda: number;
  indexMin: number;
  selectedAtMin: number;
} {
  const rnd = mulberry32(opts.seed ?? 9009);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-300))) * Math.cos(2 * Math.PI * rnd());
  const x = new Float64Array(n * p);
  const block = 8;
  const rho = 0.5;
  for (let b = 0; b * block < p; b++) {
    const factor = Array.from({ length: n }, gauss);
    for (let j = b * block; j < Math.min(p, (b + 1) * block); j++) {
      for (let i = 0; i < n; i++) x[j * n + i] = Math.sqrt(rho) * factor[i] + Math.sqrt(1 - rho) * gauss();
    }
  }
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[j * n + i] / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[j * n + i] - m) ** 2 / (n - 1);
    const s = Math.sqrt(v);
    for (let i = 0; i < n; i++) x[j * n + i] = (x[j * n + i] - m) / s;
  }
  const beta = [1.5, -1.3, 1.2, -1.0, 0.9];
  const signal = beta.map((_, k) => Math.min(p - 1, k * block * 3));
  const lin = Array.from({ length: n }, (_, i) => beta.reduce((a, b, k) => a + b * x[signal[k] * n + i], 0));
  // intercept so that the mean probability is 0.4 (bisection)
  let lo = -10;
  let hi = 10;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    const mp = lin.reduce((a, l) => a + 1 / (1 + Math.exp(-(mid + l))), 0) / n;
    if (mp < 0.4) lo = mid;
    else hi = mid;
  }
  const y = lin.map((l) => (rnd() < 1 / (1 + Math.exp(-(lo + l))) ? 1 : 0));
  const foldid = stratifiedFolds(y, opts.folds ?? 10, 1);
  const reps = opts.reps ?? 3;
  cvLognet(x, n, p, y, foldid);
  const wall: number[] = [];
  const cpu: number[] = [];
  let last = cvLognet(x, n, p, y, foldid);
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = cvLognet(x, n, p, y, foldid);
    wall.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const med = (a: number[]) => [...a].sort((u, v) => u - v)[Math.floor(a.length / 2)];
  return {
    n,
    p,
    events: y.reduce<number>((a, b) => a + b, 0),
    wallSeconds: med(wall),
    cpuSeconds: med(cpu),
    nLambda: last.lambda.length,
    indexMin: last.indexMin + 1,
    selectedAtMin: last.path.df[last.indexMin],
  };
}

/**
 * Benchmark entry on a feature table (e.g. fixtures' a_paper.csv): preprocessing as the pipeline, then
 * times cv.glmnet alone with the table's split and foldid (R's anchor for a_paper: 0.155 s CPU).
 */
export function benchmarkCvOnCsv(
  csv: string,
  reps = 5,
): { n: number; p: number; wallSeconds: number; cpuSeconds: number; indexMin: number } {
  const t = parseFeatureTable(csv);
  if (!t.split || !t.foldid) throw new Error('the benchmark table needs split and foldid columns');
  const isTrain = t.split.map((s) => s === 'train');
  const pp = preprocess(t.features, t.columns, isTrain);
  const rows = isTrain.map((b, i) => (b ? i : -1)).filter((i) => i >= 0);
  const n = rows.length;
  const p = pp.kept.length;
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let a = 0; a < n; a++) x[j * n + a] = pp.z[j * pp.nRows + rows[a]];
  const y = rows.map((i) => t.y[i]);
  const foldid = rows.map((i) => t.foldid?.[i] ?? 0);
  let last = cvLognet(x, n, p, y, foldid);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = cvLognet(x, n, p, y, foldid);
    wall.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const med = (a: number[]) => [...a].sort((u, v) => u - v)[Math.floor(a.length / 2)];
  return { n, p, wallSeconds: med(wall), cpuSeconds: med(cpu), indexMin: last.indexMin + 1 };
}
