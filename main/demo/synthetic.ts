/**
 * The built-in synthetic demo cohort: T2-weighted-like head MR volumes, each with one nasopharyngeal
 * "tumour", a response label and clinical variables. Pure: volumes and masks in memory, deterministic
 * in the seed. Writing DICOM / CSV happens in writeCohort.ts.
 *
 * Ground truth, so that the pipeline has something real to find: each patient has a latent tumour
 * heterogeneity h ~ N(0, 1). Heterogeneous tumours (large h) get a rougher texture (more contrast
 * between cellular and necrotic-like regions) and respond worse: a patient responds when
 * 0.4 − 1.6 h + ε is high, ε logistic noise (the latent form of P(effective) = logistic(0.4 − 1.6 h)).
 * Texture features such as stdDeviation, Inertia or ClusterProminence should therefore predict the
 * outcome, with realistic noise (AUC below 1).
 *
 * Balanced by construction, so that small cohorts fit and validate whatever the seed: h is drawn
 * stratified over the cohort (one draw per N-quantile stratum, strata shuffled over patients), and the
 * `effectiveCount` patients with the highest 0.4 − 1.6 h + ε respond (about 55%, at least 4 of each class),
 * rather than each outcome being an independent coin whose count varies from draw to draw.
 */
import type { MaskVolume, Vec3, Volume } from '../../shared/image/volume';
import { mulberry32 } from '../../shared/random';

export { mulberry32 };

export type Response = 'CR' | 'PR' | 'SD' | 'PD';

export interface DemoPatient {
  patientId: string;
  patientName: string;
  birthDate: string;
  sex: 'M' | 'F';
  age: number;
  tStage: number;
  nStage: number;
  ebvDna: number;
  heterogeneity: number;
  response: Response;
  image: Volume;
  tumour: MaskVolume;
}

export interface DemoCohortOptions {
  patients: number;
  seed: number;
  /** In-plane matrix (square) and slice count. */
  matrix: number;
  slices: number;
}

export const DEFAULT_DEMO_OPTIONS: DemoCohortOptions = {
  patients: 40,
  seed: 20261126,
  matrix: 256,
  slices: 24,
};

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * In-place separable box blur (radius r voxels, edge windows truncated) of a 3D field, by running sums so
 * that the cost does not grow with r; three passes approximate a Gaussian.
 */
function boxBlur3d(field: Float32Array, size: Vec3, r: number): void {
  const [nx, ny, nz] = size;
  const tmp = new Float32Array(Math.max(nx, ny, nz));
  const strides = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const n = size[axis];
    const stride = strides[axis];
    const others = [0, 1, 2].filter((a) => a !== axis);
    for (let b = 0; b < size[others[1]]; b++) {
      for (let a = 0; a < size[others[0]]; a++) {
        const base = a * strides[others[0]] + b * strides[others[1]];
        // window [t − r, t + r] ∩ [0, n − 1]
        let s = 0;
        for (let u = 0; u < Math.min(r, n - 1) + 1; u++) s += field[base + u * stride];
        for (let t = 0; t < n; t++) {
          const lo = Math.max(0, t - r);
          const hi = Math.min(n - 1, t + r);
          tmp[t] = s / (hi - lo + 1);
          if (t + r + 1 < n) s += field[base + (t + r + 1) * stride];
          if (t - r >= 0) s -= field[base + (t - r) * stride];
        }
        for (let t = 0; t < n; t++) field[base + t * stride] = tmp[t];
      }
    }
  }
}

/** Gaussian noise source: Box–Muller, both values of each pair used. */
function gaussianSource(rand: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    const radius = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12)));
    const angle = 2 * Math.PI * rand();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/**
 * Fast Gaussian noise for the per-voxel noise floor: draws from a fixed table of 65,536 standard-normal
 * values (built once, seeded), indexed by the patient's own generator: one uniform draw per voxel instead of
 * Box–Muller's log/sqrt/cos, and indistinguishable at the 12-unit noise level it is used for.
 */
let normalTable: Float32Array | null = null;
function tableNormal(rand: () => number): () => number {
  if (!normalTable) {
    const source = gaussianSource(mulberry32(0x5eed));
    normalTable = Float32Array.from({ length: 65536 }, source);
  }
  const table = normalTable;
  return () => table[(rand() * 65536) | 0];
}

function smoothNoise(normal: () => number, size: Vec3, radius: number): Float32Array {
  const f = new Float32Array(size[0] * size[1] * size[2]);
  for (let n = 0; n < f.length; n++) f[n] = normal();
  for (let pass = 0; pass < 3; pass++) boxBlur3d(f, size, radius);
  let ss = 0;
  for (const v of f) ss += v * v;
  const sd = Math.sqrt(ss / f.length) || 1;
  for (let n = 0; n < f.length; n++) f[n] /= sd;
  return f;
}

/**
 * Inverse standard normal CDF, Acklam's rational approximation (relative error < 1.2e-9, ample here).
 * Used to place one heterogeneity draw in each quantile stratum.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * Slope of the latent response on heterogeneity. 3.0 against logistic noise (SD π/√3 ≈ 1.8) gives a
 * latent correlation of about 0.85: a clear but imperfect signal, so that a 40-patient demo selects features
 * and validates with an AUC well below 1.
 */
export const RESPONSE_SLOPE = 3.0;

/** Responders in a cohort of n: about 55%, and at least 4 of each class once n ≥ 8 (a stratified split then has both in each group). */
export function effectiveCount(n: number): number {
  const target = Math.round(0.55 * n);
  return n >= 8 ? Math.min(n - 4, Math.max(4, target)) : target;
}

export interface DemoLatent {
  heterogeneity: number;
  effective: boolean;
}

const latentCache = new Map<string, DemoLatent[]>();

/** Every patient's heterogeneity h and outcome class, for the whole cohort (deterministic in seed and size). */
export function demoLatents(opts: Pick<DemoCohortOptions, 'patients' | 'seed'>): DemoLatent[] {
  const key = `${opts.seed}/${opts.patients}`;
  const cached = latentCache.get(key);
  if (cached) return cached;
  const n = opts.patients;
  const rand = mulberry32((opts.seed ^ 0x1a7e47) * 31 + n);
  // Stratified h: stratum s ∈ 0…n−1 gets one draw in [s/n, (s+1)/n); strata are shuffled over patients.
  const strata = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [strata[i], strata[j]] = [strata[j], strata[i]];
  }
  const h = strata.map((s) => normalQuantile((s + Math.min(Math.max(rand(), 1e-9), 1 - 1e-9)) / n));
  // Latent response 0.4 − 1.6 h + ε, ε ~ logistic(0, 1); the highest effectiveCount(n) respond.
  const score = h.map((v) => {
    const u = Math.min(Math.max(rand(), 1e-12), 1 - 1e-12);
    return 0.4 - RESPONSE_SLOPE * v + Math.log(u / (1 - u));
  });
  const order = score.map((_, i) => i).sort((x, y) => score[y] - score[x]);
  const effective = new Array<boolean>(n).fill(false);
  for (const i of order.slice(0, effectiveCount(n))) effective[i] = true;
  const latents = h.map((v, i) => ({ heterogeneity: v, effective: effective[i] }));
  if (latentCache.size > 16) latentCache.clear();
  latentCache.set(key, latents);
  return latents;
}

function responseFor(rand: () => number, effective: boolean): Response {
  if (effective) return rand() < 0.35 ? 'CR' : 'PR';
  return rand() < 0.7 ? 'SD' : 'PD';
}

/** One patient's volume and tumour mask. */
export function makeDemoPatient(index: number, opts: DemoCohortOptions): DemoPatient {
  const rand = mulberry32(opts.seed * 1000003 + index * 7919);
  const n = opts.matrix;
  const nz = opts.slices;
  const spacing: Vec3 = [220 / n, 220 / n, 4];
  const size: Vec3 = [n, n, nz];
  if (!Number.isInteger(index) || index < 0 || index >= opts.patients)
    throw new Error(`patient index ${index} is outside the cohort of ${opts.patients}`);
  const latent = demoLatents(opts)[index];
  const h = latent.heterogeneity;
  const response = responseFor(rand, latent.effective);
  const age = Math.round(48 + 11 * gaussian(rand));
  const sex: 'M' | 'F' = rand() < 0.72 ? 'M' : 'F';
  const tStage = 1 + Math.min(3, Math.floor(rand() * 3 + (h > 0.5 ? 1 : 0)));
  const nStage = Math.min(3, Math.floor(rand() * 4));
  const ebvDna = Math.round(Math.exp(7 + 1.5 * gaussian(rand) + 0.4 * h));

  // Head: a T2-like ellipse (fat/CSF bright rim, muscle mid-grey) with a smooth bias field.
  const normal = gaussianSource(rand);
  const data = new Float32Array(n * n * nz);
  const bias = smoothNoise(normal, [32, 32, 8], 3);
  const cx = n / 2 + (rand() - 0.5) * 8;
  const cy = n / 2 + (rand() - 0.5) * 8;
  // Tumour: an ellipsoid in the nasopharynx (slightly posterior of centre), 12–24 mm semi-axes.
  const tr: Vec3 = [12 + 10 * rand(), 10 + 8 * rand(), 10 + 10 * rand()]; // mm
  const tc: Vec3 = [cx + (rand() - 0.5) * 10, cy + 10 + rand() * 8, nz / 2 + (rand() - 0.5) * 3];
  const tumour = new Uint8Array(n * n * nz);
  // The tumour's box (lobes reach 1.12 × the semi-axes), clipped to the grid: texture is only needed there.
  const lo = [0, 1, 2].map((a) => Math.max(0, Math.floor(tc[a] - (1.12 * tr[a]) / spacing[a]) - 1));
  const hi = [0, 1, 2].map((a) => Math.min(size[a] - 1, Math.ceil(tc[a] + (1.12 * tr[a]) / spacing[a]) + 1));
  const box: Vec3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  // Texture inside the tumour: a smooth field whose contrast and grain follow h.
  const grain = h > 0 ? 1 : 2;
  const texture = smoothNoise(normal, box, grain);
  const contrast = Math.max(25, 70 + 45 * h);
  const rowPattern = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 9));
  const columnPattern = Float64Array.from({ length: n }, (_, j) => Math.cos(j / 11));
  const noiseFloor = tableNormal(rand);
  const biasIndex = (t: number, count: number, cells: number) =>
    Math.min(cells - 1, Math.floor((t / count) * cells));
  for (let k = 0; k < nz; k++) {
    const bk = biasIndex(k, nz, 8);
    for (let j = 0; j < n; j++) {
      const bj = biasIndex(j, n, 32);
      const ey = (j - cy) / (n * 0.46);
      const inBoxJK = j >= lo[1] && j <= hi[1] && k >= lo[2] && k <= hi[2];
      for (let i = 0; i < n; i++) {
        const v = i + n * (j + n * k);
        const ex = (i - cx) / (n * 0.4);
        const r2 = ex * ex + ey * ey;
        let value = 0;
        if (r2 < 1) {
          const b = bias[biasIndex(i, n, 32) + 32 * (bj + 32 * bk)];
          value = (r2 > 0.85 ? 900 : 380 + 60 * rowPattern[i] * columnPattern[j]) * (1 + 0.06 * b);
        }
        if (inBoxJK && i >= lo[0] && i <= hi[0]) {
          const dx = ((i - tc[0]) * spacing[0]) / tr[0];
          const dy = ((j - tc[1]) * spacing[1]) / tr[1];
          const dz = ((k - tc[2]) * spacing[2]) / tr[2];
          const lobes = 1 + 0.12 * Math.sin(3 * Math.atan2(dy, dx));
          if (dx * dx + dy * dy + dz * dz < lobes * lobes) {
            tumour[v] = 1;
            value = 620 + contrast * texture[i - lo[0] + box[0] * (j - lo[1] + box[1] * (k - lo[2]))];
          }
        }
        value += 12 * noiseFloor(); // Rician-like noise floor, approximated as Gaussian
        data[v] = Math.max(0, Math.round(value));
      }
    }
  }
  const geometry = {
    size,
    spacing,
    origin: [-110, -110, -48] as Vec3,
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const id = `NPC${String(index + 1).padStart(3, '0')}`;
  const birthYear = 2026 - age;
  return {
    patientId: id,
    patientName: `Demo^Patient${String(index + 1).padStart(3, '0')}`,
    birthDate: `${birthYear}0${1 + (index % 9)}15`,
    sex,
    age,
    tStage,
    nStage,
    ebvDna,
    heterogeneity: h,
    response,
    image: { ...geometry, data },
    tumour: {
      ...geometry,
      size: [...size] as Vec3,
      spacing: [...spacing] as Vec3,
      origin: [...geometry.origin] as Vec3,
      direction: [...geometry.direction],
      data: tumour,
    },
  };
}

/** Patients one at a time, so a 1,000-patient cohort never sits in memory whole. */
export function* demoCohort(opts: DemoCohortOptions = DEFAULT_DEMO_OPTIONS): Generator<DemoPatient> {
  for (let p = 0; p < opts.patients; p++) yield makeDemoPatient(p, opts);
}
