/**
 * The SQLite store: one better-sqlite3 connection per thread, WAL, foreign keys on, numbered migrations.
 * Only main/store runs SQL; everything else calls the typed repository functions.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';

export interface Store {
  readonly db: Database.Database;
  readonly path: string;
  /** A cached prepared statement (prepare once per connection). */
  stmt(sql: string): Database.Statement;
  /**
   * Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints). Immediate: the write lock is
   * taken up front, so a read-then-insert cannot race another process's insert (busy_timeout waits).
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  /** Milliseconds a writer waits for another connection's lock. */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** Refuse a path where no file exists instead of creating a database there. */
  mustExist?: boolean;
}

/** SQLite's header field that marks a file as ours ('RDSC'); set on creation, checked on every open. */
export const APPLICATION_ID = 0x52445343;

export function nowIso(): string {
  return new Date().toISOString();
}

export function openStore(path: string, opts: OpenStoreOptions = {}): Store {
  const mustExist = (opts.readonly ?? false) || (opts.mustExist ?? false);
  if (path !== ':memory:' && mustExist && !existsSync(path)) throw new Error(`no database at ${path}`);
  if (path !== ':memory:' && !opts.readonly) mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: mustExist });
  } catch (err) {
    throw new Error(`cannot open database ${path}: ${(err as Error).message}`);
  }
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(opts.busyTimeoutMs ?? 10_000))}`);
  try {
    // Before anything writes: a foreign file must leave this function exactly as it came (no WAL, no tables).
    checkIdentity(db, path);
  } catch (err) {
    db.close();
    throw err;
  }
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // SQLite's lower() folds ASCII only; searches must match JavaScript's toLowerCase ("MÜLLER" ~ "mü").
  db.function('unicode_lower', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.toLowerCase() : text,
  );
  if (!opts.readonly) {
    migrate(db);
    stampIdentity(db);
  }

  const cache = new Map<string, Database.Statement>();
  return {
    db,
    path,
    stmt(sql) {
      let s = cache.get(sql);
      if (!s) {
        s = db.prepare(sql);
        cache.set(sql, s);
      }
      return s;
    },
    transaction(fn) {
      return db.transaction(fn).immediate();
    },
    close() {
      cache.clear();
      if (db.open) db.close();
    },
  };
}

/**
 * Refuses a file that is not a Radscore Studio database: not SQLite at all, another application's
 * (application_id set to something else), or a SQLite file with tables of its own. An empty database
 * (new file) and our own databases from before application_id was set (recognised by their migrations
 * table) are accepted; stampIdentity marks them.
 */
export function checkIdentity(db: Database.Database, path: string): void {
  let appId: number;
  let tables: string[];
  try {
    appId = db.pragma('application_id', { simple: true }) as number;
    tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
  } catch (err) {
    throw new Error(`${path} is not a Radscore Studio database (${(err as Error).message})`);
  }
  if (appId === APPLICATION_ID || tables.length === 0) return;
  const refuse = (why: string) => {
    throw new Error(`${path} is not a Radscore Studio database (${why}); it was not changed`);
  };
  if (appId !== 0) refuse(`application_id 0x${(appId >>> 0).toString(16)}`);
  const has = new Set(tables);
  const ours =
    has.has('migrations') &&
    has.has('patients') &&
    has.has('audit_log') &&
    (db.prepare('SELECT name FROM migrations WHERE id = 1').get() as { name?: string } | undefined)?.name ===
      MIGRATIONS[0].name;
  if (!ours) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    refuse(`it holds other tables: ${shown}`);
  }
}

/** Marks a database as ours (application_id) with its schema version (user_version, informative). */
function stampIdentity(db: Database.Database): void {
  const version = (db.prepare('SELECT MAX(id) AS id FROM migrations').get() as { id: number | null }).id ?? 0;
  if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID)
    db.pragma(`application_id = ${APPLICATION_ID}`);
  if (db.pragma('user_version', { simple: true }) !== version) db.pragma(`user_version = ${version}`);
}

/** Applies every migration not yet recorded, each in its own (immediate) transaction. Idempotent. */
export function migrate(db: Database.Database, migrations: Migration[] = MIGRATIONS): number[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  const applied: number[] = [];
  const has = db.prepare('SELECT 1 FROM migrations WHERE id = ?');
  const record = db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    // Re-check inside the transaction: another process may have migrated while we waited for the lock.
    const ran = db
      .transaction(() => {
        if (has.get(m.id)) return false;
        db.exec(m.sql);
        m.run?.(db);
        record.run(m.id, m.name, nowIso());
        return true;
      })
      .immediate();
    if (ran) applied.push(m.id);
  }
  const newest = db.prepare('SELECT MAX(id) AS id FROM migrations').get() as { id: number | null };
  const known = Math.max(0, ...migrations.map((m) => m.id));
  if ((newest.id ?? 0) > known) {
    throw new Error(
      `database schema version ${newest.id} is newer than this program knows (${known}); update Radscore Studio`,
    );
  }
  return applied;
}

/** Parses a JSON column, naming the column when it is corrupt. */
export function parseJsonColumn<T>(text: string | null, column: string): T {
  if (text === null) return null as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`corrupt JSON in column ${column}`);
  }
}
