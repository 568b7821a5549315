/** `radscore audit verify`: checks the audit log's hash chain (DESIGN §7) and prints {rows, ok, first_bad}. */
import { checkKnownOptions, UsageError } from '../args';
import type { CliCommand } from '../command';
import { verifyAudit } from '../../store/audit';
import { failWithJson } from './labels';

const SUBCOMMANDS = ['verify'];

export const auditCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, []);
    const [sub, ...extra] = ctx.args.positional;
    if (!sub || !SUBCOMMANDS.includes(sub))
      throw new UsageError(`give a subcommand: ${SUBCOMMANDS.join(', ')}${sub ? ` (not "${sub}")` : ''}`);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    // Writable: an older database gets migration 3 first, which chains the rows it already holds.
    const store = ctx.openStore();
    try {
      const result = verifyAudit(store);
      const json = { rows: result.rows, ok: result.ok, first_bad: result.first_bad };
      if (!result.ok)
        failWithJson(
          ctx,
          `the audit log's hash chain breaks at row ${result.first_bad} of ${result.rows}: ${result.reason}`,
          json,
        );
      return { json, text: `audit log: ${result.rows} rows, hash chain intact` };
    } finally {
      store.close();
    }
  },
};
