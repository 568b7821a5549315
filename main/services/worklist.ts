/**
 * The worklist (channel worklist.list): a paged, filtered patient overview computed in SQL — per-step
 * status (images, contour, label, features) and the latest label — so a 1,000-patient cohort stays
 * responsive.
 */
import type { ChannelArgs, ChannelOutput, WorklistRow } from '../../shared/api';
import { outcomeOf, type AssessedResponse } from '../../shared/response/outcome';
import { parseJsonColumn, type Store } from '../store/index';
import { unavailable, type ChannelImplementations } from './channel';

export type StatusFilter = ChannelArgs<'worklist.list'>['status'];
export type ResponseFilter = ChannelArgs<'worklist.list'>['response'];

interface OverviewRow {
  patient_id: string;
  name: string;
  studies: number;
  series: number;
  images: number;
  rois: number;
  with_features: number;
  unusable: string | null;
  response: AssessedResponse | null;
  timepoint: string | null;
  total: number;
}

/** Per-patient counts and the latest label, one row per patient; filters refer to its columns. */
const OVERVIEW = `
  WITH per_series AS (
    SELECT se.id AS series_id, st.patient_id AS pid FROM series se JOIN studies st ON se.study_id = st.id
  ), overview AS (
    SELECT p.patient_id, p.name,
      (SELECT COUNT(*) FROM studies st WHERE st.patient_id = p.id) AS studies,
      (SELECT COUNT(*) FROM per_series ps WHERE ps.pid = p.id) AS series,
      (SELECT COUNT(*) FROM instances i JOIN per_series ps ON i.series_id = ps.series_id WHERE ps.pid = p.id) AS images,
      (SELECT COUNT(*) FROM rois r JOIN per_series ps ON r.series_id = ps.series_id WHERE ps.pid = p.id) AS rois,
      (SELECT COUNT(DISTINCT fv.roi_id) FROM feature_values fv JOIN rois r ON fv.roi_id = r.id AND fv.mask_hash = r.mask_hash
         JOIN per_series ps ON r.series_id = ps.series_id WHERE ps.pid = p.id) AS with_features,
      (SELECT json_group_array(json_object('number', se.series_number, 'uid', se.series_uid, 'reasons', json(se.unusable_json)))
         FROM series se JOIN per_series ps ON se.id = ps.series_id
         WHERE ps.pid = p.id AND se.unusable_json IS NOT NULL AND se.unusable_json != '[]') AS unusable,
      la.response, la.timepoint
    FROM patients p
    LEFT JOIN response_assessments la ON la.id = (
      SELECT ra.id FROM response_assessments ra WHERE ra.patient_id = p.id ORDER BY ra.assessed_at DESC, ra.id DESC LIMIT 1)
  )`;

const STATUS_SQL: Record<StatusFilter, string> = {
  any: '1',
  'needs-images': 'images = 0',
  'needs-contour': 'images > 0 AND rois = 0',
  'needs-label': 'response IS NULL',
  'needs-features': 'rois > 0 AND with_features < rois',
  complete: 'images > 0 AND rois > 0 AND response IS NOT NULL AND with_features >= rois',
};

const RESPONSE_SQL: Record<ResponseFilter, string> = {
  any: '1',
  unlabelled: 'response IS NULL',
  effective: "response IN ('CR', 'PR')",
  'non-effective': "response IN ('SD', 'PD')",
  CR: "response = 'CR'",
  PR: "response = 'PR'",
  SD: "response = 'SD'",
  PD: "response = 'PD'",
};

/** "series 3 (UID): reason" for each reason of each series of the patient not usable for extraction. */
function unusableLines(json: string | null): string[] {
  const series = parseJsonColumn<{ number: number; uid: string; reasons: string[] }[] | null>(
    json,
    'series.unusable_json',
  );
  return (series ?? []).flatMap((s) => s.reasons.map((r) => `series ${s.number} (${s.uid}): ${r}`));
}

function toWorklistRow(r: OverviewRow): WorklistRow {
  return {
    patientId: r.patient_id,
    name: r.name,
    studies: r.studies,
    series: r.series,
    images: r.images,
    rois: r.rois,
    roisWithFeatures: r.with_features,
    response: r.response,
    timepoint: r.timepoint,
    outcome: r.response ? outcomeOf(r.response) : null,
    status: {
      images: r.images > 0 ? 'done' : 'missing',
      contour: r.rois > 0 ? 'done' : 'missing',
      label: r.response ? 'done' : 'missing',
      features:
        r.rois === 0 || r.with_features === 0 ? 'missing' : r.with_features < r.rois ? 'partial' : 'done',
    },
    unusable: unusableLines(r.unusable),
  };
}

/** One page of the worklist: patients matching the search text, step status and response filters. */
export function worklistPage(store: Store, q: ChannelArgs<'worklist.list'>): ChannelOutput<'worklist.list'> {
  const needle = q.search.trim().toLowerCase();
  const rows = store
    .stmt(
      `${OVERVIEW}
       SELECT *, COUNT(*) OVER () AS total FROM overview
       WHERE (@needle = '' OR instr(lower(patient_id), @needle) > 0 OR instr(lower(name), @needle) > 0)
         AND (${STATUS_SQL[q.status]}) AND (${RESPONSE_SQL[q.response]})
       ORDER BY patient_id LIMIT @limit OFFSET @offset`,
    )
    .all({ needle, limit: q.limit, offset: q.offset }) as OverviewRow[];
  let total = rows[0]?.total;
  if (total === undefined) {
    // The page is past the end (or nothing matches): count without paging.
    total = (
      store
        .stmt(
          `${OVERVIEW} SELECT COUNT(*) AS n FROM overview
           WHERE (@needle = '' OR instr(lower(patient_id), @needle) > 0 OR instr(lower(name), @needle) > 0)
             AND (${STATUS_SQL[q.status]}) AND (${RESPONSE_SQL[q.response]})`,
        )
        .get({ needle }) as { n: number }
    ).n;
  }
  return { total, items: rows.map(toWorklistRow) };
}

export function worklistChannels(store: Store | undefined): ChannelImplementations<'worklist.list'> {
  if (!store) return unavailable(['worklist.list'], 'no database');
  return { 'worklist.list': (a) => worklistPage(store, a) };
}
