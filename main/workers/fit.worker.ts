/** Worker: the cross-validated modelling pipeline (fitPipeline) on one feature table, with progress. */
import { fitPipeline, type FitDocument, type FitOptions } from '../../shared/modeling/pipeline';
import type { FeatureTable } from '../../shared/modeling/table';
import { serveTasks } from './serve';

export interface FitInput {
  table: FeatureTable;
  options: Omit<FitOptions, 'progress'>;
}

export interface FitProgress {
  done: number;
  total: number;
  label: string;
}

serveTasks<FitInput, FitDocument, FitProgress>((input, ctx) =>
  fitPipeline(input.table, {
    ...input.options,
    progress: (done, total, label) => ctx.progress({ done, total, label }),
  }),
);
