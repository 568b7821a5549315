/**
 * The optimism bootstrap in the fit-worker pool: against R's bootstrap.R on a_paper (B = 500), the same
 * result as in one thread, progress and cancellation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapOptimism } from '../../shared/modeling/bootstrap';
import { fitPipeline } from '../../shared/modeling/pipeline';
import { parseFeatureTable, type FeatureTable } from '../../shared/modeling/table';
import { runBootstrap } from './bootstrap';
import { AbortError } from './pool';

const FIXTURES = new URL('../../../shared/fixtures/modeling/', import.meta.url);

function fixture(name: string): FeatureTable {
  return parseFeatureTable(readFileSync(new URL(`cases/${name}.csv`, FIXTURES), 'utf8'));
}

describe('runBootstrap (worker pool)', () => {
  it('a_paper, B = 500: corrected AUC, slope and Brier within 4·√2 Monte Carlo SEs of R’s bootstrap.R', async () => {
    const ref = JSON.parse(readFileSync(new URL('bootstrap/a_paper_B500.json', FIXTURES), 'utf8'));
    const table = fixture('a_paper');
    const doc = fitPipeline(table);
    const seen: number[] = [];
    const iv = await runBootstrap(table, doc, {
      B: 500,
      seed: 1,
      workers: 2,
      onProgress: (p) => seen.push(p.done),
    });
    expect(iv.method).toBe('bootstrap_optimism');
    expect(iv.B).toBe(500);
    expect(iv.B_used).toBe(ref.B_used);
    for (const m of ['auc', 'slope', 'brier'] as const) {
      expect(Math.abs(iv.apparent[m] - ref.apparent[m])).toBeLessThan(1e-6);
      const tolerance = 4 * Math.SQRT2 * ref.monte_carlo_se[m];
      expect(Math.abs(iv.corrected[m] - ref.corrected[m])).toBeLessThan(tolerance);
      // our own Monte Carlo SE is of the same size as R's (same B, same spread)
      expect(iv.monte_carlo_se[m] / ref.monte_carlo_se[m]).toBeGreaterThan(0.8);
      expect(iv.monte_carlo_se[m] / ref.monte_carlo_se[m]).toBeLessThan(1.25);
    }
    // the intercept-only resamples: a binomial count near R's 110 of 500 (within 4 SD)
    const p = ref.n_boot_selecting_nothing / ref.B_used;
    const sd = Math.sqrt(500 * p * (1 - p));
    expect(Math.abs(iv.n_boot_selecting_nothing - ref.n_boot_selecting_nothing)).toBeLessThan(4 * sd);
    expect(iv.n_selected.median).toBeGreaterThanOrEqual(ref.n_selected_boot_median - 1);
    expect(iv.n_selected.median).toBeLessThanOrEqual(ref.n_selected_boot_median + 1);
    expect(seen.at(-1)).toBe(500);
    expect(seen.every((d, i) => i === 0 || d >= seen[i - 1])).toBe(true);
  });

  it('gives exactly the one-thread result, whatever the number of workers', async () => {
    const table = fixture('d_tiny');
    const doc = fitPipeline(table);
    const inThread = bootstrapOptimism(table, doc, { B: 12, seed: 4 });
    const pooled = await runBootstrap(table, doc, { B: 12, seed: 4, workers: 2 });
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(inThread));
  });

  it('stops every worker when cancelled', async () => {
    const table = fixture('a_paper');
    const doc = fitPipeline(table);
    const abort = new AbortController();
    const run = runBootstrap(table, doc, {
      B: 500,
      seed: 1,
      workers: 2,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.done >= 2) abort.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(AbortError);
  });
});
