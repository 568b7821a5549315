/**
 * A model version's fit settings as a table a reader can check ("Training fraction: 0.676 — 96 of 142
 * patients"), instead of raw JSON ("train_fraction": 0.676056338028169). The JSON stays available for
 * reproduction (the report keeps it in a collapsed block).
 */
import type { ChartFit } from './fit';
import { fixed } from './theme';

export interface SettingRow {
  setting: string;
  value: string;
}

const LAMBDA_RULE: Record<string, string> = {
  min: 'λ min (the lowest cross-validated deviance)',
  '1se': 'λ 1se (the largest λ within 1 SD of the lowest deviance: fewer features)',
};

/** Every stored setting as a row, known ones in words, in a fixed order; unknown keys last, as given. */
export function fitSettingsRows(settings: Record<string, unknown>, fit?: ChartFit): SettingRow[] {
  const rows: SettingRow[] = [];
  const seen = new Set<string>();
  const add = (key: string, setting: string, value: (v: unknown) => string | null) => {
    if (!(key in settings)) return;
    seen.add(key);
    const v = value(settings[key]);
    if (v !== null) rows.push({ setting, value: v });
  };
  const text = (v: unknown) => (v === null || v === undefined ? '—' : String(v));
  add('feature_set_id', 'Feature set', (v) => `#${text(v)}`);
  add('profile', 'Feature profile', text);
  add('preset', 'Extraction preset', text);
  add('feature_set_settings_hash', 'Extraction settings (hash)', (v) =>
    typeof v === 'string' ? `${v.slice(0, 12)}…` : text(v),
  );
  add('roi', 'ROI', (v) => (v === null ? 'any ROI name' : `"${text(v)}"`));
  add('roi_rule', 'ROI rule', text);
  add('timepoint', 'Response timepoint', (v) => (v === null ? 'each patient’s latest assessment' : text(v)));
  add('outcome_rule', 'Outcome', text);
  add('train_fraction', 'Training fraction', (v) => {
    if (typeof v !== 'number') return text(v);
    const n = fit && 'n' in fit ? (fit as { n?: { train?: number; total?: number } }).n : undefined;
    const counts =
      n?.train !== undefined && n.total !== undefined ? ` \u2014 ${n.train} of ${n.total} patients` : '';
    return `${fixed(v, 3)}${counts}`;
  });
  add('stratified', 'Split', (v) => (v ? 'stratified by outcome' : 'not stratified'));
  add('split_seed', 'Split seed', text);
  add('folds', 'Cross-validation folds', text);
  add('fold_seed', 'Fold seed', text);
  add('lambda', 'Penalty (λ) rule', (v) => LAMBDA_RULE[String(v)] ?? text(v));
  for (const [key, v] of Object.entries(settings)) {
    if (seen.has(key)) continue;
    rows.push({ setting: key, value: typeof v === 'string' ? v : JSON.stringify(v) });
  }
  return rows;
}
