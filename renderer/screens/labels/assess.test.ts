/**
 * The calculator form → shared RECIST core: parsing names the bad field (plain decimals only; NM = not
 * measured), per-timepoint dates, new lesions and non-target states reach the core, and the measurements
 * sent to the server hold exactly the form's input (the rules themselves are tested in
 * shared/response/recist*.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  assessLesions,
  emptyMeta,
  type CalculatorOptions,
  type LesionRow,
  type TimepointMeta,
} from './assess';

const last: CalculatorOptions = { definition: 'last-follow-up', nonStandard: false };
const row = (name: string, values: (number | string)[], node = false, organ = name): LesionRow => ({
  name,
  node,
  organ,
  values: values.map(String),
});
const meta = (...m: Partial<TimepointMeta>[]): TimepointMeta[] => m.map((x) => ({ ...emptyMeta(), ...x }));

describe('calculator form', () => {
  it('assesses every follow-up, with earlier follow-ups as nadir', () => {
    const pr = assessLesions('recist', [row('liver', [50, 20]), row('node', [30, 10], true)], 2, [], last);
    if (!pr.ok) throw new Error(pr.problem);
    expect(pr.result.decision.response).toBe('PR');
    expect(pr.result.latest).toMatchObject({ sumMm: 30, baselineSumMm: 80, changeFromBaselinePct: -62.5 });
    // 100 → 40 (nadir) → 60: +50 % and +20 mm over the nadir is PD although still −40 % from baseline.
    const pd = assessLesions('recist', [row('a', [100, 40, 60])], 3, [], last);
    if (!pd.ok) throw new Error(pd.problem);
    expect(pd.result.timepoints.map((t) => t.category)).toEqual(['PR', 'PD']);
    expect(pd.result.latest).toMatchObject({ nadirSumMm: 40, nadirLabel: 'follow-up 1' });
  });

  it('passes dates, new lesions and non-target states per follow-up, and the definition', () => {
    const a = assessLesions(
      'recist',
      [row('a', [50, 0, 0])],
      3,
      meta(
        { date: '2024-01-01' },
        { date: '2024-02-26', nonTargets: 'not-evaluated' },
        { date: '2024-03-25', newLesions: true },
      ),
      { definition: 'best-overall-confirmed', nonStandard: false },
    );
    if (!a.ok) throw new Error(a.problem);
    expect(a.result.timepoints.map((t) => [t.category, t.rule])).toEqual([
      ['PR', 'cr-non-target-not-evaluated'],
      ['PD', 'new-lesion'],
    ]);
    expect(a.measurements).toEqual({
      criteria: 'recist',
      lesions: [{ id: 'a', node: false, organ: 'a' }],
      baseline: { label: 'baseline', date: '2024-01-01', diameters: { a: 50 } },
      followUps: [
        { label: 'follow-up 1', date: '2024-02-26', diameters: { a: 0 }, nonTargets: 'not-evaluated' },
        {
          label: 'follow-up 2',
          date: '2024-03-25',
          diameters: { a: 0 },
          newLesions: true,
          nonTargets: 'absent',
        },
      ],
      definition: 'best-overall-confirmed',
    });
    // Best overall response: the PR at day 56 was not confirmed, but it is SD at ≥ 42 days.
    expect(a.result.decision.response).toBe('SD');
  });

  it('takes NM as "not measured" (NE), and mRECIST marks per lesion', () => {
    const ne = assessLesions('recist', [row('a', [50, 40]), row('b', [30, 'nm'])], 2, [], last);
    expect(ne.ok && ne.result.decision.response).toBe('NE');
    const m = assessLesions(
      'mrecist',
      [{ ...row('seg 8', [40, 0], false, 'liver'), arterialEnhancement: true }, row('hilar', [25, 15], true)],
      2,
      [],
      last,
    );
    if (!m.ok) throw new Error(m.problem);
    expect(m.measurements.lesions).toEqual([
      { id: 'seg 8', node: false, organ: 'liver', arterialEnhancement: true },
      { id: 'hilar', node: true, organ: 'hilar', portaHepatis: true },
    ]);
    expect(m.result.decision.response).toBe('CR'); // the porta hepatis node is normal below 20 mm
  });

  it('names what it cannot use: empty fields, "0x1E", "1e1", duplicate names, 0 mm at baseline, a 6th target', () => {
    const one = (values: string[]) =>
      assessLesions('recist', [{ name: 'Liver 1', node: false, values }], 2, [], last);
    expect(one(['40', '-3'])).toEqual({
      ok: false,
      problem: expect.stringContaining('Liver 1 at follow-up 1: "-3" is negative'),
    });
    expect(one(['40'])).toEqual({
      ok: false,
      problem: expect.stringContaining('Liver 1 at follow-up 1 is empty'),
    });
    expect(one(['0x1E', '20'])).toEqual({
      ok: false,
      problem: expect.stringContaining('Liver 1 at baseline: "0x1E" is not a plain decimal number'),
    });
    expect(one(['40', '1e1'])).toEqual({
      ok: false,
      problem: expect.stringContaining('"1e1" is not a plain decimal number'),
    });
    expect(assessLesions('recist', [row('a', [40, 1]), row('a', [30, 1])], 2, [], last)).toEqual({
      ok: false,
      problem: expect.stringContaining('Two target lesions are called "a"'),
    });
    expect(one(['0', '1'])).toEqual({
      ok: false,
      problem: expect.stringContaining('must be measurable at baseline'),
    });
    const six = ['liver', 'lung', 'bone', 'brain', 'skin', 'spleen'].map((o) => row(o, [20, 10]));
    expect(assessLesions('recist', six, 2, [], last)).toEqual({
      ok: false,
      problem: expect.stringContaining('at most 5 target lesions'),
    });
    const nonStandard = assessLesions('recist', six, 2, [], { ...last, nonStandard: true });
    expect(nonStandard.ok && nonStandard.result.nonStandard).toEqual([
      '6 target lesions (RECIST 1.1 §4.2: at most 5)',
    ]);
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
      [],
      last,
    );
    if (!withRuler.ok) throw new Error(withRuler.problem);
    expect(withRuler.result.decision.response).toBe('PR');
    expect(withRuler.record.ruler_measurements).toEqual([
      { lesion: 'primary', timepoint: 'baseline', ...source },
    ]);
    const typed = assessLesions('recist', [row('primary', [105, 40])], 2, [], last);
    if (!typed.ok) throw new Error(typed.problem);
    expect(typed.record).toEqual({});
  });
});
