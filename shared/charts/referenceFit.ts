/**
 * Builds a `ChartFit` from the R reference of the modelling fixtures (`fixtures/modeling/ref/<case>.json` and
 * `<case>_path.csv`): R's own numbers for the paper pipeline, so the charts and the report can be checked
 * against them before (and independently of) our TypeScript fit. Pure: the caller reads the files.
 */
import {
  table1Rows,
  type CalibrationRow,
  type ChartFit,
  type CoefficientPath,
  type ScoreRow,
  type SplitMetrics,
  type Table1Row,
  type Table1Stats,
} from './fit';

interface NamedValues {
  names: string[];
  values: number[];
}
interface RocRef {
  auc: number;
  ci_delong: { lower: number; upper: number };
  youden_best: { threshold: number[]; sensitivity: number[]; specificity: number[] };
}
interface CalibrationRef {
  brier: number;
  hosmer_lemeshow: { p_value: number; groups: CalibrationRow[] };
}
/** The fields of `ref/<case>.json` read here. */
export interface ReferenceJson {
  case: string;
  table1?: { columns: string[]; stats: Record<string, Table1Stats> };
  meta: { n_train: number; n_validation: number; events_train: number; events_validation: number; p: number };
  preprocessing: {
    features: string[];
    median: number[];
    lower: number[];
    upper: number[];
    clean_mean: number[];
    clean_sd: number[];
    dropped_features: string[];
    total_outliers_train: number;
    total_outliers_validation: number;
  };
  glmnet: {
    lambda: number[];
    cvm: number[];
    cvsd: number[];
    nzero: number[];
    lambda_min: number;
    lambda_1se: number;
    coef_lambda_min: NamedValues;
    coef_lambda_1se: NamedValues;
  };
  glm: {
    features: string[];
    names: string[];
    estimate: number[];
    std_error: number[];
    p_value: number[];
    converged: boolean;
    warnings: string[];
  };
  radscore: {
    id: string[];
    split: string[];
    y: number[];
    lasso_lambda_min: number[];
    glm_link: number[];
    glm_prob: number[];
  };
  roc: Record<string, { glm_prob: RocRef } | undefined>;
  roc_test?: ChartFit['roc_test'];
  calibration: Record<string, CalibrationRef | undefined>;
}

function record(names: string[], values: number[]): Record<string, number> {
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

/** Parses `<case>_path.csv` (lambda, (Intercept), features…) into the fit document's sparse path form. */
export function parsePathCsv(text: string): CoefficientPath & { lambda: number[] } {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(',');
  if (header[0] !== 'lambda' || header[1] !== '(Intercept)')
    throw new Error('path CSV: expected columns lambda,(Intercept),features…');
  const features = header.slice(2);
  const lambda: number[] = [];
  const a0: number[] = [];
  const beta: Record<string, number>[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',').map(Number);
    lambda.push(cells[0]);
    a0.push(cells[1]);
    const row: Record<string, number> = {};
    features.forEach((f, j) => {
      if (cells[j + 2] !== 0) row[f] = cells[j + 2];
    });
    beta.push(row);
  }
  return { lambda, a0, beta };
}

function pathOf(parsed: CoefficientPath & { lambda: number[] }, lambda: number[]): CoefficientPath {
  if (parsed.lambda.length !== lambda.length)
    throw new Error(`path CSV has ${parsed.lambda.length} λ, the reference ${lambda.length}`);
  return { a0: parsed.a0, beta: parsed.beta };
}

function splitMetrics(ref: ReferenceJson, split: 'train' | 'validation'): SplitMetrics | null {
  const roc = ref.roc[split]?.glm_prob;
  const cal = ref.calibration[split];
  if (!roc || !cal) return null;
  const n = split === 'train' ? ref.meta.n_train : ref.meta.n_validation;
  const events = split === 'train' ? ref.meta.events_train : ref.meta.events_validation;
  return {
    n,
    events,
    auc: roc.auc,
    auc_ci: [roc.ci_delong.lower, roc.ci_delong.upper],
    threshold: roc.youden_best.threshold[0],
    sensitivity: roc.youden_best.sensitivity[0],
    specificity: roc.youden_best.specificity[0],
    hosmer_lemeshow_p: cal.hosmer_lemeshow.p_value,
    brier: cal.brier,
    calibration: cal.hosmer_lemeshow.groups,
  };
}

export function fitFromReference(ref: ReferenceJson, pathCsv?: string): ChartFit {
  const train = splitMetrics(ref, 'train');
  if (!train) throw new Error(`reference ${ref.case}: no training ROC/calibration`);
  const r = ref.radscore;
  const scores: ScoreRow[] = r.id.map((id, i) => ({
    id,
    split: r.split[i],
    y: r.y[i],
    radscore_lasso: r.lasso_lambda_min[i],
    radscore: r.glm_link[i],
    probability: r.glm_prob[i],
  }));
  const p = ref.preprocessing;
  return {
    model_id: `reference:${ref.case}`,
    features_in: p.features.length,
    preprocessing: {
      dropped_features: p.dropped_features,
      total_outliers_train: p.total_outliers_train,
      total_outliers_validation: p.total_outliers_validation,
      features: p.features,
      median: p.median,
      lower: p.lower,
      upper: p.upper,
      clean_mean: p.clean_mean,
      clean_sd: p.clean_sd,
    },
    lasso: {
      lambda: ref.glmnet.lambda,
      cvm: ref.glmnet.cvm,
      cvsd: ref.glmnet.cvsd,
      nzero: ref.glmnet.nzero,
      lambda_min: ref.glmnet.lambda_min,
      lambda_1se: ref.glmnet.lambda_1se,
      coef_min: record(ref.glmnet.coef_lambda_min.names, ref.glmnet.coef_lambda_min.values),
      coef_1se: record(ref.glmnet.coef_lambda_1se.names, ref.glmnet.coef_lambda_1se.values),
      ...(pathCsv ? { path: pathOf(parsePathCsv(pathCsv), ref.glmnet.lambda) } : {}),
    },
    selected: ref.glm.features,
    glm: {
      coef: record(ref.glm.names, ref.glm.estimate),
      se: record(ref.glm.names, ref.glm.std_error),
      p: record(ref.glm.names, ref.glm.p_value),
      converged: ref.glm.converged,
      warnings: ref.glm.warnings,
    },
    train,
    validation: splitMetrics(ref, 'validation'),
    scores,
    ...(ref.roc_test ? { roc_test: ref.roc_test } : {}),
  };
}

/** Table 1 rows (mean ± SD by outcome, Welch t-test p) from the reference's `table1` section. */
export function table1FromReference(table1: {
  columns: string[];
  stats: Record<string, Table1Stats>;
}): Table1Row[] {
  return table1Rows(Object.fromEntries(table1.columns.map((c) => [c, table1.stats[c]])));
}
