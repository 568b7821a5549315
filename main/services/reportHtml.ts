/**
 * The model report's HTML (report.ts reads its inputs and writes it): ONE self-contained HTML file (inline CSS and SVG, no scripts, no external assets) that
 * documents a stored model version well enough to reproduce, judge and apply it (TRIPOD-style).
 *
 * Deterministic: the same fit document and context give the same bytes. The only time in it is the
 * stored model's creation time, passed in by the caller.
 */
import { parseHTML } from 'linkedom';
import { modelCharts, type ChartSpec } from '../../shared/charts/index';
import { renderChartSvg } from '../../shared/charts/render';
import {
  fitWarnings,
  metricsOf,
  noCutoffReason,
  SPLIT_LABEL,
  splitsPresent,
  table1Rows,
  type ChartFit,
  type RocTestEntry,
  type Table1Row,
} from '../../shared/charts/fit';
import { chosenLambdaRule } from '../../shared/charts/lasso';
import { radscoreCutoff } from '../../shared/charts/waterfall';
import {
  exact,
  performanceCells,
  performanceRows,
  PERFORMANCE_HEADERS,
  radscoreFormula,
} from '../../shared/charts/summary';
import { fixed, formatNumber, formatP } from '../../shared/charts/theme';

export type { Table1Row };

export interface ReportContext {
  softwareVersion: string;
  /** The stored model version's creation time (ISO 8601); null for a fit that was never stored. */
  createdAt: string | null;
  modelName?: string;
  /** Feature extraction: profile, preset and the full settings object. */
  extraction?: {
    profile?: string | null;
    preset?: string | null;
    settings?: unknown;
    featureSetId?: number | null;
  };
  /** Split / CV settings the model was fitted with (seeds, fractions, folds, λ rule). */
  fitSettings?: Record<string, unknown> | null;
  /** Patients per response category, when known (CR/PR/SD/PD). */
  responseCounts?: Partial<Record<'CR' | 'PR' | 'SD' | 'PD', number>>;
  /** Table 1 rows of radiomic features; default: the fit document's own `table1`. Left out when empty. */
  table1?: Table1Row[] | null;
  /** Table 1 rows of the training patients' clinical variables (see clinicalTable1Rows). Left out when empty. */
  clinicalTable1?: Table1Row[] | null;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 14px;
  line-height: 1.45; color: #222; background: #fff; margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #0072B2; }
h3 { font-size: 15px; margin: 22px 0 6px; }
.meta { color: #555; margin: 0 0 16px; }
table { border-collapse: collapse; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
#table1 td:last-child { white-space: nowrap; }
/* Long feature names break after their underscores (<wbr>); a table still wider than the column scrolls inside its section. */
.table-wrap { max-width: 100%; overflow-x: auto; }
th { background: #f3f6f9; font-weight: 600; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
pre, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
pre { background: #f6f8fa; padding: 10px 12px; overflow-x: auto; border-radius: 4px; white-space: pre-wrap; word-break: break-word; }
.formula { background: #f6f8fa; padding: 10px 12px; border-left: 3px solid #0072B2; font-family: ui-monospace, Menlo, Consolas, monospace;
  font-size: 13px; white-space: pre-wrap; }
figure { margin: 16px 0 24px; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #444; font-size: 13px; margin-top: 4px; max-width: 760px; }
.missing { color: #a33; font-style: italic; }
.warnings { border: 1px solid #e0b04a; background: #fff8e6; padding: 8px 14px; border-radius: 4px; margin: 12px 0; }
.warnings h2 { border: none; margin: 0 0 4px; padding: 0; font-size: 16px; color: #7a4b00; }
.note { color: #555; font-size: 13px; }
nav ol { columns: 2; margin: 4px 0; }
@media print { main { padding: 0; } h2 { page-break-after: avoid; } }
`;

function table(head: string[], rows: string[][], numeric: boolean[] = []): string {
  const th = head.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

function figure(spec: ChartSpec, document: Document): string {
  if (!spec.plot)
    return `<figure id="fig-${spec.id}"><h3>${esc(spec.title)}</h3><p class="missing">Not drawn: ${esc(spec.missing ?? 'no data')}.</p></figure>`;
  return `<figure id="fig-${spec.id}">\n<h3>${esc(spec.title)}</h3>\n${renderChartSvg(spec, document)}\n<figcaption>${esc(spec.caption)}</figcaption>\n</figure>`;
}

function featuresInCount(fit: ChartFit): number {
  return Array.isArray(fit.features_in) ? fit.features_in.length : fit.features_in;
}

function outlierCounts(fit: ChartFit): { train: number | null; validation: number | null } {
  const p = fit.preprocessing;
  if (typeof p.outliers_replaced === 'number') return { train: p.outliers_replaced, validation: null };
  if (p.outliers_replaced && typeof p.outliers_replaced === 'object') return p.outliers_replaced;
  return { train: p.total_outliers_train ?? null, validation: p.total_outliers_validation ?? null };
}

/** Preprocessing statistics of one feature, if the document carries them. */
function featureStats(fit: ChartFit, feature: string) {
  const p = fit.preprocessing;
  const j = p.features?.indexOf(feature) ?? -1;
  if (j < 0) return null;
  const at = (a: number[] | undefined) => (a ? a[j] : NaN);
  return {
    median: at(p.median),
    lower: at(p.lower),
    upper: at(p.upper),
    mean: at(p.clean_mean),
    sd: at(p.clean_sd),
  };
}

const TRIPOD: { item: string; topic: string; section: string | null; note?: string }[] = [
  { item: '1', topic: 'Title: development/validation, population, outcome', section: 'title' },
  {
    item: '4a, 5a',
    topic: 'Source of data, participants, eligibility',
    section: 'cohort',
    note: 'Study dates, setting and eligibility criteria are the user\u2019s to add.',
  },
  { item: '6a', topic: 'Outcome definition and how it was assessed', section: 'cohort' },
  { item: '7a', topic: 'Predictors: definition and measurement (feature extraction)', section: 'extraction' },
  { item: '8', topic: 'Sample size (n, events per group)', section: 'cohort' },
  { item: '9', topic: 'Handling of missing data and outliers', section: 'preprocessing' },
  { item: '10a', topic: 'Handling of predictors in the analysis', section: 'preprocessing' },
  { item: '10b', topic: 'Model type, predictor selection, internal validation (CV)', section: 'selection' },
  { item: '10d', topic: 'Measures of model performance', section: 'performance' },
  { item: '13a, 14a', topic: 'Participants and events in each analysis', section: 'cohort' },
  { item: '13b', topic: 'Characteristics of participants (Table 1)', section: 'table1' },
  { item: '15a', topic: 'Full model: all coefficients and the intercept', section: 'formula' },
  { item: '15b', topic: 'How to use the model for an individual', section: 'formula' },
  { item: '16', topic: 'Performance with confidence intervals', section: 'performance' },
  {
    item: '18\u201320',
    topic: 'Limitations, interpretation, implications',
    section: null,
    note: 'Discussion items: not generated.',
  },
];

function header(fit: ChartFit, ctx: ReportContext): string {
  const name = ctx.modelName ? ` \u2014 ${esc(ctx.modelName)}` : '';
  const splits = splitsPresent(fit);
  const kind = splits.includes('validation') ? 'development and internal validation' : 'development';
  return (
    `<header id="title">
<h1>Rad-score model ${esc(String(fit.model_id))}${name}</h1>
<p class="meta">Radiomics model for treatment response (effective = CR + PR vs ineffective = SD + PD): ${kind}. ` +
    `Model created ${esc(ctx.createdAt ?? 'not stored')} &middot; Radscore Studio ${esc(ctx.softwareVersion)}</p>
</header>`
  );
}

function cohortSection(fit: ChartFit, ctx: ReportContext): string {
  const rows = splitsPresent(fit).map((split) => {
    const m = metricsOf(fit, split)!;
    return [
      SPLIT_LABEL[split],
      String(m.n),
      String(m.events),
      String(m.n - m.events),
      `${fixed((100 * m.events) / m.n, 1)}%`,
    ];
  });
  const counts = ctx.responseCounts;
  const settings = ctx.fitSettings ?? fit.options ?? null;
  const countLine = counts
    ? `<p>Response categories of the modelled patients (current labels): ${(['CR', 'PR', 'SD', 'PD'] as const).map((c) => `${c} ${counts[c] ?? 0}`).join(', ')}.</p>`
    : '';
  return `<section id="cohort">
<h2>Cohort and outcome</h2>
<p>Outcome: best response after treatment, labelled CR/PR/SD/PD. <strong>Effective</strong> = complete or partial response (CR + PR), coded 1;
<strong>ineffective</strong> = stable or progressive disease (SD + PD), coded 0. The model predicts the probability of an effective response.</p>
${countLine}
${table(['Group', 'Patients', 'Effective (events)', 'Ineffective', 'Event rate'], rows, [false, true, true, true, true])}
${settings ? `<p>Split and cross-validation settings:</p>\n<pre>${esc(JSON.stringify(settings, null, 2))}</pre>` : ''}
</section>`;
}

function extractionSection(fit: ChartFit, ctx: ReportContext): string {
  const e = ctx.extraction;
  const items = [
    ['Profile', e?.profile ?? 'not recorded'],
    ['Preset', e?.preset ?? 'none'],
    [
      'Feature set',
      e?.featureSetId !== undefined && e?.featureSetId !== null ? String(e.featureSetId) : 'not recorded',
    ],
    ['Features extracted per ROI', String(featuresInCount(fit))],
  ];
  return `<section id="extraction">
<h2>Feature extraction</h2>
${table(
  ['Setting', 'Value'],
  items.map(([k, v]) => [k, esc(v)]),
)}
<p>Settings (as stored, the exact input of the extraction):</p>
<pre>${esc(JSON.stringify(e?.settings ?? null, null, 2))}</pre>
</section>`;
}

function preprocessingSection(fit: ChartFit): string {
  const o = outlierCounts(fit);
  const dropped = fit.preprocessing.dropped_features ?? fit.preprocessing.dropped ?? [];
  return `<section id="preprocessing">
<h2>Preprocessing</h2>
<p>All statistics come from the training group only and are applied unchanged to validation and new patients. Per feature:
a value outside mean &plusmn; 3 SD of the training values (strict inequalities, one pass) is an outlier and is replaced by the training median;
the feature is then z-scored with the mean and SD (n &minus; 1) of the outlier-replaced training values.</p>
${table(
  ['', 'Value'],
  [
    ['Features in', String(featuresInCount(fit))],
    ['Outliers replaced (training)', o.train === null ? 'not recorded' : String(o.train)],
    ['Outliers replaced (validation)', o.validation === null ? 'not recorded' : String(o.validation)],
    ['Dropped features', dropped.length ? esc(dropped.join(', ')) : 'none'],
  ],
)}
</section>`;
}

function selectionSection(fit: ChartFit, charts: Map<string, string>): string {
  const rule = chosenLambdaRule(fit);
  return `<section id="selection">
<h2>Feature selection (LASSO logistic regression)</h2>
<p>Binomial LASSO (glmnet conventions) on the z-scored training features, λ chosen by ${fit.lasso.cvm.length > 0 ? 'cross-validated deviance' : 'cross-validation'}:
λ min = ${exact(fit.lasso.lambda_min)}, λ 1se = ${exact(fit.lasso.lambda_1se)}. The model uses λ ${rule};
the ${fit.selected.length} features with non-zero coefficients there were refitted by ordinary logistic regression.</p>
${charts.get('lasso-path') ?? ''}
${charts.get('lasso-cv') ?? ''}
${charts.get('lasso-coefficients') ?? ''}
</section>`;
}

function formulaSection(fit: ChartFit): string {
  const formula = radscoreFormula(fit).text;
  const names = ['(Intercept)', ...fit.selected];
  // null: aliased (collinear with earlier terms), R's NA: not part of the Rad-score
  const aliasedCell = 'NA (aliased)';
  const coefRows = names.map((n) => [
    `<code>${esc(n)}</code>`,
    fit.glm.coef[n] === null ? aliasedCell : exact(fit.glm.coef[n] ?? NaN),
    fit.glm.coef[n] === null ? 'NA' : formatNumber(fit.glm.se[n] ?? NaN),
    fit.glm.coef[n] === null ? 'NA' : formatP(fit.glm.p[n] ?? NaN),
    n === '(Intercept)'
      ? ''
      : exact(fit.lasso[chosenLambdaRule(fit) === '1se' ? 'coef_1se' : 'coef_min'][n] ?? 0),
  ]);
  const statRows = fit.selected.map((f) => {
    const s = featureStats(fit, f);
    return [
      `<code>${esc(f)}</code>`,
      ...(s
        ? [s.lower, s.upper, s.median, s.mean, s.sd].map(exact)
        : ['\u2014', '\u2014', '\u2014', '\u2014', '\u2014']),
    ];
  });
  const cutoff = radscoreCutoff(fit);
  const noCutoff = noCutoffReason(fit);
  return `<section id="formula">
<h2>Rad-score formula</h2>
<p>To apply the model to a new patient: extract the same features with the same settings; for each selected feature x, replace x by the
training median if x &lt; lower or x &gt; upper; compute z = (x &minus; mean) / SD with the statistics below; then</p>
<div class="formula">${esc(formula)}</div>
<p>${noCutoff ? esc(noCutoff) : `Cut-off (training Youden threshold): probability ${exact(fit.train.threshold)}, i.e. Rad-score ${exact(cutoff)}; a patient at or above it is predicted effective.`}</p>
<h3>Coefficients (logistic refit; LASSO coefficient for comparison)</h3>
${table(['Term', 'Coefficient', 'SE', 'p (Wald)', 'LASSO coef.'], coefRows, [false, true, true, true, true])}
<h3>Preprocessing statistics of the selected features (training group)</h3>
${table(['Feature', 'Lower (mean \u2212 3 SD)', 'Upper (mean + 3 SD)', 'Median (replacement)', 'Mean (z)', 'SD (z)'], statRows, [false, true, true, true, true, true])}
</section>`;
}

function performanceSection(fit: ChartFit, charts: Map<string, string>): string {
  const splits = splitsPresent(fit);
  const rows = performanceRows(fit).map(performanceCells);
  return `<section id="performance">
<h2>Performance</h2>
${table(PERFORMANCE_HEADERS, rows, [false, true, true, true, true, true, true, true, true])}
<p class="note">Threshold, sensitivity and specificity are the Youden-optimal point of each group's own ROC curve (probability scale).
Hosmer&ndash;Lemeshow with 10 groups, df = 8.</p>
${rocTestsTable(fit)}
${charts.get('roc') ?? ''}
${charts.get('calibration') ?? ''}
${splits.map((s) => charts.get(`waterfall-${s}`) ?? '').join('\n')}
${splits.map((s) => charts.get(`decision-curve-${s}`) ?? '').join('\n')}
</section>`;
}

/** The paired DeLong comparisons the fit ran (model vs its strongest single feature; λ min vs λ 1se Rad-scores). */
function rocTestsTable(fit: ChartFit): string {
  const t = fit.roc_test;
  if (!t) return '';
  const rows: string[][] = [];
  const add = (what: string, entries: Record<string, RocTestEntry>) => {
    for (const split of splitsPresent(fit)) {
      const e = entries[split];
      if (!e) continue;
      if ('error' in e)
        rows.push([esc(what), SPLIT_LABEL[split], '\u2014', '\u2014', '\u2014', esc(e.error)]);
      else
        rows.push([
          esc(what),
          SPLIT_LABEL[split],
          fixed(e.auc1),
          fixed(e.auc2),
          fixed(e.statistic_Z, 3),
          formatP(e.p_value),
        ]);
    }
  };
  if (t.single_feature) add(`Model vs single feature ${t.single_feature}`, t.glm_vs_single_feature);
  add('LASSO Rad-score: λ min vs λ 1se', t.lasso_min_vs_lasso_1se);
  if (!rows.length) return '';
  return `<h3>Paired DeLong tests</h3>
${table(['Comparison', 'Group', 'AUC 1', 'AUC 2', 'Z', 'p'], rows, [false, false, true, true, true, true])}`;
}

/** A variable name that may break after each underscore (long A.K. names would otherwise widen the table). */
function breakable(name: string): string {
  return esc(name).replace(/_/g, '_<wbr>');
}

function table1Table(rows: Table1Row[]): string {
  return table(
    ['Variable', 'Effective', 'Ineffective', 'p', 'Test'],
    rows.map((r) => [
      breakable(r.variable),
      esc(r.effective),
      esc(r.ineffective),
      r.p === null ? '\u2014' : formatP(r.p),
      esc(r.test),
    ]),
    [false, false, false, true, false],
  );
}

function table1Section(clinical: Table1Row[], features: Table1Row[]): string {
  return `<section id="table1">
<h2>Table 1: characteristics by outcome (training group)</h2>
${
  clinical.length
    ? `<h3>Clinical variables</h3>
<p class="note">Continuous variables: mean &plusmn; SD, Welch t-test. Categorical variables: count (% of the outcome group) per level,
&chi;&sup2; test (Yates&rsquo; correction for two levels), or Fisher&rsquo;s exact test when an expected count is below 5.</p>
${table1Table(clinical)}`
    : ''
}
${
  features.length
    ? `<h3>Radiomic features</h3>
<p class="note">Mean &plusmn; SD of the raw training values by outcome.</p>
${table1Table(features)}`
    : ''
}
</section>`;
}

function tripodSection(hasTable1: boolean): string {
  const rows = TRIPOD.map((t) => {
    const present = t.section !== null && (t.section !== 'table1' || hasTable1);
    const where = present ? `<a href="#${t.section}">${t.section}</a>` : '\u2014';
    const note =
      t.section === 'table1' && !hasTable1 ? 'No clinical variables were recorded.' : (t.note ?? '');
    return [esc(t.item), esc(t.topic), where, esc(note)];
  });
  return `<section id="tripod">
<h2>TRIPOD checklist (items this report covers)</h2>
${table(['Item', 'Topic', 'Section', 'Note'], rows)}
</section>`;
}

function warningsBox(fit: ChartFit): string {
  const warnings = fitWarnings(fit);
  if (!warnings.length) return '';
  return `<aside class="warnings" id="warnings" role="note">\n<h2>Warnings</h2>\n<ul>\n${warnings.map((w) => `<li>${esc(w)}</li>`).join('\n')}\n</ul>\n</aside>`;
}

/** The report as one HTML document. */
export function renderReport(fit: ChartFit, ctx: ReportContext): string {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const charts = new Map(
    modelCharts(fit).map((spec) => [spec.id, figure(spec, document as unknown as Document)]),
  );
  const t1 = ctx.table1 ?? (fit.table1 ? table1Rows(fit.table1) : []);
  const clinical = ctx.clinicalTable1 ?? [];
  const hasTable1 = t1.length > 0 || clinical.length > 0;
  const title = `Rad-score model ${String(fit.model_id)}${ctx.modelName ? ` \u2014 ${ctx.modelName}` : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Radscore Studio ${esc(ctx.softwareVersion)}">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${header(fit, ctx)}
${warningsBox(fit)}
<nav><ol>
<li><a href="#cohort">Cohort and outcome</a></li><li><a href="#extraction">Feature extraction</a></li>
<li><a href="#preprocessing">Preprocessing</a></li><li><a href="#selection">Feature selection</a></li>
<li><a href="#formula">Rad-score formula</a></li><li><a href="#performance">Performance</a></li>
${hasTable1 ? '<li><a href="#table1">Table 1</a></li>' : ''}<li><a href="#tripod">TRIPOD checklist</a></li>
</ol></nav>
${cohortSection(fit, ctx)}
${extractionSection(fit, ctx)}
${preprocessingSection(fit)}
${selectionSection(fit, charts)}
${formulaSection(fit)}
${performanceSection(fit, charts)}
${hasTable1 ? table1Section(clinical, t1) : ''}
${tripodSection(hasTable1)}
</main>
</body>
</html>
`;
}
