/**
 * Which files the store opens (issue 14 item 13): ours (application_id), our databases from before it was
 * set (recognised by their migrations, then stamped), new empty ones — and nothing else: a foreign SQLite
 * file or a non-database is refused and left exactly as it was (no tables added, not switched to WAL).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../cli/args';
import { makeContext } from '../cli/context';
import { APPLICATION_ID, openStore } from './db';
import { MIGRATIONS } from './migrations';

const dir = mkdtempSync(join(tmpdir(), 'radscore-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function raw(path: string) {
  const db = new Database(path);
  try {
    return {
      appId: db.pragma('application_id', { simple: true }),
      userVersion: db.pragma('user_version', { simple: true }),
      journal: db.pragma('journal_mode', { simple: true }),
      tables: (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
          name: string;
        }[]
      ).map((r) => r.name),
    };
  } finally {
    db.close();
  }
}

describe('openStore: only Radscore Studio databases', () => {
  it('a new database gets our application_id and its schema version as user_version', () => {
    const path = join(dir, 'new.sqlite');
    openStore(path).close();
    const r = raw(path);
    expect(r.appId).toBe(APPLICATION_ID);
    expect(r.userVersion).toBe(Math.max(...MIGRATIONS.map((m) => m.id)));
  });

  it('refuses a foreign SQLite file and leaves it unchanged (no tables, no WAL)', () => {
    const path = join(dir, 'foreign.sqlite');
    const db = new Database(path);
    db.exec(
      'CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices VALUES (1, 9.5);',
    );
    db.close();
    const bytes = readFileSync(path);
    expect(() => openStore(path)).toThrow(
      `${path} is not a Radscore Studio database (it holds other tables: invoices); it was not changed`,
    );
    expect(() => openStore(path, { readonly: true })).toThrow('is not a Radscore Studio database');
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(raw(path)).toMatchObject({ tables: ['invoices'], journal: 'delete' });
  });

  it("refuses another application's database (application_id set) even when it is empty", () => {
    const path = join(dir, 'other-app.sqlite');
    const db = new Database(path);
    db.pragma(`application_id = ${0x47504b47}`); // 'GPKG', a GeoPackage
    db.exec('CREATE TABLE gpkg_contents (table_name TEXT)');
    db.close();
    expect(() => openStore(path)).toThrow('is not a Radscore Studio database (application_id 0x47504b47)');
    expect(raw(path).tables).toEqual(['gpkg_contents']);
  });

  it('refuses a file that is not SQLite at all, unchanged', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'patient list, do not lose\n'.repeat(50));
    expect(() => openStore(path)).toThrow(`${path} is not a Radscore Studio database`);
    expect(readFileSync(path, 'utf8')).toBe('patient list, do not lose\n'.repeat(50));
  });

  it('recognises one of our databases made before application_id was set, and stamps it', () => {
    const path = join(dir, 'legacy.sqlite');
    openStore(path).close();
    const db = new Database(path);
    db.pragma('application_id = 0');
    db.pragma('user_version = 0');
    db.close();
    openStore(path, { readonly: true }).close(); // read-only: accepted, not stamped
    expect(raw(path).appId).toBe(0);
    openStore(path).close();
    expect(raw(path).appId).toBe(APPLICATION_ID);
  });
});

describe('CLI --db: a path that does not exist', () => {
  const ctx = (...argv: string[]) => makeContext(parseArgs(argv));

  it('is refused by commands that use a database, and not created', () => {
    const path = join(dir, 'typo', 'radscore.sqlite');
    expect(() => ctx('--db', path).openStore()).toThrow(
      `no database at ${path} (check --db; import and demo create one, --create an empty one)`,
    );
    expect(() => ctx('--db', path).openStore({ readonly: true })).toThrow(
      `no database at ${path} (check --db)`,
    );
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  it('is created with --create, or by a command that creates databases (import, demo)', () => {
    const a = join(dir, 'created-a.sqlite');
    ctx('--db', a, '--create').openStore().close();
    expect(raw(a).appId).toBe(APPLICATION_ID);
    const b = join(dir, 'created-b.sqlite');
    makeContext(parseArgs(['--db', b]), { createsDatabase: true })
      .openStore()
      .close();
    expect(existsSync(b)).toBe(true);
  });
});
