/**
 * `fit`, `models`, `model`, `predict` through main() on a small stored cohort: the demo cohort writer's
 * DICOM (24 patients, 64² × 8) → import → labels → extract (paper preset, A.K. profile) → fit.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCohort, type WrittenCohort } from '../../demo/writeCohort';
import { main } from '../index';

const tmp = mkdtempSync(join(tmpdir(), 'radscore-fit-cli-'));
const db = join(tmp, 'db.sqlite');
let cohort: WrittenCohort;
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const write = { out: process.stdout.write, err: process.stderr.write };
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    const code = await main([...argv, '--db', db]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

async function ok(argv: string[]): Promise<unknown> {
  const r = await runCli([...argv, '--json']);
  expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout);
}

interface Doc {
  model_id: number;
  selected: string[];
  n: { total: number; train: number; validation: number };
  options: { folds: number; split_seed: number; lambda: string };
  scores: { id: string; split: string; probability: number; radscore: number }[];
}

/** A patient imported after the extraction (no values in the feature set). */
let late: string;

beforeAll(async () => {
  cohort = await writeDemoCohort(join(tmp, 'cohort'), { patients: 25, matrix: 64, slices: 8, seed: 11 });
  late = cohort.labels[24].patientId;
  mkdirSync(join(tmp, 'late'));
  renameSync(join(tmp, 'cohort', `PAT_${late}`), join(tmp, 'late', `PAT_${late}`));
  await ok(['import', join(tmp, 'cohort')]);
  await ok(['extract', '--preset', 'paper', '--workers', '2']);
  await ok(['import', join(tmp, 'late')]);
  await ok(['labels', cohort.labelsCsv]);
}, 180_000);

describe('fit / models / model / predict', () => {
  let doc: Doc;

  it(
    'fit stores a model version and prints its fit document; model <id> prints the same',
    { timeout: 60_000 },
    async () => {
      doc = (await ok(['fit', '--folds', '3', '--split-seed', '5', '--name', 'cli test'])) as Doc;
      expect(doc.model_id).toBe(1);
      expect(doc.n.total).toBe(24);
      expect(doc.options).toMatchObject({ folds: 3, split_seed: 5, lambda: 'min' });
      const shown = await runCli(['model', String(doc.model_id), '--json']);
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.stdout)).toEqual(doc);
      // byte-identical too (same serialisation of the same stored document)
      const again = await runCli(['fit', '--folds', '3', '--split-seed', '5', '--json']);
      expect(again.stdout.replace('"model_id": 2', '"model_id": 1')).toBe(shown.stdout);
      const list = (await ok(['models'])) as (Doc & { stored: { name: string; feature_set_id: number } })[];
      expect(list.map((m) => m.model_id)).toEqual([1, 2]);
      expect(list[0].stored).toMatchObject({ name: 'cli test', feature_set_id: 1 });
      expect(list[0].scores).toEqual(doc.scores);
    },
  );

  it("predict --patient gives the fit document's probability for training and validation patients (1e-12)", async () => {
    for (const split of ['train', 'validation']) {
      const s = doc.scores.find((x) => x.split === split)!;
      const p = (await ok(['predict', '--model', String(doc.model_id), '--patient', s.id])) as {
        radscore: number;
        probability: number;
        model_id: number;
      };
      expect(p.model_id).toBe(doc.model_id);
      expect(Math.abs(p.probability - s.probability)).toBeLessThan(1e-12);
      expect(Math.abs(p.radscore - s.radscore)).toBeLessThan(1e-12);
    }
  });

  it(
    "predict --image --mask (DICOM folder + RTSTRUCT, features computed with the set's settings) equals the stored patient",
    { timeout: 60_000 },
    async () => {
      const s = doc.scores[0];
      const folder = join(tmp, 'cohort', `PAT_${s.id}`, 'STUDY1');
      const p = (await ok([
        'predict',
        '--model',
        '1',
        '--image',
        join(folder, 'SE2'),
        '--mask',
        join(folder, 'SE901', 'RS0001'),
        '--roi',
        'GTV',
      ])) as {
        radscore: number;
        probability: number;
        model_id: number;
      };
      expect(p.model_id).toBe(1);
      expect(Math.abs(p.probability - s.probability)).toBeLessThan(1e-12);
    },
  );

  it(
    'predict --patient for a patient imported after the extraction computes the features (= predict --image/--mask on its files)',
    { timeout: 60_000 },
    async () => {
      const p = (await ok(['predict', '--model', '1', '--patient', late])) as {
        probability: number;
        radscore: number;
        source: string;
        features: Record<string, number>;
      };
      expect(p.source).toBe('computed');
      expect(Object.keys(p.features).sort()).toEqual([...doc.selected].sort());
      const folder = join(tmp, 'late', `PAT_${late}`, 'STUDY1');
      const q = (await ok([
        'predict',
        '--model',
        '1',
        '--image',
        join(folder, 'SE2'),
        '--mask',
        join(folder, 'SE901', 'RS0001'),
      ])) as { probability: number; radscore: number };
      expect(Math.abs(p.radscore - q.radscore)).toBeLessThan(1e-12);
      expect(doc.scores.map((s) => s.id)).not.toContain(late);
    },
  );

  it('bad input: clear one-line reasons, non-zero exit, nothing stored', async () => {
    const cases: [string[], RegExp, number][] = [
      [['fit', '--feature-set', '9'], /feature set 9 does not exist \(stored: 1\)/, 1],
      [
        ['fit', '--folds', '12'],
        /12-fold cross-validation needs at least 12 training patients per outcome/,
        1,
      ],
      [['fit', '--lambda', 'max'], /--lambda must be min or 1se/, 2],
      [['model', '7'], /model 7 does not exist \(stored: 1, 2\)/, 1],
      [['model'], /give exactly one model id/, 2],
      [['predict', '--model', '1'], /give either --patient P or --image I --mask M/, 2],
      [['predict', '--model', '1', '--patient', 'NOBODY'], /patient "NOBODY" is not in the database/, 1],
      [['predict', '--model', '1', '--image', tmp], /--image and --mask go together/, 2],
    ];
    for (const [argv, message, code] of cases) {
      const r = await runCli([...argv, '--json']);
      expect(r.code, argv.join(' ')).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    expect(((await ok(['models'])) as unknown[]).length).toBe(2);
  });
});
