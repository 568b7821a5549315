/** RECIST 1.1 / mRECIST rules on worked examples (thresholds at and just past their edges). */
import { describe, expect, it } from 'vitest';
import { assessLesions, type LesionRow } from './assess';

const row = (baseline: number, followUp: number, node = false): LesionRow => ({ name: '', node, baseline: String(baseline), followUp: String(followUp) });
const cat = (rows: LesionRow[], opts: { nadir?: string; newLesions?: boolean; mode?: 'recist' | 'mrecist' } = {}) => {
  const a = assessLesions(opts.mode ?? 'recist', rows, opts.nadir ?? '', opts.newLesions ?? false);
  if (!a.ok) throw new Error(a.problem);
  return a;
};

describe('RECIST 1.1 calculator', () => {
  it('categorises at the thresholds', () => {
    expect(cat([row(50, 20), row(30, 10, true)]).category).toBe('PR'); // 80 → 30: −62.5 %
    expect(cat([row(50, 20), row(30, 10, true)]).figures).toMatchObject({ baselineSum: 80, followUpSum: 30, percentFromBaseline: -62.5 });
    expect(cat([row(100, 70)]).category).toBe('PR'); // exactly −30 %
    expect(cat([row(100, 71)]).category).toBe('SD');
    expect(cat([row(20, 24)]).category).toBe('SD'); // +20 % but only 4 mm
    expect(cat([row(25, 30)]).category).toBe('PD'); // +20 % and 5 mm
    expect(cat([row(20, 24)], { mode: 'mrecist' }).category).toBe('PD'); // mRECIST: no 5 mm floor
    expect(cat([row(50, 0), row(20, 9, true)]).category).toBe('CR'); // node < 10 mm counts as gone
    expect(cat([row(50, 0), row(20, 10, true)]).category).toBe('PR');
    expect(cat([row(50, 0)], { newLesions: true }).category).toBe('PD');
  });

  it('measures progression from the nadir', () => {
    const a = cat([row(100, 60)], { nadir: '40' }); // −40 % from baseline, +50 % (20 mm) over the nadir
    expect(a.category).toBe('PD');
    expect(a.figures).toMatchObject({ nadirSum: 40, percentFromNadir: 50, absoluteFromNadir: 20 });
    expect(cat([row(100, 60)], { nadir: '120' }).figures.nadirSum).toBe(100); // a nadir above baseline is not a nadir
  });

  it('names the field it cannot use', () => {
    const bad = assessLesions('recist', [{ name: 'Liver 1', node: false, baseline: '40', followUp: '-3' }], '', false);
    expect(bad).toEqual({ ok: false, problem: expect.stringContaining('Liver 1: follow-up must be a non-negative number') });
    expect(assessLesions('recist', [row(8, 5)], '', false)).toMatchObject({ ok: false, problem: expect.stringContaining('≥ 10 mm') });
  });
});
