import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MaskVolume } from '../../shared/image/volume';
import {
  appendAudit,
  decodeMask,
  deleteRoi,
  encodeMask,
  featureTable,
  findFeatureSet,
  getModelVersion,
  getOrCreateFeatureSet,
  getRoiMask,
  insertModelVersion,
  insertRoi,
  insertSeries,
  listAudit,
  listResponses,
  migrate,
  openStore,
  roisWithoutFeatures,
  saveFeatureValues,
  setResponse,
  upsertPatient,
  upsertStudy,
  type Store,
} from './index';
import { MIGRATIONS } from './migrations';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'radscore-store-'));
  store = openStore(join(dir, 'nested', 'db.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const grid = {
  size: [4, 3, 2] as [number, number, number],
  spacing: [1, 1, 2] as [number, number, number],
  origin: [0, 0, 0] as [number, number, number],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

function seedSeries(): number {
  const p = upsertPatient(store, { patientId: 'P1' });
  const st = upsertStudy(store, { patientRowId: p.id, studyUid: '1.2.3' });
  return insertSeries(store, { studyRowId: st.id, seriesUid: '1.2.3.4', geometry: grid });
}

describe('store', () => {
  it('creates the folder, runs migrations once, and reopening applies nothing', () => {
    const rows = store.db.prepare('SELECT id FROM migrations').all() as { id: number }[];
    expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(migrate(store.db)).toEqual([]);
    store.close();
    store = openStore(join(dir, 'nested', 'db.sqlite'));
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM migrations').get() as { n: number }).n).toBe(
      MIGRATIONS.length,
    );
  });

  it('refuses a database from a newer schema', () => {
    store.db.prepare("INSERT INTO migrations (id, name, applied_at) VALUES (999, 'future', 'x')").run();
    expect(() => migrate(store.db)).toThrow(/newer than this program/);
  });

  it('rolls back a failing migration completely', () => {
    const db = new Database(join(dir, 'bad.sqlite'));
    expect(() =>
      migrate(db, [{ id: 1, name: 'bad', sql: 'CREATE TABLE a (x); CREATE TABLE a (y);' }]),
    ).toThrow();
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM migrations').get()).toEqual({ n: 0 });
    db.close();
  });

  it('uses WAL with foreign keys on', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(store.db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    expect(() => upsertStudy(store, { patientRowId: 12345, studyUid: 'x' })).toThrow(/FOREIGN KEY/);
  });

  it('keeps the audit log append-only', () => {
    appendAudit(store, {
      entity: 'test',
      entityId: 1,
      action: 'create',
      old: null,
      new: { a: 1 },
      actor: 'me',
    });
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(listAudit(store)).toMatchObject([{ entity: 'test', entityId: '1', new: { a: 1 }, actor: 'me' }]);
  });

  it('round-trips masks (labels kept, empty mask allowed) and audits ROI changes', () => {
    const data = new Uint8Array(24);
    data[5] = 1;
    data[18] = 2;
    const mask: MaskVolume = { ...grid, data };
    const enc = encodeMask(mask);
    expect(enc.voxelCount).toBe(2);
    expect(enc.bbox).toEqual([1, 1, 0, 2, 1, 1]);
    expect(Array.from(decodeMask(enc.bytes, enc.encoding, enc.bbox, grid).data)).toEqual(Array.from(data));
    // Into a reused, larger, dirty buffer (the features worker's scratch): the same voxels, the rest untouched.
    const scratch = new Uint8Array(40).fill(7);
    const reused = decodeMask(enc.bytes, enc.encoding, enc.bbox, grid, scratch).data;
    expect(reused.buffer).toBe(scratch.buffer);
    expect(Array.from(reused)).toEqual(Array.from(data));
    expect(scratch[30]).toBe(7);
    expect(decodeMask(enc.bytes, enc.encoding, enc.bbox, grid, new Uint8Array(10)).data.length).toBe(24);
    const empty = encodeMask({ ...grid, data: new Uint8Array(24) });
    expect(decodeMask(empty.bytes, empty.encoding, empty.bbox, grid).data.every((v) => v === 0)).toBe(true);

    const seriesId = seedSeries();
    const id = insertRoi(store, { seriesId, name: 'GTV', source: 'drawn', mask, actor: 'me' });
    expect(Array.from(getRoiMask(store, id).data)).toEqual(Array.from(data));
    expect(() =>
      insertRoi(store, {
        seriesId,
        name: 'bad',
        source: 'drawn',
        mask: { ...grid, size: [4, 3, 1], data: new Uint8Array(12) },
      }),
    ).toThrow(/does not match/);
    deleteRoi(store, id, 'me');
    expect(listAudit(store, { entity: 'roi' }).map((a) => a.action)).toEqual(['create', 'delete']);
  });

  it('stores feature values per ROI in catalogue order and model versions whole', () => {
    const seriesId = seedSeries();
    const roi = insertRoi(store, {
      seriesId,
      name: 'GTV',
      source: 'drawn',
      mask: { ...grid, data: new Uint8Array(24).fill(1) },
    });
    const set = getOrCreateFeatureSet(store, { b: 1, a: [1, 2] }, 'ak');
    expect(getOrCreateFeatureSet(store, { a: [1, 2], b: 1 }, 'ak').id).toBe(set.id); // key order does not matter
    // a reworded description is documentation, not a setting: the set extracted before is found again
    const described = getOrCreateFeatureSet(store, { settings: { description: 'old words', c: 3 } }, 'ak');
    const reworded = { settings: { description: 'new words', c: 3 } };
    expect(findFeatureSet(store, reworded, 'ak')?.id).toBe(described.id);
    expect(getOrCreateFeatureSet(store, reworded, 'ak').id).toBe(described.id);
    expect(getOrCreateFeatureSet(store, { settings: { description: 'new words', c: 4 } }, 'ak').id).not.toBe(
      described.id,
    );
    expect(getOrCreateFeatureSet(store, reworded, 'ibsi').id).not.toBe(described.id);
    expect(roisWithoutFeatures(store, set.id)).toEqual([roi]);
    const f = (name: string, value: number) => ({
      name,
      tag: name,
      ibsi_id: '',
      family: 'histogram' as const,
      aggregation: 'none' as const,
      value,
    });
    saveFeatureValues(store, set.id, roi, [f('x', 1.5), f('y', NaN)]);
    expect(() => saveFeatureValues(store, set.id, roi, [f('y', 1), f('x', 2)])).toThrow(/differ/);
    const table = featureTable(store, set.id);
    expect(table.features.map((m) => m.name)).toEqual(['x', 'y']);
    expect(table.rows[0].values[0]).toBe(1.5);
    expect(Number.isNaN(table.rows[0].values[1])).toBe(true);
    expect(roisWithoutFeatures(store, set.id)).toEqual([]);

    const mid = insertModelVersion(store, {
      softwareVersion: '0.1.0',
      featureSetId: set.id,
      document: { selected: ['x'] },
      selected: ['x'],
    });
    expect(getModelVersion(store, mid)?.document).toEqual({ selected: ['x'], model_id: mid });
  });

  it('audits response changes and skips unchanged ones', () => {
    const p = upsertPatient(store, { patientId: 'P1' });
    expect(setResponse(store, { patientRowId: p.id, response: 'CR', actor: 'me' })).toBe('created');
    expect(setResponse(store, { patientRowId: p.id, response: 'CR', actor: 'me' })).toBe('unchanged');
    expect(setResponse(store, { patientRowId: p.id, response: 'PD', actor: 'me' })).toBe('changed');
    expect(listResponses(store)).toMatchObject([{ patientId: 'P1', response: 'PD' }]);
    expect(listAudit(store, { entity: 'response' }).map((a) => [a.old, a.new])).toMatchObject([
      [null, { patient_id: 'P1', response: 'CR' }],
      [{ response: 'CR' }, { response: 'PD' }],
    ]);
  });
});
