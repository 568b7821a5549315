/**
 * Crash safety, the quick version (the stress run does many more): `radscore extract` and `radscore labels`
 * SIGKILLed at seeded random moments; integrity, committed data and the rerun are checked by crashTrial.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashTrial, killTimes, prepareCrashFixture, referenceRun, type CrashFixture } from './crash';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'radscore-crash-'));
let fixture: CrashFixture;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(ROOT, 'bin/radscore.js'), 'help'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  fixture = await prepareCrashFixture(join(dir), { patients: 4, extraPatients: 2000 });
}, 120_000);

describe('SIGKILL during writes', () => {
  for (const [command, seed] of [['labels', 11], ['extract', 12]] as const) {
    it(`${command}: killed twice at random points, the database stays whole and a rerun completes the work`, async () => {
      const reference = await referenceRun(ROOT, fixture, command, join(dir, `${command}-reference.sqlite`));
      // Startup (module load, opening the db) takes a few hundred ms: kill inside the writing part.
      for (const at of killTimes(seed, 2, 250, Math.max(300, reference.ms * 0.9))) {
        const trial = await crashTrial(ROOT, fixture, command, at, join(dir, `${command}-trial.sqlite`), reference.snapshot);
        process.stderr.write(`${command}: kill after ${at} ms: ${trial.killed ? "killed" : "finished first"} (${trial.progress})\n`);
        expect(trial.problems, `kill after ${at} ms`).toEqual([]);
        expect(trial.integrityOk).toBe(true);
      }
    }, 60_000);
  }
});
