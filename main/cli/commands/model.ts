/** `radscore model <id>`: one stored model version's fit document, exactly as `fit` printed it. */
import { checkKnownOptions, UsageError } from '../args';
import type { CliCommand } from '../command';
import { getModel } from '../../services/models';
import { fitSummary } from './fit';

export const modelCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, []);
    if (ctx.args.positional.length !== 1)
      throw new UsageError('give exactly one model id (list them with: radscore models)');
    const raw = ctx.args.positional[0];
    const id = Number(raw);
    if (!Number.isInteger(id) || id < 1)
      throw new UsageError(`model id must be a positive integer, got "${raw}"`);
    const store = ctx.openStore({ readonly: true });
    try {
      const fit = getModel(store, id);
      return { json: fit, text: fitSummary(fit) };
    } finally {
      store.close();
    }
  },
};
