import { describe, expect, it } from 'vitest';
import {
  assessResponse,
  ResponseInputSchema,
  type LesionAssessment,
  type ResponseCriteria,
  type TargetLesion,
} from './recist';

const TWO: TargetLesion[] = [
  { id: 'liver', node: false },
  { id: 'lung', node: false },
];

function at(
  label: string,
  diameters: Record<string, number>,
  extra: Partial<LesionAssessment> = {},
): LesionAssessment {
  return { label, diameters, ...extra };
}

/** Category and result of one follow-up against a baseline (two non-nodal targets unless given). */
function one(
  baseline: Record<string, number>,
  followUp: Record<string, number>,
  extra: Partial<LesionAssessment> = {},
  lesions = TWO,
  criteria: ResponseCriteria = 'recist',
) {
  return assessResponse({
    criteria,
    lesions,
    baseline: at('baseline', baseline),
    followUps: [at('follow-up', followUp, extra)],
  }).latest;
}

describe('RECIST 1.1', () => {
  it('explains a PR with the sum, the % change and the baseline: "sum 42 mm, −31.1% from baseline 61 mm → PR"', () => {
    const r = one({ liver: 40, lung: 21 }, { liver: 27, lung: 15 });
    expect(r.category).toBe('PR');
    expect(r.outcome).toBe(1);
    expect(r.sumMm).toBe(42);
    expect(r.baselineSumMm).toBe(61);
    expect(r.changeFromBaselineMm).toBe(-19);
    expect(r.changeFromBaselinePct).toBeCloseTo((-19 / 61) * 100, 12);
    expect(r.explanation).toBe('sum 42 mm, −31.1% from baseline 61 mm → PR');
  });

  it('exactly 30% decrease is PR; 29.9% is SD', () => {
    expect(one({ liver: 60, lung: 40 }, { liver: 40, lung: 30 }).category).toBe('PR'); // 100 → 70
    expect(one({ liver: 35.5, lung: 25.5 }, { liver: 24.2, lung: 18.5 }).category).toBe('PR'); // 61 → 42.7, −30.0% in floating point
    const sd = one({ liver: 60, lung: 40 }, { liver: 40, lung: 30.1 }); // −29.9%
    expect(sd.category).toBe('SD');
    expect(sd.changeFromBaselinePct).toBeCloseTo(-29.9, 10);
    expect(sd.outcome).toBe(0);
  });

  it('exactly +20% and +5 mm over the nadir is PD; +20% with only +4 mm is SD', () => {
    const pd = one({ liver: 15, lung: 10 }, { liver: 18, lung: 12 }); // 25 → 30
    expect(pd.category).toBe('PD');
    expect(pd.changeFromNadirPct).toBeCloseTo(20, 10);
    expect(pd.changeFromNadirMm).toBe(5);
    expect(pd.explanation).toBe('sum 30 mm, +20.0%, +5 mm from nadir 25 mm (baseline) → PD');
    const sd = one({ liver: 10, lung: 10 }, { liver: 12, lung: 12 }); // 20 → 24: +20% but +4 mm
    expect(sd.category).toBe('SD');
    expect(sd.explanation).toContain('under the 5 mm minimum');
    expect(one({ liver: 15, lung: 10 }, { liver: 18, lung: 11.9 }).category).toBe('SD'); // +19.6%
  });

  it('a new lesion or unequivocal non-target progression is PD whatever the sum', () => {
    const r = one({ liver: 40, lung: 20 }, { liver: 10, lung: 5 }, { newLesions: true });
    expect(r.category).toBe('PD');
    expect(r.explanation).toBe('new lesion → PD');
    expect(
      one({ liver: 40, lung: 20 }, { liver: 40, lung: 20 }, { nonTargetProgression: true }).category,
    ).toBe('PD');
  });

  it('CR needs every non-nodal target gone and every target node < 10 mm: 9.9 mm is CR, 10 mm is not', () => {
    const lesions: TargetLesion[] = [
      { id: 'primary', node: false },
      { id: 'neck node', node: true },
    ];
    const cr = one({ primary: 30, 'neck node': 20 }, { primary: 0, 'neck node': 9.9 }, {}, lesions);
    expect(cr.category).toBe('CR');
    expect(cr.sumMm).toBeCloseTo(9.9, 10);
    expect(cr.explanation).toMatch(/^all non-nodal targets gone and every target node < 10 mm .* → CR$/);
    expect(one({ primary: 30, 'neck node': 20 }, { primary: 0, 'neck node': 10 }, {}, lesions).category).toBe(
      'PR',
    ); // 50 → 10, −80%
    expect(one({ primary: 30, 'neck node': 20 }, { primary: 1, 'neck node': 5 }, {}, lesions).category).toBe(
      'PR',
    );
    // Non-target lesions still present: the overall response is PR.
    expect(
      one(
        { primary: 30, 'neck node': 20 },
        { primary: 0, 'neck node': 5 },
        { nonTargetsPresent: true },
        lesions,
      ).category,
    ).toBe('PR');
  });

  it('measures progression from the nadir after a decrease, not from baseline', () => {
    const r = assessResponse({
      criteria: 'recist',
      lesions: TWO,
      baseline: at('baseline', { liver: 60, lung: 40 }),
      followUps: [at('week 8', { liver: 40, lung: 20 }), at('week 16', { liver: 45, lung: 27 })],
    });
    expect(r.timepoints.map((t) => t.category)).toEqual(['PR', 'PD']);
    const last = r.latest;
    expect(last.nadirSumMm).toBe(60);
    expect(last.nadirLabel).toBe('week 8');
    expect(last.changeFromBaselinePct).toBeCloseTo(-28, 10); // still 28% below baseline, yet PD
    expect(last.explanation).toBe('sum 72 mm, +20.0%, +12 mm from nadir 60 mm (week 8) → PD');
  });

  it('a target not measured gives NE (RECIST 1.1 §4.4.2), not an error', () => {
    const ne = one({ liver: 40, lung: 20 }, { liver: 30 });
    expect(ne).toMatchObject({ category: 'NE', outcome: null, complete: false, missing: ['lung'] });
    expect(ne.explanation).toContain('"lung" not measured');
  });

  it('refuses unknown and invalid measurements with the lesion and timepoint named', () => {
    expect(() => one({ liver: 40, lung: 20 }, { liver: 30, lung: 10, spleen: 4 })).toThrow(
      /"spleen", which is not a target lesion/,
    );
    expect(() => one({ liver: 40, lung: 20 }, { liver: -1, lung: 10 })).toThrow(
      /diameter of "liver" must be a number of mm ≥ 0/,
    );
    expect(() => one({ liver: 40, lung: 20 }, { liver: '12' as unknown as number, lung: 10 })).toThrow(
      'follow-up: the diameter of "liver" is text ("12"), not a number',
    );
    expect(() => one({ liver: 40, lung: 0 }, { liver: 30, lung: 0 })).toThrow(/"lung" measures 0 mm/);
    expect(() =>
      assessResponse({
        criteria: 'recist',
        lesions: TWO,
        baseline: at('baseline', { liver: 40, lung: 20 }),
        followUps: [],
      }),
    ).toThrow(/no follow-up/);
    expect(() =>
      assessResponse({
        criteria: 'recist',
        lesions: [],
        baseline: at('baseline', {}),
        followUps: [at('x', {})],
      }),
    ).toThrow(/no target lesions/);
  });

  it('refuses targets below the measurable size at baseline, or lists them when the reader insists', () => {
    const input = {
      criteria: 'recist' as const,
      lesions: [
        { id: 'a', node: false, organ: 'liver' },
        { id: 'n', node: true },
      ],
      baseline: at('baseline', { a: 8, n: 12 }),
      followUps: [at('fu', { a: 8, n: 12 })],
    };
    expect(() => assessResponse(input)).toThrow(/"a" is 8 mm, below the 10 mm minimum/);
    const r = assessResponse({ ...input, nonStandard: true });
    expect(r.nonStandard).toHaveLength(2);
    expect(r.nonStandard[1]).toContain('"n" is 12 mm, below the minimum for a measurable node (15 mm');
    expect(r.latest.category).toBe('SD');
  });
});

describe('mRECIST (viable tumour diameters)', () => {
  it('CR when no target enhances any more', () => {
    const r = one({ liver: 40, lung: 20 }, { liver: 0, lung: 0 }, {}, TWO, 'mrecist');
    expect(r.category).toBe('CR');
    expect(r.explanation).toMatch(/^no viable \(enhancing\) tumour in any target .* → CR$/);
  });

  it('PR at ≥ 30% decrease of the viable sum; SD at 29.9%', () => {
    expect(one({ liver: 60, lung: 40 }, { liver: 50, lung: 20 }, {}, TWO, 'mrecist').category).toBe('PR');
    const sd = one({ liver: 60, lung: 40 }, { liver: 50, lung: 20.1 }, {}, TWO, 'mrecist');
    expect(sd.category).toBe('SD');
    expect(sd.explanation).toBe('viable sum 70.1 mm, −29.9% from baseline 100 mm → SD');
  });

  it('PD at +20% over the viable nadir even below 5 mm, or with a new lesion', () => {
    expect(one({ liver: 10, lung: 10 }, { liver: 12, lung: 12 }, {}, TWO, 'mrecist').category).toBe('PD'); // +20%, +4 mm
    expect(one({ liver: 10, lung: 10 }, { liver: 12, lung: 11.9 }, {}, TWO, 'mrecist').category).toBe('SD'); // +19.5%
    expect(
      one({ liver: 12, lung: 10 }, { liver: 2, lung: 2 }, { newLesions: true }, TWO, 'mrecist').category,
    ).toBe('PD');
    // Regrowth after a complete response: any viable tumour over a 0 mm nadir is PD.
    const r = assessResponse({
      criteria: 'mrecist',
      lesions: TWO,
      baseline: at('baseline', { liver: 30, lung: 10 }),
      followUps: [at('m3', { liver: 0, lung: 0 }), at('m6', { liver: 3, lung: 0 })],
    });
    expect(r.timepoints.map((t) => t.category)).toEqual(['CR', 'PD']);
    expect(r.latest.changeFromNadirPct).toBeNull();
  });
});

describe('ResponseInputSchema', () => {
  it('accepts calculator input and refuses malformed input', () => {
    const input = {
      criteria: 'recist',
      lesions: TWO,
      baseline: at('baseline', { liver: 40, lung: 20 }),
      followUps: [at('fu', { liver: 20, lung: 10 })],
    };
    const parsed = ResponseInputSchema.parse(input);
    expect(assessResponse(parsed).latest.category).toBe('PR');
    expect(ResponseInputSchema.safeParse({ ...input, criteria: 'who' }).success).toBe(false);
    expect(
      ResponseInputSchema.safeParse({ ...input, followUps: [at('fu', { liver: -3, lung: 1 })] }).success,
    ).toBe(false);
  });
});
