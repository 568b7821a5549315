/** patientPage: the SQL-paged patient list equals filtering and slicing the full list at 5,000 patients (`npm run bench` times both). */
import { afterAll, describe, expect, it } from 'vitest';
import {
  openStore,
  patientPage,
  patientStatuses,
  responseLabels,
  setResponse,
  upsertPatient,
  upsertStudy,
} from './index';

const store = openStore(':memory:');
afterAll(() => store.close());
const N = 5000;
const categories = ['CR', 'PR', 'SD', 'PD'] as const;
store.transaction(() => {
  for (let n = 0; n < N; n++) {
    const name = n === 7 ? 'MÜLLER^Jürgen' : `Person^${n}`;
    const { id } = upsertPatient(store, {
      patientId: `P${String((n * 7919) % N).padStart(5, '0')}`,
      name,
      birthDate: '19600101',
      sex: n % 2 ? 'M' : 'F',
    });
    if (n % 3 === 0) upsertStudy(store, { patientRowId: id, studyUid: `1.2.${n}` });
    if (n % 4 === 0)
      setResponse(store, { patientRowId: id, response: categories[n % 4], timepoint: 'baseline' });
    if (n % 8 === 0)
      setResponse(store, { patientRowId: id, response: categories[(n / 8) % 4], timepoint: 'week 12' });
  }
});

/** The list as the first implementation built it: every patient's status, filtered in JS, then sliced. */
function reference(offset: number, limit: number, search: string) {
  const needle = search.trim().toLowerCase();
  const labels = responseLabels(store);
  const all = patientStatuses(store).filter(
    (s) => !needle || s.patientId.toLowerCase().includes(needle) || s.name.toLowerCase().includes(needle),
  );
  return {
    total: all.length,
    items: all.slice(offset, offset + limit).map((s) => ({
      patientId: s.patientId,
      name: s.name,
      studies: s.studies,
      series: s.series,
      rois: s.rois,
      response: labels.get(s.patientId)?.response ?? null,
    })),
  };
}

describe('patientPage', () => {
  it('equals filter + slice of the full list (pages, searches, Unicode case folding, past the end)', () => {
    for (const [offset, limit, search] of [
      [0, 50, ''],
      [4950, 50, ''],
      [4990, 50, ''],
      [6000, 50, ''],
      [0, 500, 'p001'],
      [10, 20, '  PERSON^12 '],
      [0, 50, 'müller'],
      [0, 50, 'nobody'],
    ] as const) {
      const page = patientPage(store, { offset, limit, search });
      const want = reference(offset, limit, search);
      expect(page.total, `${offset}/${limit}/${search}`).toBe(want.total);
      expect(page.items.map(({ birthDate: _b, sex: _s, ...rest }) => rest)).toEqual(want.items);
    }
    expect(patientPage(store, { offset: 0, limit: 50, search: 'müller' }).items.map((r) => r.name)).toEqual([
      'MÜLLER^Jürgen',
    ]);
  });
});
