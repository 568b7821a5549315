/** `radscore import <folder>…`: scan folders for DICOM and store images and RTSTRUCT/SEG ROIs. */
import { checkKnownOptions, UsageError } from '../args';
import type { CliCommand } from '../command';
import { importFolders } from '../../services/import';

export const importCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, []);
    if (ctx.args.positional.length === 0) throw new UsageError('give at least one folder to import');
    const store = ctx.openStore();
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    try {
      const result = await importFolders(store, ctx.args.positional, {
        signal: abort.signal,
        onProgress: (p) => {
          const label = p.phase === 'scan' ? 'files' : p.phase === 'store' ? 'series stored' : 'ROI files';
          if (p.total > 0) ctx.progress(p.done, p.total, label);
        },
      });
      const text = [
        `${result.files} files: ${result.patients} new patients, ${result.studies} studies, ${result.series} series, ` +
          `${result.instances} instances, ${result.rois} ROIs`,
        ...result.skipped.map((s) => `skipped ${s.file}: ${s.reason}`),
        ...result.warnings.map((w) => `warning${w.series ? ` (${w.series})` : ''}: ${w.message}`),
      ].join('\n');
      return { json: result, text };
    } finally {
      process.off('SIGINT', onSigint);
      store.close();
    }
  },
};
