/**
 * Stored feature sets (channels featureSets.list, featureSets.csv, sr.export): each set with its case count
 * and failures for the Features screen, its CSV as `radscore export-features [--deidentify]` writes it, and
 * a patient's features of a set as DICOM SR with the SEG it references, as `radscore export-sr` writes them
 * (the patient page).
 */
import type { ChannelArgs, ChannelOutput, FeatureSetSummary } from '../../shared/api';
import { getFeatureSet, listFeatureSets, type Store } from '../store/index';
import { ApiError, unavailable, type ChannelImplementations } from './channel';
import { createDeidentifier, deidentifiedFeatureCsv } from './deidentify';
import { featureSetCsv } from './exportFeatures';
import { exportFeatureSr } from './srExport';
import { errorMessage } from '../../shared/errorMessage';

export function featureSetSummaries(store: Store): FeatureSetSummary[] {
  const failures = new Map(
    (
      store
        .stmt(
          `SELECT ef.feature_set_id AS id, COUNT(*) AS n FROM extraction_failures ef
           WHERE NOT EXISTS (SELECT 1 FROM feature_values fv WHERE fv.feature_set_id = ef.feature_set_id AND fv.roi_id = ef.roi_id)
           GROUP BY ef.feature_set_id`,
        )
        .all() as { id: number; n: number }[]
    ).map((r) => [r.id, r.n]),
  );
  return listFeatureSets(store).map((s) => ({
    id: s.id,
    profile: s.profile,
    settingsHash: s.settingsHash,
    cases: s.cases,
    featuresPerCase: s.features?.length ?? 0,
    failed: failures.get(s.id) ?? 0,
    createdAt: s.createdAt,
  }));
}

/** 'featureSets.csv': the export-features CSV of one set, optionally de-identified. */
export function featureSetCsvFor(
  store: Store,
  a: ChannelArgs<'featureSets.csv'>,
): ChannelOutput<'featureSets.csv'> {
  if (!getFeatureSet(store, a.featureSetId)) throw new Error(`no feature set ${a.featureSetId}`);
  const table = a.deidentify
    ? deidentifiedFeatureCsv(store, { featureSetId: a.featureSetId })
    : featureSetCsv(store, { featureSetId: a.featureSetId });
  return {
    featureSetId: table.feature_set_id,
    rows: table.rows,
    features: table.features,
    deidentified: a.deidentify,
    csv: table.csv,
  };
}

/** 'sr.export': a patient's features of one set as DICOM SR (TID 1500) + SEG, optionally de-identified. */
export async function exportSrFor(
  store: Store,
  a: ChannelArgs<'sr.export'>,
): Promise<ChannelOutput<'sr.export'>> {
  const r = await exportFeatureSr(store, {
    featureSetId: a.featureSetId,
    patientId: a.patientId,
    out: a.out,
    force: a.force,
    replaceHint: 'tick "Replace existing files" to replace it',
    deidentify: a.deidentify ? createDeidentifier(store) : undefined,
  });
  return {
    out: r.out,
    seg: r.seg,
    patientId: r.patient_id,
    featureSetId: r.feature_set_id,
    rois: r.rois,
    features: r.features,
    measurements: r.measurements,
    sopInstanceUid: r.sop_instance_uid,
    deidentified: r.deidentified,
  };
}

/** What sr.export needs (bound to a store by featureSetServices). */
export interface FeatureSetServices {
  /** Writes a patient's features as DICOM SR + SEG (srExport.ts); absent in test fakes. */
  exportSr?(args: ChannelArgs<'sr.export'>): Promise<ChannelOutput<'sr.export'>>;
}

export function featureSetServices(store: Store): FeatureSetServices {
  return { exportSr: (a) => exportSrFor(store, a) };
}

/** The feature-set channels; those reading the store directly refuse when there is none (test fakes). */
export function featureSetChannels(
  s: FeatureSetServices,
  store: Store | undefined,
): ChannelImplementations<'featureSets.list' | 'featureSets.csv' | 'sr.export'> {
  const srExport: ChannelImplementations<'sr.export'> = {
    'sr.export': async (a) => {
      if (!s.exportSr) throw new ApiError('failed', 'SR export is not available in this host');
      try {
        return await s.exportSr(a);
      } catch (err) {
        const message = errorMessage(err);
        throw new ApiError(
          /^no (patient|feature set) /.test(message) ? 'not-found' : 'bad-input',
          `sr.export: ${message}`,
        );
      }
    },
  };
  if (!store) return { ...srExport, ...unavailable(['featureSets.list', 'featureSets.csv'], 'no database') };
  return {
    ...srExport,
    'featureSets.list': () => featureSetSummaries(store),
    'featureSets.csv': (a) => featureSetCsvFor(store, a),
  };
}
