import { describe, expect, it } from 'vitest';
import {
  channels,
  decodeBinary,
  decodeRuns,
  describeIssues,
  encodeBinary,
  encodeRuns,
  isChannel,
} from './api';

describe('binary envelope', () => {
  it('round-trips float32 data with its meta, aligned for a Float32Array view', () => {
    const data = new Float32Array([1.5, -2, 3e9, Number.NaN, 0]);
    const meta = { seriesUid: '1.2.3', size: [5, 1, 1] };
    for (const pad of ['', 'x', 'xyz', 'xyzwvu']) {
      const bytes = encodeBinary({ meta: { ...meta, pad }, data });
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
      const out = decodeBinary(copy.buffer);
      expect(out.meta).toEqual({ ...meta, pad });
      expect(out.data).toBeInstanceOf(Float32Array);
      expect(Array.from(out.data)).toEqual(Array.from(data));
    }
  });

  it('round-trips uint8 masks, including a subarray view', () => {
    const backing = new Uint8Array([9, 9, 0, 1, 1, 0, 9]);
    const out = decodeBinary(
      encodeBinary({ meta: { roiId: 3 }, data: backing.subarray(2, 6) }).slice().buffer,
    );
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(out.data)).toEqual([0, 1, 1, 0]);
  });

  it('rejects what it did not write', () => {
    expect(() => decodeBinary(new Uint8Array([1, 2, 3, 4, 0, 0, 0, 0]).buffer)).toThrow(/bad magic/);
    const ok = encodeBinary({ meta: {}, data: new Uint8Array(1) });
    expect(() => decodeBinary(ok.slice(0, 9).buffer)).toThrow(/truncated/);
  });
});

describe('channel schemas', () => {
  it('fill defaults and refuse unknown fields', () => {
    expect(channels['patients.list'].input.parse({})).toEqual({ offset: 0, limit: 50, search: '' });
    const bad = channels['patients.list'].input.safeParse({ limit: 0, extra: 1 });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(describeIssues(bad.error)).toMatch(/limit/);
  });

  it('name the offending field for bad input', () => {
    const r = channels['labels.set'].input.safeParse({ patientId: 'P1', response: 'XX' });
    expect(r.success).toBe(false);
    if (!r.success) expect(describeIssues(r.error)).toMatch(/^response:/);
    const empty = channels['import.start'].input.safeParse({ paths: [] });
    expect(empty.success).toBe(false);
    if (!empty.success) expect(describeIssues(empty.error)).toContain('give at least one path');
  });

  it('check binary outputs by array type', () => {
    const meta = {
      seriesUid: 's',
      size: [1, 1, 1],
      spacing: [1, 1, 1],
      origin: [0, 0, 0],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      min: 0,
      max: 0,
    };
    expect(channels['series.volume'].output.safeParse({ meta, data: new Float32Array(1) }).success).toBe(
      true,
    );
    expect(channels['series.volume'].output.safeParse({ meta, data: [0] }).success).toBe(false);
  });

  it('knows its channel names', () => {
    expect(isChannel('series.volume')).toBe(true);
    expect(isChannel('toString')).toBe(false);
    expect(isChannel('nope')).toBe(false);
  });
});

describe('run-length masks', () => {
  it('round-trip, starting with a 0-run even when the mask starts with 1', () => {
    const cases = [[], [0], [1], [1, 1, 0, 0, 0, 1], [0, 0, 7, 1, 0]];
    for (const c of cases) {
      const data = Uint8Array.from(c);
      const enc = encodeRuns(data);
      expect(decodeRuns(enc, data.length)).toEqual(Uint8Array.from(c.map((v) => (v ? 1 : 0))));
    }
    expect(encodeRuns(Uint8Array.from([1, 1, 0])).runs).toEqual([0, 2, 1]);
  });

  it('refuse runs that do not cover the grid', () => {
    expect(() => decodeRuns({ encoding: 'runs01', runs: [2, 2] }, 5)).toThrow(
      /cover 4 voxels but the series has 5/,
    );
  });
});
