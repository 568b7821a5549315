/** `radscore predict --model <id> (--patient P | --image I --mask M [--roi R])`: Rad-score and probability of a case. */
import { resolve } from 'node:path';
import { checkKnownOptions, numberOption, requireOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { predictForImage, predictForPatient, type Prediction } from '../../services/prediction';

export const predictCommand: CliCommand = {
  async run(ctx) {
    const a = ctx.args;
    checkKnownOptions(a, ['model', 'patient', 'image', 'mask', 'roi']);
    requireOption(a, 'model');
    const modelId = numberOption(a, 'model', 0, { integer: true, min: 1 });
    const patient = a.options.get('patient');
    const image = a.options.get('image');
    const mask = a.options.get('mask');
    if ((patient !== undefined) === (image !== undefined || mask !== undefined))
      throw new UsageError('give either --patient P or --image I --mask M');
    if (patient === undefined && (image === undefined || mask === undefined))
      throw new UsageError('--image and --mask go together');
    if (patient !== undefined && a.options.has('roi'))
      throw new UsageError(
        '--roi goes with --image/--mask (a stored patient uses the ROI the model was fitted on)',
      );
    const store = ctx.openStore({ readonly: true });
    try {
      const p: Prediction & { patient_id?: string; roi?: string } =
        patient !== undefined
          ? await predictForPatient(store, modelId, patient)
          : await predictForImage(store, modelId, resolve(image!), resolve(mask!), a.options.get('roi'));
      const who = p.patient_id ? `patient ${p.patient_id}` : `image ${image}`;
      return {
        json: p,
        text: [
          `${who} (ROI ${p.roi}), model ${modelId}: Rad-score ${p.radscore.toFixed(4)}, probability of an effective response ${p.probability.toFixed(4)}`,
          ...p.warnings.map((w) => `warning: ${w}`),
        ].join('\n'),
      };
    } finally {
      store.close();
    }
  },
};
