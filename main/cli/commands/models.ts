/** `radscore models`: the stored model versions. */
import { checkKnownOptions, UsageError } from '../args';
import type { CliCommand } from '../command';
import { getStoredModel, listModels } from '../../services/models';

export const modelsCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, []);
    if (ctx.args.positional.length)
      throw new UsageError(
        `models takes no positional arguments (got "${ctx.args.positional[0]}"); to show one: radscore model <id>`,
      );
    const store = ctx.openStore({ readonly: true });
    try {
      const list = listModels(store);
      const json = list.map((m) => {
        const v = getStoredModel(store, m.model_id);
        return {
          ...v.fit,
          stored: {
            name: v.name,
            created_at: v.created_at,
            feature_set_id: v.feature_set_id,
            software_version: v.software_version,
            settings: v.settings,
          },
        };
      });
      const f = (x: number | null) => (x === null ? '–' : x.toFixed(3));
      const text = list.length
        ? list
            .map(
              (m) =>
                `${m.model_id}\t${m.created_at}\t${m.name || '(unnamed)'}\tfeature set ${m.feature_set_id ?? '–'}\t${m.selected.length} selected\tAUC train ${f(m.train_auc)}, validation ${f(m.validation_auc)}`,
            )
            .join('\n')
        : 'no model versions (fit one with: radscore fit)';
      return { json, text };
    } finally {
      store.close();
    }
  },
};
