/** Props of a fully populated Models screen built from a reference fit: for the component test and screenshots. */
import type { ChartFit } from '../../../shared/charts/fit';
import { compareOnValidation } from './compare';
import type { ModelScreenProps } from './ModelScreen';
import { DEFAULT_FIT_SETTINGS } from './settings';
import { versionItem } from './versions';

/** The same fit with another score as its "probability" (ROC comparisons only use ranks). */
export function withScores(fit: ChartFit, score: number[], id: number): ChartFit {
  return { ...fit, model_id: id, scores: fit.scores.map((s, i) => ({ ...s, probability: score[i] })) };
}

export function referenceScreenProps(fit: ChartFit, radscore: { lasso_lambda_min: number[]; lasso_lambda_1se: number[] }, doc: Document): ModelScreenProps {
  const a = { ...fit, model_id: 1 };
  const versions = [
    versionItem({ id: 1, name: 'paper λmin', createdAt: '2026-11-26T20:00:00.000Z', softwareVersion: '0.1.0' }, a),
    versionItem({ id: 2, name: 'λ1se', createdAt: '2026-11-26T20:05:00.000Z', softwareVersion: '0.1.0' }, { ...a, options: { lambda: '1se' } }),
  ];
  const cmp = compareOnValidation(withScores(fit, radscore.lasso_lambda_min, 1), withScores(fit, radscore.lasso_lambda_1se, 2));
  const noop = () => undefined;
  const p3 = fit.scores.find((s) => s.split === 'validation')!;
  return {
    settings: DEFAULT_FIT_SETTINGS,
    onSettingsChange: noop,
    onFit: noop,
    fitting: false,
    labelledPatients: 142,
    versions,
    selectedId: 1,
    onSelect: noop,
    fit: a,
    comparison: { a: 1, b: 2, result: cmp, error: null },
    onCompare: noop,
    patients: fit.scores.map((s) => s.id),
    prediction: { patientId: p3.id, radscore: p3.radscore, probability: p3.probability },
    onPredict: noop,
    doc,
  };
}
