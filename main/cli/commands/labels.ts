/** `radscore labels <csv>`: response labels (patient_id,response[,timepoint,assessor]); all rows or none. */
import { checkKnownOptions, UsageError } from '../args';
import type { CliCommand } from '../command';
import type { CliContext } from '../context';
import { readUserText, USER_FILE_LIMITS } from '../../io/readUserFile';
import { importLabelsCsv, type RowError } from '../../services/labels';
import type { CsvImportResult, ImportConflict } from '../../../shared/api';

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

/** One line per conflict: patient, field (@ timepoint), the stored value with who/when/how, the incoming one. */
export function conflictsText(conflicts: ImportConflict[]): string {
  const show = (v: string | number | null) => (v === null ? '(empty)' : JSON.stringify(v));
  return conflicts
    .map((c) => {
      const stored = [c.stored_by && `by ${c.stored_by}`, c.stored_at, c.stored_source]
        .filter(Boolean)
        .join(', ');
      return `conflict ${c.patient_id} ${c.field}${c.timepoint ? ` @ ${c.timepoint}` : ''}: stored ${show(c.stored)}${stored ? ` (${stored})` : ''}, file ${show(c.incoming)}`;
    })
    .join('\n');
}

/**
 * The outcome of a label / clinical CSV: bad rows, or conflicts not overwritten, fail the command (listed on
 * stdout, the JSON document with --json; the one-line reason on stderr); otherwise the text `done` says.
 */
export function csvImportOutcome(
  ctx: CliContext,
  result: CsvImportResult,
  what: string,
  done: string,
): { json: CsvImportResult; text: string } {
  if (result.errors.length) {
    const first = result.errors[0];
    failWithJson(
      ctx,
      `${result.errors.length} bad row(s), nothing changed; line ${first.line}: ${first.message}`,
      result,
    );
  }
  if (result.conflicts.length && !ctx.args.flags.has('overwrite')) {
    if (!ctx.json) process.stdout.write(`${conflictsText(result.conflicts)}\n`);
    failWithJson(
      ctx,
      `${result.conflicts.length} stored ${what} value(s) differ from the file; nothing changed — rerun with --overwrite to replace them`,
      result,
    );
  }
  const replaced = ctx.args.flags.has('overwrite') && result.conflicts.length;
  return {
    json: result,
    text: [
      ...(replaced ? [conflictsText(result.conflicts).replace(/^conflict /gm, 'replaced ')] : []),
      done,
    ].join('\n'),
  };
}

export const labelsCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, ['overwrite']);
    const csv = await readCsvArgument(ctx.args.positional, 'labels');
    const store = ctx.openStore();
    try {
      const result = importLabelsCsv(store, { csv, overwrite: ctx.args.flags.has('overwrite') });
      return csvImportOutcome(
        ctx,
        result,
        'label',
        `${result.updated} labels set, ${result.unchanged} unchanged`,
      );
    } finally {
      store.close();
    }
  },
};
