/**
 * Stored feature sets for the Features screen (channels featureSets.list, featureSets.csv): each set with
 * its case count and failures, and its CSV as `radscore export-features [--deidentify]` writes it.
 */
import type { ChannelArgs, ChannelOutput, FeatureSetSummary } from '../../shared/api';
import { getFeatureSet, listFeatureSets, type Store } from '../store/index';
import { unavailable, type ChannelImplementations } from './channel';
import { deidentifiedFeatureCsv } from './deidentify';
import { featureSetCsv } from './exportFeatures';

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

export function featureSetChannels(
  store: Store | undefined,
): ChannelImplementations<'featureSets.list' | 'featureSets.csv'> {
  if (!store) return unavailable(['featureSets.list', 'featureSets.csv'], 'no database');
  return {
    'featureSets.list': () => featureSetSummaries(store),
    'featureSets.csv': (a) => featureSetCsvFor(store, a),
  };
}
