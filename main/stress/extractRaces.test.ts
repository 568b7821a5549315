/**
 * The quick version of the stress run's races (npm run test:stress does ten): `radscore extract` in a child
 * process while this process saves a new mask for one ROI and deletes another — the run finishes, no stale
 * feature row is stored, the rerun completes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCrashFixture, type CrashFixture } from './crash';
import { raceTrial } from './extractRaces';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'radscore-races-'));
let fixture: CrashFixture;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(ROOT, 'bin/radscore.js'), 'help'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  fixture = await prepareCrashFixture(dir, { patients: 6, extraPatients: 0 });
}, 120_000);

describe('a ROI edited and another deleted while extract runs in another process', () => {
  it('finishes, stores no stale row (none of the deleted ROI either); the rerun completes', async () => {
    const trial = await raceTrial(ROOT, fixture, dir, 7);
    expect(trial.problems).toEqual([]);
    expect(trial.exitCode).toBe(0);
    expect(trial.staleRows).toBe(0);
  }, 120_000);
});
