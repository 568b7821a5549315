/** `radscore demo --patients 12` end to end into a temp folder: the fit document with a validation AUC + CI, and the report. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { main } from '../index';

const tmp = mkdtempSync(join(tmpdir(), 'radscore-demo-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const write = { out: process.stdout.write, err: process.stderr.write };
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

it(
  'demo --patients 12 --json: fit document with validation AUC and CI, stored model, report written',
  { timeout: 120_000 },
  async () => {
    const out = join(tmp, 'demo');
    // A smaller matrix than the default 256² × 24 keeps the test fast; the pipeline is the same. The default
    // seed: every cohort has ≥ 4 patients of each outcome by construction, so any 12-patient draw splits into
    // ≥ 3 training patients per class (3-fold CV) and both classes in validation.
    const r = await runCli([
      'demo',
      '--patients',
      '12',
      '--out',
      out,
      '--matrix',
      '128',
      '--slices',
      '16',
      '--workers',
      '2',
      '--json',
    ]);
    expect(r.stderr).toContain('demo [1/6] write cohort');
    expect(
      r.code,
      r.stderr
        .split('\n')
        .filter((l) => l.startsWith('radscore'))
        .join('\n'),
    ).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      model_id: number;
      report: string;
      selected: string[];
      n: { total: number; train: number; validation: number };
      train: { auc: number; auc_ci: [number, number] };
      validation: { auc: number; auc_ci: [number, number] } | null;
      demo: {
        db: string;
        import: { patients: number; rois: number };
        extract: {
          cases: number;
          features_per_case: number;
          timing: {
            workers: number;
            main_cpu_ms: number | null;
            worker_cpu_ms: number | null;
            compute_ms: number;
          };
        };
      };
    };
    expect(doc.model_id).toBeGreaterThanOrEqual(1);
    expect(doc.n).toMatchObject({ total: 12, train: 8, validation: 4 });
    expect(doc.demo.import).toMatchObject({ patients: 12, rois: 12 });
    expect(doc.demo.extract).toMatchObject({ cases: 12, features_per_case: 396 });
    // The heavy steps run in the two workers (how the CPU splits between them and the main thread is
    // printed by `npm run bench`, workers section).
    const timing = doc.demo.extract.timing;
    expect(timing.workers).toBe(2);
    if (timing.worker_cpu_ms !== null) expect(timing.worker_cpu_ms).toBeGreaterThan(0);
    expect(doc.validation).not.toBeNull();
    const v = doc.validation!;
    expect(v.auc).toBeGreaterThanOrEqual(0);
    expect(v.auc).toBeLessThanOrEqual(1);
    expect(v.auc_ci).toHaveLength(2);
    expect(v.auc_ci[0]).toBeLessThanOrEqual(v.auc);
    expect(v.auc_ci[1]).toBeGreaterThanOrEqual(v.auc);
    expect(doc.train.auc_ci).toHaveLength(2);
    expect(existsSync(doc.report)).toBe(true);
    expect(readFileSync(doc.report, 'utf8')).toContain(`Rad-score model ${doc.model_id}`);
    expect(existsSync(doc.demo.db)).toBe(true);
    expect(existsSync(join(out, 'dicom-export', 'labels.csv'))).toBe(true);
  },
);

it('demo refuses an existing --db (it needs a fresh database) and too few patients', async () => {
  const r = await runCli(['demo', '--patients', '4', '--out', join(tmp, 'small')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--patients must be ≥ 8/);
  const dbFile = join(tmp, 'existing.sqlite');
  writeFileSync(dbFile, '');
  const e = await runCli(['demo', '--patients', '8', '--out', join(tmp, 'existing'), '--db', dbFile]);
  expect(e.code).toBe(1);
  expect(e.stderr).toMatch(/already exists; the demo imports into a fresh database/);
});

it('demo refuses an --out folder that already holds files unless --force (nothing there is replaced unasked)', async () => {
  const out = join(tmp, 'occupied');
  mkdirSync(out);
  writeFileSync(join(out, 'radscore-demo.sqlite'), 'my own work');
  const r = await runCli(['demo', '--patients', '8', '--out', out]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    `${out} is not empty (radscore-demo.sqlite); the demo writes a cohort, a database and a report there: give a new --out, or add --force`,
  );
  expect(readFileSync(join(out, 'radscore-demo.sqlite'), 'utf8')).toBe('my own work');
});
