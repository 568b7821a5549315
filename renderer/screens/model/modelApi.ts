/**
 * The Models screen's `ModelApi` over the app's API client (channels models.*, patients.list and patient.get in
 * shared/api/). Fit progress arrives as 'models.fit.progress' events while the models.fit call runs.
 */
import type { ApiClient } from '../../api/client';
import { saveBlob } from '../../api/download';
import type { ModelVersionDetail } from '../../../shared/api';
import type { ModelApi, StoredModel } from './ModelScreenContainer';

function stored(d: ModelVersionDetail): StoredModel {
  return {
    id: d.modelId,
    name: d.name,
    createdAt: d.createdAt,
    softwareVersion: d.softwareVersion,
    fit: d.fit,
  };
}

/** Every patient of the worklist (patients.list pages of 500). */
async function allPatients(client: ApiClient): Promise<{ patientId: string; response: string | null }[]> {
  const out: { patientId: string; response: string | null }[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await client.call('patients.list', { offset, limit: 500 });
    out.push(...page.items.map((p) => ({ patientId: p.patientId, response: p.response })));
    if (page.items.length === 0 || out.length >= page.total) return out;
  }
}

export function modelApi(client: ApiClient): ModelApi {
  return {
    async listModels() {
      const list = await client.call('models.list', {});
      return Promise.all(
        list.map(async (m) => stored(await client.call('models.get', { modelId: m.modelId }))),
      );
    },
    async fit(s, onProgress) {
      const off = client.onEvent((e) => {
        if (e.event === 'models.fit.progress')
          onProgress?.(`Cross-validation: ${e.payload.label} (${e.payload.done}/${e.payload.total})`);
      });
      try {
        const d = await client.call('models.fit', {
          name: s.name,
          splitSeed: s.splitSeed,
          trainFraction: s.trainFraction,
          folds: s.folds,
          foldSeed: s.foldSeed,
          lambda: s.lambda,
        });
        return stored(d);
      } finally {
        off();
      }
    },
    async predict(modelId, patientId) {
      const r = await client.call('models.predict', { modelId, patientId });
      return { radscore: r.radscore, probability: r.probability, warnings: r.warnings };
    },
    listPatients: async () => (await allPatients(client)).map((p) => p.patientId),
    // NE (not evaluable) labels have no outcome: the fit leaves them out.
    labelledPatients: async () =>
      (await allPatients(client)).filter((p) => p.response !== null && p.response !== 'NE').length,
    async clinical(patientIds) {
      // One patient.get per patient; an id that is not a patient (e.g. a feature table's row) is left out.
      const settled = await Promise.allSettled(
        patientIds.map((patientId) => client.call('patient.get', { patientId })),
      );
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed && settled.every((r) => r.status === 'rejected'))
        throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
      // Keyed by patient ids (DICOM data): no prototype, so any id is just a key.
      const out = Object.create(null) as Record<string, Record<string, string | number | null>>;
      settled.forEach((r, i) => {
        if (r.status === 'fulfilled') out[patientIds[i]] = r.value.clinical;
      });
      return out;
    },
    async exportReport(modelId) {
      const html = await client.call('models.report', { modelId });
      saveBlob(new Blob([html], { type: 'text/html' }), `radscore-model-${modelId}.html`);
    },
  };
}
