/** `radscore clinical <csv>`: clinical variables (patient_id,<variables…>); all rows or none. */
import { checkKnownOptions } from '../args';
import type { CliCommand } from '../command';
import { importClinicalCsv } from '../../services/clinical';
import { csvImportOutcome, readCsvArgument } from './labels';

export const clinicalCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, ['overwrite']);
    const csv = await readCsvArgument(ctx.args.positional, 'clinical');
    const store = ctx.openStore();
    try {
      const result = importClinicalCsv(store, { csv, overwrite: ctx.args.flags.has('overwrite') });
      return csvImportOutcome(
        ctx,
        result,
        'clinical',
        `${result.updated} patients updated, ${result.unchanged} unchanged`,
      );
    } finally {
      store.close();
    }
  },
};
