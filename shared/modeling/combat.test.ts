/** sva::ComBat 3.46.0 references (../shared/fixtures/robustness/ref/combat_*.json) through the pure module. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyCombat, combat, estimateCombat, qrRank, type CombatOptions } from './combat';

const FIXTURES = new URL('../../../shared/fixtures/robustness/', import.meta.url);

interface CombatRef {
  covariates: string[];
  features: string[];
  ids: string[];
  parametric: { x: number[][] };
  nonparametric: { x: number[][] };
  mean_only: { x: number[][] };
  ref_batch: { x: number[][] };
}

export const COMBAT_VARIANTS: [keyof CombatRef, CombatOptions][] = [
  ['parametric', {}],
  ['nonparametric', { parametric: false }],
  ['mean_only', { meanOnly: true }],
  ['ref_batch', { refBatch: 'S1' }],
];

/** The comparison rule of the fixtures' README: 1e-9 relative, or 1e-12 absolute near zero. */
export function mismatches(
  actual: (number[] | Float64Array)[],
  expected: number[][],
  ids: string[],
  features: string[],
) {
  const bad: string[] = [];
  expected.forEach((row, j) =>
    row.forEach((e, g) => {
      const a = actual[j][g];
      if (!(Math.abs(a - e) <= Math.max(1e-9 * Math.abs(e), 1e-12)))
        bad.push(`${ids[j]} ${features[g]}: ${a} vs R ${e}`);
    }),
  );
  return bad;
}

function readCase(name: string) {
  const [header, ...lines] = readFileSync(new URL(`cases/${name}.csv`, FIXTURES), 'utf8')
    .trim()
    .split('\n');
  const cols = header.split(',');
  const rows = lines.map((l) => l.split(','));
  const col = (c: string) => rows.map((r) => r[cols.indexOf(c)]);
  return { cols, rows, col };
}

describe('ComBat as sva::ComBat', () => {
  for (const name of ['combat_a', 'combat_b']) {
    const ref = JSON.parse(readFileSync(new URL(`ref/${name}.json`, FIXTURES), 'utf8')) as CombatRef;
    const t = readCase(name);
    const input = {
      features: ref.features.map((f) => Float64Array.from(t.col(f), Number)),
      batch: t.col('batch'),
      covariates: ref.covariates.map((c) => Float64Array.from(t.col(c), Number)),
    };
    for (const [variant, options] of COMBAT_VARIANTS) {
      it(`${name}: every x of ${variant}`, () => {
        expect(t.col('id')).toEqual(ref.ids);
        const { x } = combat(input, options);
        const rowsOut = ref.ids.map((_, j) => x.map((c) => c[j]));
        expect(mismatches(rowsOut, (ref[variant] as { x: number[][] }).x, ref.ids, ref.features)).toEqual([]);
      });
    }
  }

  it('combat_b: f003 (constant inside S2) is returned unchanged and named', () => {
    const ref = JSON.parse(readFileSync(new URL('ref/combat_b.json', FIXTURES), 'utf8')) as CombatRef;
    const t = readCase('combat_b');
    const f003 = Float64Array.from(t.col('f003'), Number);
    const model = estimateCombat({
      features: ref.features.map((f) => Float64Array.from(t.col(f), Number)),
      batch: t.col('batch'),
      covariates: ref.covariates.map((c) => Float64Array.from(t.col(c), Number)),
    });
    expect(model.zeroVariance).toEqual([{ feature: 2, batches: ['S2'] }]);
    expect(model.adjusted.filter((a) => !a)).toHaveLength(1);
    const ids = ref.ids;
    expect(ids.map((_, j) => ref.parametric.x[j][2])).toEqual(Array.from(f003));
  });

  it('APPLY on new rows uses the stored parameters only (rows estimated alone give the same result)', () => {
    const t = readCase('combat_a');
    const ref = JSON.parse(readFileSync(new URL('ref/combat_a.json', FIXTURES), 'utf8')) as CombatRef;
    const all = {
      features: ref.features.map((f) => Float64Array.from(t.col(f), Number)),
      batch: t.col('batch'),
    };
    const train = [...Array(all.batch.length).keys()].filter((j) => j % 4 !== 0);
    const test = [...Array(all.batch.length).keys()].filter((j) => j % 4 === 0);
    const pick = (rows: number[]) => ({
      features: all.features.map((c) => Float64Array.from(rows, (j) => c[j])),
      batch: rows.map((j) => all.batch[j]),
    });
    const model = estimateCombat(pick(train));
    // the training rows reproduce combat() on the training rows exactly
    const direct = combat(pick(train)).x;
    expect(applyCombat(model, pick(train))).toEqual(direct);
    // a new row alone, and the same row among others, get the same value: nothing is re-estimated
    const alone = applyCombat(model, pick([test[0]]));
    const together = applyCombat(model, pick(test));
    expect(alone.map((c) => c[0])).toEqual(together.map((c) => c[0]));
    // by hand: ((y − α)/σ − γ*)/√δ*·σ + α for feature 1
    const b = model.batches.indexOf(all.batch[test[0]]);
    const y = all.features[0][test[0]];
    const s = Math.sqrt(model.varPooled[0]);
    const hand =
      (((y - model.grandMean[0]) / s - model.gammaStar[b][0]) / Math.sqrt(model.deltaStar[b][0])) * s +
      model.grandMean[0];
    expect(alone[0][0]).toBeCloseTo(hand, 12);
    expect(() => applyCombat(model, { features: all.features.map(() => [1]), batch: ['S9'] })).toThrow(
      /batch "S9" was not seen/,
    );
  });

  it('a model stored as JSON (NaN → null) applies exactly as the estimate did (combat_b, covariates, ref batch)', () => {
    const ref = JSON.parse(readFileSync(new URL('ref/combat_b.json', FIXTURES), 'utf8')) as CombatRef;
    const t = readCase('combat_b');
    const input = {
      features: ref.features.map((f) => Float64Array.from(t.col(f), Number)),
      batch: t.col('batch'),
      covariates: ref.covariates.map((c) => Float64Array.from(t.col(c), Number)),
    };
    for (const options of [{}, { refBatch: 'S1' }, { parametric: false }]) {
      const { x, model } = combat(input, options);
      const stored = JSON.parse(JSON.stringify(model)) as typeof model;
      expect(stored.grandMean[2]).toBeNull(); // f003 is not adjusted
      expect(applyCombat(stored, input)).toEqual(x);
    }
  });

  it('refuses what sva refuses (sva 3.46.0 stops on each of these), naming the culprit', () => {
    const f = [Float64Array.from([1, 2, 3, 4, 5, 6]), Float64Array.from([2, 1, 4, 3, 6, 7])];
    const batch = ['a', 'a', 'a', 'b', 'b', 'b'];
    const covariateNames = ['age', 'site_code'];
    expect(() => estimateCombat({ features: f, batch: batch.map(() => 'a') })).toThrow(/at least 2 batches/);
    // sva: "The covariate is confounded with batch!"
    expect(() =>
      estimateCombat({ features: f, batch, covariates: [[0, 0, 0, 1, 1, 1]], covariateNames }),
    ).toThrow(/^covariate age is confounded with batch/);
    // sva: "At least one covariate is confounded with batch!"
    expect(() =>
      estimateCombat({
        features: f,
        batch,
        covariates: [
          [3, 1, 2, 5, 4, 4],
          [0, 0, 0, 1, 1, 1],
        ],
        covariateNames,
      }),
    ).toThrow(/at least one covariate is confounded with batch \(covariate site_code\)/);
    // sva: "The covariates are confounded!"
    expect(() =>
      estimateCombat({
        features: f,
        batch,
        covariates: [
          [1, 2, 3, 1, 2, 4],
          [2, 4, 6, 2, 4, 8],
        ],
      }),
    ).toThrow(/covariates \(covariate 1, covariate 2\) are confounded with each other/);
    expect(() => estimateCombat({ features: f, batch }, { refBatch: 'c' })).toThrow(
      /reference batch "c" is not one/,
    );
    expect(() => estimateCombat({ features: f, batch, covariates: [[1, NaN, 3, 4, 5, 6]] })).toThrow(
      /covariate 1 is missing/,
    );
    // sva: dgesv "system is exactly singular" / it.sol "missing value where TRUE/FALSE needed"
    const featureNames = ['f1', 'f2'];
    const noB = [f[0], Float64Array.from([2, 1, 4, NaN, NaN, NaN])];
    expect(() => estimateCombat({ features: noB, batch, featureNames })).toThrow(
      /^feature f2 has no observed value in batch b;/,
    );
    const oneB = [f[0], Float64Array.from([2, 1, 4, NaN, 3, NaN])];
    expect(() => estimateCombat({ features: oneB, batch, featureNames })).toThrow(
      /^feature f2: fewer than 2 observed values in batch b/,
    );
    expect(() => estimateCombat({ features: oneB, batch, featureNames }, { parametric: false })).toThrow(
      /fewer than 2 observed values/,
    );
    expect(() => estimateCombat({ features: oneB, batch, featureNames }, { meanOnly: true })).not.toThrow();
  });

  it('rank as R qr()$rank', () => {
    expect(
      qrRank([
        [1, 1, 1],
        [1, 2, 3],
        [2, 3, 4],
      ]),
    ).toBe(2);
    expect(
      qrRank([
        [1, 0, 0],
        [0, 1, 0],
      ]),
    ).toBe(2);
    expect(
      qrRank([
        [1, 1, 1, 1],
        [1, 1, 1, 1 + 1e-9],
      ]),
    ).toBe(1);
  });
});
