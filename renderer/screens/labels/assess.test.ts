/**
 * The calculator form → shared RECIST core: parsing names the bad field, timepoints and flags reach the
 * core (the rules themselves are tested in shared/response/recist.test.ts), the stored record holds inputs.
 */
import { describe, expect, it } from 'vitest';
import { assessLesions, type LesionRow } from './assess';

const none = { newLesions: false, nonTargetProgression: false, nonTargetsPresent: false };
const row = (name: string, values: number[], node = false): LesionRow => ({
  name,
  node,
  values: values.map(String),
});

describe('calculator form', () => {
  it('assesses the last follow-up, with earlier follow-ups as nadir', () => {
    const pr = assessLesions('recist', [row('liver', [50, 20]), row('node', [30, 10], true)], 2, none);
    expect(pr).toMatchObject({
      ok: true,
      category: 'PR',
      latest: { sumMm: 30, baselineSumMm: 80, changeFromBaselinePct: -62.5 },
    });
    // 100 → 40 (nadir) → 60: +50 % and +20 mm over the nadir is PD although still −40 % from baseline.
    const pd = assessLesions('recist', [row('a', [100, 40, 60])], 3, none);
    expect(pd).toMatchObject({
      ok: true,
      category: 'PD',
      latest: { nadirSumMm: 40, nadirLabel: 'follow-up 1' },
    });
    expect(assessLesions('recist', [row('a', [20, 24])], 2, none)).toMatchObject({ category: 'SD' }); // +4 mm only
    expect(assessLesions('mrecist', [row('a', [20, 24])], 2, none)).toMatchObject({ category: 'PD' }); // no 5 mm rule
    expect(assessLesions('recist', [row('a', [50, 0])], 2, { ...none, newLesions: true })).toMatchObject({
      category: 'PD',
    });
    expect(
      assessLesions('recist', [row('a', [50, 0])], 2, { ...none, nonTargetsPresent: true }),
    ).toMatchObject({ category: 'PR' });
    if (!pr.ok) throw new Error(pr.problem);
    expect(pr.record).toMatchObject({
      method: 'RECIST 1.1',
      lesions: [
        { id: 'liver', node: false },
        { id: 'node', node: true },
      ],
      assessments: [{ label: 'baseline', diameters: { liver: 50, node: 30 } }, { label: 'follow-up 1' }],
    });
  });

  it('names what it cannot use', () => {
    expect(
      assessLesions('recist', [{ name: 'Liver 1', node: false, values: ['40', '-3'] }], 2, none),
    ).toEqual({
      ok: false,
      problem: expect.stringContaining('Liver 1 at follow-up 1 must be a number of mm ≥ 0'),
    });
    expect(assessLesions('recist', [{ name: 'a', node: false, values: ['40'] }], 2, none)).toEqual({
      ok: false,
      problem: expect.stringContaining('a at follow-up 1 is empty'),
    });
    expect(assessLesions('recist', [row('a', [40, 1]), row('a', [30, 1])], 2, none)).toEqual({
      ok: false,
      problem: expect.stringContaining('Two target lesions are called "a"'),
    });
    expect(assessLesions('recist', [row('a', [0, 1])], 2, none)).toEqual({
      ok: false,
      problem: expect.stringContaining('must be measurable at baseline'),
    });
  });

  it('keeps the rulers diameters came from in the record, and nothing when all were typed', () => {
    const source = {
      ruler: 'R2',
      seriesUid: '1.2.3',
      place: 'Sagittal 33',
      from: [32, 10, 7] as [number, number, number],
      to: [32, 40, 2] as [number, number, number],
      lengthMm: 105.047,
    };
    const withRuler = assessLesions(
      'recist',
      [{ name: 'primary', node: false, values: ['105', '40'], rulers: [source, undefined] }],
      2,
      none,
    );
    if (!withRuler.ok) throw new Error(withRuler.problem);
    expect(withRuler.category).toBe('PR');
    expect(withRuler.record.ruler_measurements).toEqual([
      { lesion: 'primary', timepoint: 'baseline', ...source },
    ]);
    const typed = assessLesions('recist', [row('primary', [105, 40])], 2, none);
    if (!typed.ok) throw new Error(typed.problem);
    expect(typed.record).not.toHaveProperty('ruler_measurements');
  });
});
