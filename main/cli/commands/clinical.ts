/** `radscore clinical <csv>`: clinical variables (patient_id,<variables…>); all rows or none. */
import { checkKnownOptions } from '../args';
import type { CliCommand } from '../command';
import { openStore } from '../../store/index';
import { importClinicalCsv } from '../../services/clinical';
import { failWithJson, readCsvArgument } from './labels';

export const clinicalCommand: CliCommand = {
  name: 'clinical',
  usage: 'clinical <csv> [--db PATH] [--json]',
  summary:
    'Set clinical variables from a CSV: patient_id,<variables…> (numbers stored as numbers); all rows or none.',
  async run(ctx) {
    checkKnownOptions(ctx.args, []);
    const csv = await readCsvArgument(ctx.args.positional, 'clinical');
    const store = openStore(ctx.dbPath);
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
