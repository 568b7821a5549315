/** `radscore report --model <id> | --fit FILE.json --out FILE.html`: the self-contained HTML model report. */
import { resolve } from 'node:path';
import { checkKnownOptions, numberOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import {
  renderReport,
  reportInputFromFile,
  reportInputFromStore,
  type ReportInput,
} from '../../services/report';
import { createDeidentifier, deidentifyReportInput } from '../../services/deidentify';

export const reportCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, ['model', 'fit', 'out', 'deidentify']);
    ctx.outputPath(); // refused before anything is read or created
    const hasModel = ctx.args.options.has('model');
    const fitFile = ctx.args.options.get('fit');
    if (hasModel === (fitFile !== undefined))
      throw new UsageError('give exactly one of --model ID or --fit FILE.json');
    let input: ReportInput;
    if (hasModel) {
      const id = numberOption(ctx.args, 'model', 0, { integer: true, min: 1 });
      const store = ctx.openStore({ readonly: true });
      try {
        input = reportInputFromStore(store, id);
      } finally {
        store.close();
      }
    } else input = await reportInputFromFile(resolve(fitFile!));
    if (ctx.args.flags.has('deidentify')) {
      // Study codes live in the database (created on first export), so this opens it for writing.
      const store = ctx.openStore();
      try {
        input = deidentifyReportInput(input, createDeidentifier(store));
      } finally {
        store.close();
      }
    }
    const path = await ctx.writeOutput(renderReport(input.fit, input.context));
    ctx.log(`report written: ${path}`);
    return { json: { path }, text: path };
  },
};
