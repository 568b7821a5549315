/**
 * models.cancel and models.predictImage through the API handlers on a small stored cohort (the demo
 * cohort writer's DICOM, 16 patients, 64² × 8 → import → extract with the paper preset → labels):
 * a fit cancelled while it runs stores nothing and fails with "cancelled"; prediction from an image folder +
 * RTSTRUCT equals the stored patient's score; missing files are named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, ChannelOutput } from '../../shared/api';
import { main } from '../cli/index';
import { writeDemoCohort, type WrittenCohort } from '../demo/writeCohort';
import { listModelVersions, openStore } from '../store/index';
import { createHandlers, openAppServices, type AppServices, type Handlers } from './handlers';
import { closeModelingWorkers } from './fitTable';

const tmp = mkdtempSync(join(tmpdir(), 'radscore-models-api-'));
const db = join(tmp, 'db.sqlite');
let cohort: WrittenCohort;
let services: AppServices;
let h: Handlers;
const events: ApiEvent[] = [];
/** Called on every pushed event (the cancel test hooks in here). */
let onEvent: (e: ApiEvent) => void = () => undefined;

async function cli(argv: string[]): Promise<void> {
  const write = { out: process.stdout.write, err: process.stderr.write };
  let stderr = '';
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    const code = await main([...argv, '--db', db, '--json']);
    if (code !== 0) throw new Error(`${argv.join(' ')}: ${stderr}`);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

function storedVersions(): number {
  const store = openStore(db);
  try {
    return listModelVersions(store).length;
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  cohort = await writeDemoCohort(join(tmp, 'cohort'), { patients: 16, matrix: 64, slices: 8, seed: 5 });
  await cli(['import', join(tmp, 'cohort')]);
  await cli(['extract', '--preset', 'paper', '--workers', '2']);
  await cli(['labels', cohort.labelsCsv]);
  services = await openAppServices(db);
  h = createHandlers(services, {
    host: 'browser',
    emit: (e) => (events.push(e), onEvent(e)),
    progressIntervalMs: 0,
  });
}, 180_000);

afterAll(async () => {
  services?.close();
  await closeModelingWorkers();
  rmSync(tmp, { recursive: true, force: true });
});

describe('models.cancel', () => {
  it(
    'cancelling a running fit (by its fitId, at its first progress event) stores nothing; the call fails with "cancelled"',
    { timeout: 60_000 },
    async () => {
      const before = storedVersions();
      let cancelled: Promise<unknown> | null = null;
      onEvent = (e) => {
        if (e.event === 'models.fit.progress' && !cancelled)
          cancelled = h.invoke('models.cancel', { fitId: 'ui-fit-1' });
      };
      const fit = h.invoke('models.fit', { folds: 3, fitId: 'ui-fit-1' });
      await expect(fit).rejects.toMatchObject({
        kind: 'failed',
        message: 'models.fit: cancelled; no model version was stored',
      });
      onEvent = () => undefined;
      expect(cancelled).not.toBeNull();
      expect(await cancelled).toEqual({ cancelled: 1 });
      expect(storedVersions()).toBe(before);
      // nothing running any more: cancel finds nothing, by id or all
      expect(await h.invoke('models.cancel', { fitId: 'ui-fit-1' })).toEqual({ cancelled: 0 });
      expect(await h.invoke('models.cancel', {})).toEqual({ cancelled: 0 });
    },
  );

  it(
    'cancel with no fitId stops every running fit; a fit left to finish then stores a version',
    { timeout: 60_000 },
    async () => {
      const before = storedVersions();
      const first = h.invoke('models.fit', { folds: 3 });
      const cancel = await h.invoke('models.cancel', {});
      expect(cancel).toEqual({ cancelled: 1 });
      await expect(first).rejects.toMatchObject({ message: /cancelled/ });
      // split seed 4: the LASSO keeps 2 features on this cohort (seed 1 keeps none), so predictImage below is not intercept-only
      const fitted = (await h.invoke('models.fit', {
        folds: 3,
        splitSeed: 4,
        fitId: 'ui-fit-2',
      })) as ChannelOutput<'models.fit'>;
      expect(storedVersions()).toBe(before + 1);
      expect(fitted.fit.selected.length).toBeGreaterThan(0);
    },
  );

  it('refuses a second fit under a fitId that is running', { timeout: 60_000 }, async () => {
    const a = h.invoke('models.fit', { folds: 3, fitId: 'dup' });
    await expect(h.invoke('models.fit', { folds: 3, fitId: 'dup' })).rejects.toMatchObject({
      kind: 'bad-input',
      message: /fitId "dup" is already running/,
    });
    await h.invoke('models.cancel', { fitId: 'dup' });
    await expect(a).rejects.toMatchObject({ message: /cancelled/ });
  });
});

describe('models.predictImage', () => {
  /** models.predictImage on a cohort patient's image folder and RTSTRUCT, as files outside the database. */
  const predictCohortCase = async (modelId: number, patientId: string) => {
    const folder = join(tmp, 'cohort', `PAT_${patientId}`, 'STUDY1');
    return (await h.invoke('models.predictImage', {
      modelId,
      image: join(folder, 'SE2'),
      mask: join(folder, 'SE901', 'RS0001'),
      roi: 'GTV',
    })) as ChannelOutput<'models.predictImage'>;
  };

  it(
    "image folder + RTSTRUCT (features computed with the set's settings) equals the stored patient's score",
    { timeout: 60_000 },
    async () => {
      const list = (await h.invoke('models.list', {})) as ChannelOutput<'models.list'>;
      const modelId = list.at(-1)!.modelId;
      const model = (await h.invoke('models.get', { modelId })) as ChannelOutput<'models.get'>;
      for (const split of ['train', 'validation']) {
        const s = model.fit.scores.find((x) => x.split === split)!;
        const p = await predictCohortCase(modelId, s.id);
        expect(p).toMatchObject({ modelId, roi: 'GTV' });
        expect(Math.abs(p.probability - s.probability)).toBeLessThan(1e-12);
        expect(Math.abs(p.radscore - s.radscore)).toBeLessThan(1e-12);
        expect(Object.keys(p.features).sort()).toEqual([...model.fit.selected].sort());
      }
    },
  );

  it('warns when the case lies outside the training data (a T1 sarcoma against the T2 NPC model)', async () => {
    const list = (await h.invoke('models.list', {})) as ChannelOutput<'models.list'>;
    const modelId = list.at(-1)!.modelId;
    const sts = join(__dirname, '../../../shared/data/mr-series-sts001-t1/dicom');
    const p = (await h.invoke('models.predictImage', {
      modelId,
      image: join(sts, 'image'),
      mask: join(sts, 'mask', 'RS.dcm'),
    })) as ChannelOutput<'models.predictImage'>;
    expect(p.warnings.length).toBeGreaterThan(0);
    expect(p.warnings[0]).toMatch(
      / is outside the training range used by the model \(mean ± 3 SD: .* to .*\): the training median .* was used/,
    );
    // A training patient of the cohort warns exactly for those of its values outside the stored bounds.
    const model = (await h.invoke('models.get', { modelId })) as ChannelOutput<'models.get'>;
    const q = await predictCohortCase(modelId, model.fit.scores.find((x) => x.split === 'train')!.id);
    const { lower, upper, features } = model.fit.preprocessing as {
      lower: number[];
      upper: number[];
      features: string[];
    };
    const outside = model.fit.selected.filter((f) => {
      const j = features.indexOf(f);
      const v = q.features[f]!;
      return v < lower[j] || v > upper[j];
    });
    expect(q.warnings).toHaveLength(outside.length);
  });

  it('a missing image or mask is named (bad-input); an unknown model is not-found', async () => {
    const list = (await h.invoke('models.list', {})) as ChannelOutput<'models.list'>;
    const modelId = list.at(-1)!.modelId;
    const folder = join(tmp, 'cohort', `PAT_${cohort.labels[0].patientId}`, 'STUDY1');
    const missing = join(tmp, 'nowhere', 'image.nii.gz');
    await expect(
      h.invoke('models.predictImage', { modelId, image: missing, mask: join(folder, 'SE901', 'RS0001') }),
    ).rejects.toMatchObject({
      kind: 'bad-input',
      message: `the image ${missing} does not exist`,
    });
    const noMask = join(folder, 'SE901', 'RS9999');
    await expect(
      h.invoke('models.predictImage', { modelId, image: join(folder, 'SE2'), mask: noMask }),
    ).rejects.toMatchObject({
      kind: 'bad-input',
      message: `the mask ${noMask} does not exist`,
    });
    await expect(
      h.invoke('models.predictImage', {
        modelId: 999,
        image: join(folder, 'SE2'),
        mask: join(folder, 'SE901', 'RS0001'),
      }),
    ).rejects.toMatchObject({ kind: 'not-found' });
  });
});
