/** `radscore clinical <csv>`: clinical variables (patient_id,<variables…>); all rows or none. */
import { checkKnownOptions } from '../args';
import type { CliCommand } from '../command';
import { importClinicalCsv } from '../../services/clinical';
import { failWithJson, readCsvArgument } from './labels';

export const clinicalCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, []);
    const csv = await readCsvArgument(ctx.args.positional, 'clinical');
    const store = ctx.openStore();
    try {
      const result = importClinicalCsv(store, { csv });
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
      return { json: result, text: `${result.updated} patients updated, ${result.unchanged} unchanged` };
    } finally {
      store.close();
    }
  },
};
