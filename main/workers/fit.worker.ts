/**
 * Worker: the cross-validated modelling pipeline (fitPipeline) on one feature table, or a run of optimism
 * bootstrap resamples (runResamples), with progress.
 */
import { runResamples, type BootstrapProblem, type ResampleOutcome } from '../../shared/modeling/bootstrap';
import { fitPipeline, type FitDocument, type FitOptions } from '../../shared/modeling/pipeline';
import type { FeatureTable } from '../../shared/modeling/table';
import { serveTasks } from './serve';

export interface FitInput {
  table: FeatureTable;
  options: Omit<FitOptions, 'progress'>;
}

/** Resamples from…to−1 of a bootstrap run with `seed` (bootstrap.ts seeds each resample on its own). */
export interface BootstrapChunkInput {
  kind: 'bootstrap';
  problem: BootstrapProblem;
  seed: number;
  from: number;
  to: number;
}

export type FitWorkerInput = FitInput | BootstrapChunkInput;
export type FitWorkerOutput = FitDocument | ResampleOutcome[];

export interface FitProgress {
  done: number;
  total: number;
  label: string;
}

serveTasks<FitWorkerInput, FitWorkerOutput, FitProgress>((input, ctx) => {
  if ('kind' in input) {
    const total = input.to - input.from;
    let done = 0;
    return runResamples(input.problem, input.seed, input.from, input.to, (o) =>
      ctx.progress({ done: ++done, total, label: `resample ${o.resample + 1}` }),
    );
  }
  return fitPipeline(input.table, {
    ...input.options,
    progress: (done, total, label) => ctx.progress({ done, total, label }),
  });
});
