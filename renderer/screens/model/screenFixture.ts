/** Props of a fully populated Models screen built from a reference fit: for the component test and screenshots. */
import type { ChartFit } from '../../../shared/charts/fit';
import { clinicalTable1Rows } from '../../../shared/charts/table1';
import { compareOnValidation } from './compare';
import type { ModelScreenProps } from './ModelScreen';
import { DEFAULT_FIT_SETTINGS } from './settings';
import { versionItem } from './versions';

/** The same fit with another score as its "probability" (ROC comparisons only use ranks). */
export function withScores(fit: ChartFit, score: number[], id: number): ChartFit {
  return { ...fit, model_id: id, scores: fit.scores.map((s, i) => ({ ...s, probability: score[i] })) };
}

export function referenceScreenProps(
  fit: ChartFit,
  radscore: { lasso_lambda_min: number[]; lasso_lambda_1se: number[] },
  doc: Document,
): ModelScreenProps {
  const a = { ...fit, model_id: 1 };
  const versions = [
    versionItem(
      { id: 1, name: 'paper λmin', createdAt: '2026-11-26T20:00:00.000Z', softwareVersion: '0.1.0' },
      a,
    ),
    versionItem(
      { id: 2, name: 'λ1se', createdAt: '2026-11-26T20:05:00.000Z', softwareVersion: '0.1.0' },
      { ...a, options: { lambda: '1se' } },
    ),
  ];
  const cmp = compareOnValidation(
    withScores(fit, radscore.lasso_lambda_min, 1),
    withScores(fit, radscore.lasso_lambda_1se, 2),
  );
  const noop = () => undefined;
  const p3 = fit.scores.find((s) => s.split === 'validation')!;
  // Synthetic clinical variables of the training patients: a continuous, a two-level and a four-level one.
  const clinical = fit.scores
    .filter((s) => s.split === 'train')
    .map((s, i) => ({
      y: s.y,
      clinical: {
        age: 45 + ((i * 7) % 23) + 3 * s.y,
        sex: i % 3 === 0 ? 'F' : 'M',
        t_stage: `T${1 + (i % 4)}`,
      },
    }));
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
    clinicalTable1: clinicalTable1Rows(clinical),
    comparison: { a: 1, b: 2, result: cmp, error: null },
    onCompare: noop,
    patients: fit.scores.map((s) => s.id),
    prediction: { patientId: p3.id, radscore: p3.radscore, probability: p3.probability },
    onPredict: noop,
    doc,
  };
}
