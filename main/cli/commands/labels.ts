/** `radscore labels <csv>`: response labels (patient_id,response[,timepoint,assessor]); all rows or none. */
import { checkKnownOptions, UsageError } from '../args';
import type { CliCommand } from '../command';
import type { CliContext } from '../context';
import { readUserText, USER_FILE_LIMITS } from '../../io/readUserFile';
import { importLabelsCsv, type RowError } from '../../services/labels';

/**
 * Fails the command after printing its JSON document (with --json), so that a bad CSV still yields
 * `{updated: 0, errors}` on stdout while main() reports the one-line reason on stderr and exits non-zero.
 */
export function failWithJson(ctx: CliContext, message: string, json: unknown): never {
  if (ctx.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  throw new Error(message);
}

export async function readCsvArgument(positional: string[], what: string): Promise<string> {
  if (positional.length !== 1) throw new UsageError(`give exactly one ${what} CSV file`);
  return readUserText(positional[0], { what: `${what} CSV`, maxBytes: USER_FILE_LIMITS.patientCsv });
}

export function rowErrorsText(errors: RowError[]): string {
  return errors.map((e) => `line ${e.line}: ${e.message}`).join('\n');
}

export const labelsCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, []);
    const csv = await readCsvArgument(ctx.args.positional, 'labels');
    const store = ctx.openStore();
    try {
      const result = importLabelsCsv(store, { csv });
      if (result.errors.length) {
        const first = result.errors[0];
        failWithJson(
          ctx,
          `${result.errors.length} bad row(s), nothing changed; line ${first.line}: ${first.message}`,
          {
            updated: 0,
            errors: result.errors,
          },
        );
      }
      return { json: result, text: `${result.updated} labels set, ${result.unchanged} unchanged` };
    } finally {
      store.close();
    }
  },
};
