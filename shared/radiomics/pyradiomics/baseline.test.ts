/**
 * The pure core (pyradiomicsFeatures on an image + mask, no settings layer) against PyRadiomics' own baseline
 * (tests/data/baseline/*.csv) for brain1, brain2, breast1: every original-image feature of the default columns
 * (3D, bin width 25; voxelArrayShift 2000 as those columns were made), within PyRadiomics' own rule
 * |1 − ours/theirs| < 3%. All other columns go through the whole app path in columns.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import { binEdges, digitize } from './binning';
import { pyradiomicsFeatures } from './extract';
import type { PyradiomicsOptions } from './options';

const base = join(__dirname, '../../../../shared/data/pyradiomics-baseline');
const CLASSES = ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'];

/** Baseline rows as class → column → feature name → value. */
function readBaseline(cls: string): Map<string, Map<string, number>> {
  const rows = readFileSync(join(base, `baseline/baseline_${cls}.csv`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const head = rows[0];
  const out = new Map<string, Map<string, number>>();
  head.slice(1).forEach((column, c) => {
    const m = new Map<string, number>();
    for (const r of rows) if (r[0].startsWith('original_')) m.set(r[0], Number(r[c + 1]));
    out.set(column, m);
  });
  return out;
}
const BASELINES = new Map(CLASSES.map((c) => [c, readBaseline(c)]));

/** PyRadiomics' percent difference (testUtils.checkResult). */
function percentDiff(ours: number, theirs: number): number {
  if (theirs === 0) return ours === 0 ? 0 : 1;
  return Math.abs(1 - ours / theirs);
}

const VARIANTS: [string, PyradiomicsOptions][] = [['', { voxelArrayShift: 2000 }]];

describe.each(['brain1', 'brain2', 'breast1'])('PyRadiomics baseline: %s', (name) => {
  const image = readVolumeFile(join(base, `images/${name}_image.nrrd`));
  const label = readVolumeFile(join(base, `images/${name}_label.nrrd`));
  const mask = Uint8Array.from(label.data, (v) => (v === 1 ? 1 : 0));

  it.each(VARIANTS)('column %s: every feature within 3%%', (variant, options) => {
    const column = name + variant;
    const ours = new Map(
      pyradiomicsFeatures({ image, intensityMask: mask, morphMask: mask }, options).map((f) => [
        f.name,
        f.value,
      ]),
    );
    let compared = 0;
    const bad: string[] = [];
    for (const cls of CLASSES) {
      const theirs = BASELINES.get(cls)?.get(column);
      if (!theirs) continue;
      for (const [feature, value] of theirs) {
        const mine = ours.get(feature);
        compared++;
        if (mine === undefined || !(percentDiff(mine, value) < 0.03))
          bad.push(`${feature}: ours ${mine}, PyRadiomics ${value}`);
      }
    }
    expect(bad).toEqual([]);
    // the default columns hold all 7 classes: 18 + 14 + 24 + 16 + 16 + 14 + 5
    expect(compared).toBe(107);
  });
});

describe('PyRadiomics discretisation', () => {
  it('bin width: edges on multiples of the width below the minimum, also for negative intensities', () => {
    const edges = binEdges([-1024, -1000, 30, 49.9], { binWidth: 25 });
    expect(edges[0]).toBe(-1025);
    expect(digitize(-1024, edges)).toBe(1);
    expect(digitize(-1000, edges)).toBe(2);
    expect(digitize(49.9, edges)).toBe(43);
  });
  it('bin count: the maximum falls into the last bin; a flat region gets one bin', () => {
    const edges = binEdges([0, 10, 20], { binCount: 4 });
    expect([0, 10, 20].map((x) => digitize(x, edges))).toEqual([1, 3, 4]);
    expect(digitize(5, binEdges([5, 5], { binWidth: 25 }))).toBe(1);
  });
  it('unknown classes and features are named in the error', () => {
    const image = {
      size: [2, 1, 1] as [number, number, number],
      spacing: [1, 1, 1] as [number, number, number],
      origin: [0, 0, 0] as [number, number, number],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      data: new Float32Array([1, 2]),
    };
    const mask = new Uint8Array([1, 1]);
    expect(() =>
      pyradiomicsFeatures({ image, intensityMask: mask }, { classes: { glcm: ['Nope'] } }),
    ).toThrow(/unknown glcm feature "Nope"/);
    expect(() =>
      pyradiomicsFeatures({ image, intensityMask: mask }, { classes: { gldzm: [] } as never }),
    ).toThrow(/unknown PyRadiomics feature class "gldzm"/);
  });
});
