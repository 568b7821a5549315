/**
 * Crash safety, the quick version (the stress run does many more): `radscore extract` and `radscore labels`
 * SIGKILLed at seeded random moments; integrity, committed data and the rerun are checked by crashTrial.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cliStartupMs,
  crashTrial,
  killTimes,
  prepareCrashFixture,
  referenceRun,
  type CrashFixture,
} from './crash';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'radscore-crash-'));
let fixture: CrashFixture;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(ROOT, 'bin/radscore.js'), 'help'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  fixture = await prepareCrashFixture(join(dir), { patients: 6, extraPatients: 2000 });
}, 120_000);

describe('SIGKILL during writes', () => {
  it('labels: killed at two random points after start-up, the database stays whole and a rerun completes the work', async () => {
    const reference = await referenceRun(ROOT, fixture, 'labels', join(dir, 'labels-reference.sqlite'));
    const startup = await cliStartupMs(ROOT);
    // Kill between start-up and the end of the uninterrupted run: reading, validating, or inside the transaction.
    for (const at of killTimes(11, 2, Math.min(startup, reference.ms * 0.5), reference.ms * 0.95)) {
      const trial = await crashTrial(
        ROOT,
        fixture,
        'labels',
        at,
        join(dir, 'labels-trial.sqlite'),
        reference.snapshot,
      );
      process.stderr.write(
        `labels: kill after ${at} ms: ${trial.killed ? 'killed' : 'finished first'} (${trial.progress})\n`,
      );
      expect(trial.problems, `kill after ${at} ms`).toEqual([]);
      expect(trial.integrityOk).toBe(true);
    }
  }, 60_000);

  it('extract: killed twice mid-batch (after its first stored ROI), the database stays whole and a rerun completes the work', async () => {
    const reference = await referenceRun(ROOT, fixture, 'extract', join(dir, 'extract-reference.sqlite'));
    for (const at of killTimes(12, 2, 0, 400)) {
      const trial = await crashTrial(
        ROOT,
        fixture,
        'extract',
        at,
        join(dir, 'extract-trial.sqlite'),
        reference.snapshot,
        'first-row',
      );
      process.stderr.write(
        `extract: kill ${at} ms after the first row: ${trial.killed ? 'killed' : 'finished first'} (${trial.progress})\n`,
      );
      expect(trial.problems, `kill after ${at} ms`).toEqual([]);
      expect(trial.integrityOk).toBe(true);
    }
  }, 60_000);
});
