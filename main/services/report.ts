/**
 * The model report of a stored model version or of a fit document file (our own, or an R reference of the
 * modelling fixtures): its inputs read from the store or the file, rendered by reportHtml.ts, written.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parseUserJson, readUserText, USER_FILE_LIMITS } from '../io/readUserFile';
import { basename, dirname, join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { asChartFit, type ChartFit } from '../../shared/charts/fit';
import { fitFromReference, type ReferenceJson } from '../../shared/charts/referenceFit';
import { clinicalTable1Rows, type ClinicalRecord } from '../../shared/charts/table1';
import {
  getExtractionSettings,
  getFeatureSet,
  getModelVersion,
  getPatient,
  responseLabels,
  type Store,
} from '../store/index';
import { renderReport, type ReportContext } from './reportHtml';

export { renderReport, type ReportContext, type Table1Row } from './reportHtml';

export interface ReportInput {
  fit: ChartFit;
  context: ReportContext;
}

/** The training patients' outcomes and current clinical variables (score ids that are not patients are skipped). */
export function trainingClinical(store: Store, fit: ChartFit): ClinicalRecord[] {
  return fit.scores.flatMap((s) => {
    if (s.split !== 'train') return [];
    const patient = getPatient(store, s.id);
    return patient ? [{ y: s.y, clinical: patient.clinical }] : [];
  });
}

/** A stored model version with its extraction settings. Throws when the id is unknown. */
export function reportInputFromStore(store: Store, modelId: number): ReportInput {
  const record = getModelVersion(store, modelId);
  if (!record) throw new Error(`no model version ${modelId} in the database`);
  const fit = asChartFit(record.document);
  const set = record.featureSetId !== null ? getFeatureSet(store, record.featureSetId) : undefined;
  const settings = set ? getExtractionSettings(store, set.settingsHash) : undefined;
  const preset =
    settings &&
    typeof settings === 'object' &&
    'preset' in settings &&
    typeof (settings as { preset: unknown }).preset === 'string'
      ? (settings as { preset: string }).preset
      : null;
  // Response categories of the modelled patients, from their current labels (ids that are not patients are skipped).
  const labels = responseLabels(store);
  const counts: Partial<Record<'CR' | 'PR' | 'SD' | 'PD', number>> = {};
  let matched = 0;
  for (const s of fit.scores) {
    const r = labels.get(s.id);
    if (!r || r.response === 'NE') continue; // relabelled NE since the fit: not a modelled category
    counts[r.response] = (counts[r.response] ?? 0) + 1;
    matched++;
  }
  return {
    fit,
    context: {
      ...(matched > 0 ? { responseCounts: counts } : {}),
      clinicalTable1: clinicalTable1Rows(trainingClinical(store, fit)),
      softwareVersion: record.softwareVersion,
      createdAt: record.createdAt,
      modelName: record.name || undefined,
      extraction: set ? { profile: set.profile, preset, settings, featureSetId: set.id } : undefined,
      fitSettings:
        (record.settings && typeof record.settings === 'object' && Object.keys(record.settings).length > 0
          ? (record.settings as Record<string, unknown>)
          : null) ?? undefined,
    },
  };
}

/**
 * A fit document from a JSON file: our own fit document, or an R reference of the modelling fixtures
 * (recognised by its `glmnet` and `radscore` sections; its `<case>_path.csv` is read when next to it).
 */
export async function reportInputFromFile(path: string): Promise<ReportInput> {
  const what = 'fit document';
  const limits = { what, maxBytes: USER_FILE_LIMITS.fitDocument };
  const doc = parseUserJson(await readUserText(path, limits), what, path);
  const version = packageJson.version;
  if (doc && typeof doc === 'object' && 'glmnet' in doc && 'radscore' in doc) {
    const ref = doc as ReferenceJson;
    const pathCsv = join(dirname(path), `${basename(path, '.json')}_path.csv`);
    const pathText = existsSync(pathCsv)
      ? await readUserText(pathCsv, { ...limits, what: 'coefficient path CSV' })
      : undefined;
    const fit = fitFromReference(ref, pathText);
    return {
      fit,
      context: { softwareVersion: version, createdAt: null, modelName: `R reference ${ref.case}` },
    };
  }
  const fit = asChartFit(doc);
  return { fit, context: { softwareVersion: fit.software?.version ?? version, createdAt: null } };
}

/** Renders and writes the report; returns the path written. */
export function writeReport(input: ReportInput, outPath: string): string {
  const html = renderReport(input.fit, input.context);
  try {
    writeFileSync(outPath, html);
  } catch (err) {
    throw new Error(`cannot write ${outPath}: ${(err as Error).message}`);
  }
  return outPath;
}
