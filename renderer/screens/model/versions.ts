/** Model version list items, built from a stored version's metadata and its fit document. */
import type { ChartFit } from '../../../shared/charts/fit';
import { chosenLambdaRule } from '../../../shared/charts/lasso';

export interface ModelVersionItem {
  id: number;
  name: string;
  createdAt: string;
  softwareVersion: string;
  nSelected: number;
  lambdaRule: 'min' | '1se';
  trainAuc: number;
  validationAuc: number | null;
  validationAucCi: number[] | null;
  validationN: number;
  /** "did not converge — not for use", or null. */
  notForUse: string | null;
}

export function versionItem(
  meta: {
    id: number;
    name: string;
    createdAt: string;
    softwareVersion: string;
    notForUse?: string | null;
  },
  fit: ChartFit,
): ModelVersionItem {
  return {
    ...meta,
    notForUse: meta.notForUse ?? null,
    nSelected: fit.selected.length,
    lambdaRule: chosenLambdaRule(fit),
    trainAuc: fit.train.auc,
    validationAuc: fit.validation?.auc ?? null,
    validationAucCi: fit.validation?.auc_ci ?? null,
    validationN: fit.validation?.n ?? 0,
  };
}
