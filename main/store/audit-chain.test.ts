/**
 * The audit log is append-only for every SQL path and hash-chained (issue 14 item 11): INSERT OR REPLACE
 * cannot rewrite a row, each row stores the previous row's hash and its own, `radscore audit verify` finds
 * the first row that does not match, and a database from before the chain gets its rows chained.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/index';
import { appendAudit, listAudit, verifyAudit } from './audit';
import { migrate, openStore } from './db';
import { MIGRATIONS } from './migrations';

const dir = mkdtempSync(join(tmpdir(), 'radscore-audit-chain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withLabels(path: string) {
  const store = openStore(path);
  for (const [n, response] of ['PR', 'SD', 'CR'].entries())
    appendAudit(store, {
      entity: 'response',
      entityId: n + 1,
      action: 'set',
      old: null,
      new: { patient_id: 'NPC001', response },
      actor: 'dr-a',
    });
  return store;
}

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('append-only for every SQL path', () => {
  it('INSERT OR REPLACE / UPSERT / REPLACE INTO cannot rewrite a row', () => {
    const store = withLabels(join(dir, 'replace.sqlite'));
    try {
      const before = store.db.prepare('SELECT * FROM audit_log WHERE id = 1').get();
      for (const sql of [
        "INSERT OR REPLACE INTO audit_log (id, entity, entity_id, action, actor, at) VALUES (1, 'response', '1', 'set', 'mallory', 'x')",
        "REPLACE INTO audit_log (id, entity, entity_id, action, actor, at) VALUES (1, 'response', '1', 'set', 'mallory', 'x')",
        "INSERT INTO audit_log (id, entity, entity_id, action, actor, at) VALUES (1, 'response', '1', 'set', 'mallory', 'x') ON CONFLICT(id) DO UPDATE SET actor = 'mallory'",
        "INSERT OR IGNORE INTO audit_log (id, entity, entity_id, action, actor, at) VALUES (1, 'response', '1', 'set', 'mallory', 'x')",
      ])
        expect(() => store.db.exec(sql), sql).toThrow(/append-only/);
      expect(store.db.prepare('SELECT * FROM audit_log WHERE id = 1').get()).toEqual(before);
      expect(() => store.db.exec('UPDATE audit_log SET actor = 1')).toThrow(/append-only/);
      expect(() => store.db.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    } finally {
      store.close();
    }
  });
});

describe('hash chain', () => {
  it('each row stores the previous hash and its own; verify walks the chain', () => {
    const store = withLabels(join(dir, 'chain.sqlite'));
    try {
      const rows = store.db.prepare('SELECT id, prev_hash, hash FROM audit_log ORDER BY id').all() as {
        id: number;
        prev_hash: string;
        hash: string;
      }[];
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
      expect(rows[0].prev_hash).toBe('');
      expect(rows[1].prev_hash).toBe(rows[0].hash);
      expect(rows[2].prev_hash).toBe(rows[1].hash);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
      expect(verifyAudit(store)).toEqual({ rows: 3, ok: true, first_bad: null });
      expect(listAudit(store)).toHaveLength(3);
    } finally {
      store.close();
    }
  });

  it('a row written around the app (no chain), or one changed behind the triggers, is found', () => {
    const store = withLabels(join(dir, 'tampered.sqlite'));
    try {
      store.db.exec(
        "INSERT INTO audit_log (entity, entity_id, action, actor, at) VALUES ('response', '9', 'set', 'mallory', '2026-01-01')",
      );
      expect(verifyAudit(store)).toMatchObject({ rows: 4, ok: false, first_bad: 4 });
      // What a tool without our triggers could do to the file: change the second row's label.
      store.db.exec('DROP TRIGGER audit_log_no_update');
      store.db.exec(`UPDATE audit_log SET new_json = replace(new_json, 'SD', 'PD') WHERE id = 2`);
      expect(verifyAudit(store)).toMatchObject({ rows: 4, ok: false, first_bad: 2 });
    } finally {
      store.close();
    }
  });

  it('an existing database: migration 3 chains the rows it already holds', () => {
    const path = join(dir, 'v2.sqlite');
    const db = new Database(path);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.id <= 2),
    );
    const insert = db.prepare(
      "INSERT INTO audit_log (entity, entity_id, action, old_json, new_json, actor, at) VALUES ('clinical', 'NPC001', 'update', ?, ?, 'dr-a', ?)",
    );
    insert.run('{}', '{"age":51}', '2025-01-01T00:00:00.000Z');
    insert.run('{"age":51}', '{"age":52}', '2025-02-01T00:00:00.000Z');
    db.close();
    const store = openStore(path);
    try {
      expect(verifyAudit(store)).toEqual({ rows: 2, ok: true, first_bad: null });
      appendAudit(store, { entity: 'clinical', entityId: 'NPC001', action: 'update', old: null, new: {} });
      expect(verifyAudit(store)).toEqual({ rows: 3, ok: true, first_bad: null });
      expect(listAudit(store).map((e) => e.new)).toEqual([{ age: 51 }, { age: 52 }, {}]);
    } finally {
      store.close();
    }
  });
});

describe('radscore audit verify', () => {
  it('--json prints {rows, ok, first_bad}; a broken chain exits 1 with the row', async () => {
    const path = join(dir, 'cli.sqlite');
    withLabels(path).close();
    const good = await cli('audit', 'verify', '--db', path, '--json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual({ rows: 3, ok: true, first_bad: null });
    const db = new Database(path);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.exec("UPDATE audit_log SET actor = 'mallory' WHERE id = 3");
    db.close();
    const bad = await cli('audit', 'verify', '--db', path, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({ rows: 3, ok: false, first_bad: 3 });
    expect(bad.stderr).toMatch(/^radscore audit: the audit log's hash chain breaks at row 3 of 3: /);
    const usage = await cli('audit', '--db', path);
    expect(usage.code).toBe(2);
  });
});
