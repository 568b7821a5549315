/** `radscore patients`: the patient list with per-step status (images, ROIs, label, features). */
import { checkKnownOptions } from '../args';
import type { CliCommand } from '../command';
import { listPatientOverview } from '../../services/patients';

export const patientsCommand: CliCommand = {
  async run(ctx) {
    checkKnownOptions(ctx.args, []);
    if (ctx.args.positional.length) throw new Error(`unexpected argument "${ctx.args.positional[0]}"`);
    const store = ctx.openStore();
    try {
      const list = listPatientOverview(store);
      const lines = list.map(
        (p) =>
          `${p.patient_id}\timages ${p.images}\tROIs ${p.rois.length ? p.rois.join(',') : '-'}\tlabel ${p.label?.response ?? '-'}\t` +
          `features ${p.status.features}`,
      );
      return { json: list, text: list.length ? lines.join('\n') : 'no patients' };
    } finally {
      store.close();
    }
  },
};
