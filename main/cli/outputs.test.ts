/**
 * No output path overwrites the open database or an existing file (issue 14 item 1): export-features,
 * export-roi and report on the command line, and the API's roi.export, against the database itself, its
 * side files, links to them (also a link to a side file that does not exist yet), and existing files.
 */
import Database from 'better-sqlite3';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { makeContext } from './context';
import { commands } from './registry';
import { runDemo } from '../demo/run';
import { createHandlers, openAppServices } from '../services/handlers';

const dir = mkdtempSync(join(tmpdir(), 'radscore-outputs-'));
let db = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const demo = await runDemo({ out: join(dir, 'demo'), patients: 12, matrix: 64, slices: 12, workers: 1 });
  db = demo.db;
}, 120_000);

async function radscore(...argv: string[]) {
  const [name, ...rest] = argv;
  const entry = commands.find((c) => c.name === name)!;
  const command = await entry.load();
  return command.run(makeContext(parseArgs([...rest, '--db', db, '--quiet'])));
}

/** The database is whole and still holds the demo (it was not written over). */
function expectDatabaseIntact() {
  const check = new Database(db, { readonly: true });
  try {
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((check.prepare('SELECT COUNT(*) AS n FROM patients').get() as { n: number }).n).toBe(12);
  } finally {
    check.close();
  }
}

describe('an output path never overwrites the open database', () => {
  it('export-features, export-roi and report refuse the database and its side files', async () => {
    const refused = (path: string, suffix = '') =>
      `refusing to write ${path}: it is ${suffix ? `the ${suffix} file of ` : ''}the open database ${db}`;
    await expect(radscore('export-features', '--out', db)).rejects.toThrow(refused(db));
    await expect(radscore('export-features', '--out', db, '--force')).rejects.toThrow(refused(db));
    await expect(radscore('report', '--model', '1', '--out', db, '--force')).rejects.toThrow(refused(db));
    await expect(
      radscore('export-roi', '--roi-id', '1', '--format', 'seg', '--out', `${db}-wal`, '--force'),
    ).rejects.toThrow(refused(`${db}-wal`, 'wal'));
    await expect(radscore('export-features', '--out', `${db}-journal`, '--force')).rejects.toThrow(
      refused(`${db}-journal`, 'journal'),
    );
    expectDatabaseIntact();
  });

  it('…also through a symbolic link, a linked folder, a hard link, or a link to a side file not there yet', async () => {
    const links = join(dir, 'links');
    mkdirSync(links);
    symlinkSync(db, join(links, 'features.csv'));
    symlinkSync(join(dir, 'demo'), join(links, 'demo-folder'));
    linkSync(db, join(links, 'hard.csv'));
    symlinkSync(`${db}-journal`, join(links, 'dangling.csv'));
    for (const out of [
      join(links, 'features.csv'),
      join(links, 'demo-folder', 'radscore-demo.sqlite'),
      join(links, 'hard.csv'),
      join(links, 'dangling.csv'),
      join(dir, 'demo', 'x', '..', 'radscore-demo.sqlite'),
    ])
      await expect(radscore('export-features', '--out', out, '--force'), out).rejects.toThrow(
        /the open database/,
      );
    expect(existsSync(`${db}-journal`)).toBe(false);
    expectDatabaseIntact();
  });

  it('export-sr (also its SEG beside the SR) and combat refuse the database through a hard link', async () => {
    const links = join(dir, 'links-sr');
    mkdirSync(links);
    linkSync(db, join(links, 'hard.dcm'));
    linkSync(db, join(links, 'sr.seg.dcm'));
    const patient = ((await radscore('patients')).json as { patient_id: string }[])[0].patient_id;
    const sr = (out: string) =>
      radscore('export-sr', '--feature-set', '1', '--patient', patient, '--out', out, '--force');
    await expect(sr(join(links, 'hard.dcm'))).rejects.toThrow(/the open database/);
    // The SR's own name is free; the SEG written beside it would be the database.
    await expect(sr(join(links, 'sr.dcm'))).rejects.toThrow(/the open database/);
    expect(existsSync(join(links, 'sr.dcm'))).toBe(false);
    const table = new URL('../../../shared/fixtures/robustness/cases/combat_a.csv', import.meta.url).pathname;
    await expect(
      radscore(
        'combat',
        table,
        '--batch',
        'batch',
        '--passthrough',
        'age,sex',
        '--out',
        join(links, 'hard.dcm'),
        '--force',
      ),
    ).rejects.toThrow(/the open database/);
    expectDatabaseIntact();
  });

  it("the API's roi.export refuses the host's own database, whatever `overwrite` says", async () => {
    const services = await openAppServices(db);
    try {
      const handlers = createHandlers(services, { host: 'browser' });
      for (const out of [db, `${db}-shm`])
        await expect(
          handlers.invoke('roi.export', { roiId: 1, format: 'SEG', out, overwrite: true }),
        ).rejects.toMatchObject({ kind: 'bad-input', message: expect.stringContaining('the open database') });
    } finally {
      services.close();
    }
    expectDatabaseIntact();
  });
});

describe('an existing file is replaced only when asked', () => {
  it('--out FILE that exists: refused naming it, nothing written; --force replaces it', async () => {
    const out = join(dir, 'mine.csv');
    writeFileSync(out, 'my own notes\n');
    await expect(radscore('export-features', '--out', out)).rejects.toThrow(
      `${out} already exists; add --force to replace it (nothing was written)`,
    );
    await expect(radscore('report', '--model', '1', '--out', out)).rejects.toThrow(`${out} already exists`);
    await expect(
      radscore('export-roi', '--roi-id', '1', '--format', 'rtstruct', '--out', out),
    ).rejects.toThrow(`${out} already exists`);
    expect(readFileSync(out, 'utf8')).toBe('my own notes\n');
    const { json } = await radscore('export-features', '--out', out, '--force');
    expect(json).toMatchObject({ out, rows: 12 });
    expect(readFileSync(out, 'utf8')).toMatch(/^patient_id,series_uid,roi,/);
  });

  it('roi.export: an existing file needs overwrite (the UI asks first)', async () => {
    const out = join(dir, 'gtv.dcm');
    writeFileSync(out, 'not yet');
    const services = await openAppServices(db);
    try {
      const handlers = createHandlers(services, { host: 'browser' });
      await expect(handlers.invoke('roi.export', { roiId: 1, format: 'SEG', out })).rejects.toMatchObject({
        kind: 'bad-input',
        message: expect.stringContaining(`${out} already exists; confirm to replace it`),
      });
      expect(readFileSync(out, 'utf8')).toBe('not yet');
      await handlers.invoke('roi.export', { roiId: 1, format: 'SEG', out, overwrite: true });
      expect(readFileSync(out).subarray(128, 132).toString('latin1')).toBe('DICM');
    } finally {
      services.close();
    }
  });
});
