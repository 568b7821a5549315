/**
 * Input validation over EVERY API channel (issue "Reliability and security", item 2). The channel list comes
 * from shared/api.ts, and the table below must have an entry for each (compile time: Record<Channel, …>;
 * run time: the first test), so a new channel cannot escape. Each malformed payload — wrong types, missing
 * and extra fields, path traversal, oversized strings, NaN/±Infinity — must be refused as 'bad-input' with
 * a message naming the channel (and the field), without reaching the service layer: through handlers.ts
 * directly, and through the browser host's HTTP front with the token (400) and without it (401).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelNames, channels, type Channel, type ChannelInput } from '../../shared/api';
import { startHost, type Host } from '../host/server';
import { ApiError, createHandlers, type AppServices } from './handlers';

/** A service layer that finds nothing and counts every call: bad input must never reach it. */
function countingServices(): { services: AppServices; calls: () => number } {
  let calls = 0;
  const count = <T>(value: T): T => {
    calls++;
    return value;
  };
  const services: AppServices = {
    dbPath: ':memory:',
    version: '0.0.0-test',
    listPatients: () => count({ total: 0, items: [] }),
    getPatient: () => count(null),
    getSeries: () => count(null),
    listRois: () => count(null),
    loadSeriesVolume: async () => count(null),
    loadRoiMask: async () => count(null),
    importPaths: async () => count({ files: 0, patients: 0, studies: 0, series: 0, instances: 0, rois: 0, skipped: [], warnings: [] }),
    saveRoi: () => count(null),
    deleteRoi: () => count(false),
    setLabel: () => count(null),
    close: () => undefined,
  };
  return { services, calls: () => calls };
}

/** A malformed payload, the field the error must name, and whether JSON can carry it (NaN → null may be valid). */
type Case = [label: string, payload: unknown, field?: string, directOnly?: boolean];

/** One valid payload per channel (it must pass validation), and the channel's own malformed payloads. */
const table: { [C in Channel]: { valid: ChannelInput<C>; bad: Case[] } } = {
  'app.info': { valid: {}, bad: [] },
  'patients.list': {
    valid: { offset: 0, limit: 50, search: 'NPC' },
    bad: [
      ['negative offset', { offset: -1 }, 'offset'],
      ['fractional offset', { offset: 1.5 }, 'offset'],
      ['zero limit', { limit: 0 }, 'limit'],
      ['limit above 500', { limit: 501 }, 'limit'],
      ['offset as a string', { offset: '10' }, 'offset'],
      ['search not a string', { search: ['a'] }, 'search'],
    ],
  },
  'patient.get': { valid: { patientId: 'P1' }, bad: [['empty id', { patientId: '' }, 'patientId']] },
  'series.get': { valid: { seriesUid: '1.2.3' }, bad: [['empty uid', { seriesUid: '' }, 'seriesUid']] },
  'series.volume': { valid: { seriesUid: '1.2.3' }, bad: [['uid as object', { seriesUid: { $gt: '' } }, 'seriesUid']] },
  'roi.list': { valid: { seriesUid: '1.2.3' }, bad: [['uid as array', { seriesUid: ['1.2.3'] }, 'seriesUid']] },
  'roi.mask': { valid: { roiId: 1 }, bad: [['negative id', { roiId: -1 }, 'roiId'], ['fractional id', { roiId: 0.5 }, 'roiId']] },
  'roi.save': {
    valid: { seriesUid: '1.2.3', roiId: null, name: 'GTV', author: 'Dr A', mask: { encoding: 'runs01', runs: [4, 2, 2] } },
    bad: [
      ['blank name', { seriesUid: '1.2.3', name: '   ', mask: { encoding: 'runs01', runs: [8] } }, 'name'],
      ['unknown mask encoding', { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'png', runs: [8] } }, 'mask.encoding'],
      ['negative run', { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'runs01', runs: [4, -2, 6] } }, 'mask.runs'],
      ['fractional run', { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'runs01', runs: [4, 2.5] } }, 'mask.runs'],
      ['NaN run', { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'runs01', runs: [4, NaN] } }, 'mask.runs'],
      ['run as a string', { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'runs01', runs: ['8'] } }, 'mask.runs'],
      ['extra field inside the mask', { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'runs01', runs: [8], data: 'AAAA' } }, 'mask'],
      ['negative roiId', { seriesUid: '1.2.3', roiId: -3, name: 'GTV', mask: { encoding: 'runs01', runs: [8] } }, 'roiId'],
    ],
  },
  'roi.delete': { valid: { roiId: 7 }, bad: [['id as a string', { roiId: '7' }, 'roiId']] },
  'import.start': {
    valid: { paths: ['/data/dicom', 'C:\\Export\\DICOM'] },
    bad: [
      ['no paths', { paths: [] }, 'paths'],
      ['empty path', { paths: [''] }, 'paths.0'],
      ['relative traversal', { paths: ['../../etc'] }, 'paths.0'],
      ['traversal inside an absolute path', { paths: ['/data/../../etc/passwd'] }, 'paths.0'],
      ['Windows traversal', { paths: ['C:\\data\\..\\..\\Windows\\System32'] }, 'paths.0'],
      ['relative path', { paths: ['data/dicom'] }, 'paths.0'],
      ['NUL byte in a path', { paths: ['/data/a\u0000.dcm'] }, 'paths.0'],
      ['path as a number', { paths: [42] }, 'paths.0'],
      ['paths as a string', { paths: '/data' }, 'paths'],
      ['path longer than 4096', { paths: [`/${'a'.repeat(5000)}`] }, 'paths.0'],
    ],
  },
  'import.status': { valid: { jobId: 'job-1' }, bad: [['job id as a number', { jobId: 1 }, 'jobId']] },
  'labels.set': {
    valid: { patientId: 'P1', response: 'PR', timepoint: 'post-treatment', assessor: 'Dr A' },
    bad: [
      ['unknown response', { patientId: 'P1', response: 'XX' }, 'response'],
      ['lower-case response', { patientId: 'P1', response: 'cr' }, 'response'],
      ['timepoint longer than 100', { patientId: 'P1', response: 'CR', timepoint: 't'.repeat(101) }, 'timepoint'],
      ['assessor as a number', { patientId: 'P1', response: 'CR', assessor: 3 }, 'assessor'],
    ],
  },
};

function objectSchema(channel: Channel): z.ZodObject {
  const schema = channels[channel].input as unknown;
  if (!(schema instanceof z.ZodObject)) throw new Error(`${channel}: the input schema is not an object schema`);
  return schema;
}

/** Cases derived from each channel's valid payload and schema: the same rules for every field of every channel. */
function derivedCases(channel: Channel): Case[] {
  const valid = table[channel].valid as Record<string, unknown>;
  const shape = objectSchema(channel).shape as Record<string, z.ZodType>;
  const cases: Case[] = [
    ['a string instead of an object', 'payload'],
    ['a number instead of an object', 42],
    ['an array instead of an object', [valid]],
    ['an extra field', { ...valid, injected: 'x' }, 'injected'],
    ['a prototype-pollution key', JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(valid).slice(1, -1) || '"x": 1'}}`) as unknown],
  ];
  for (const [key, value] of Object.entries(valid)) {
    const rest = { ...valid };
    delete rest[key];
    // A field is required unless its schema accepts `undefined` (a default or optional).
    if (!shape[key].safeParse(undefined).success) cases.push([`missing ${key}`, rest, key]);
    if (typeof value === 'string') {
      cases.push([`${key} oversized (100,000 chars)`, { ...valid, [key]: 'x'.repeat(100_000) }, key]);
      cases.push([`${key} as a number`, { ...valid, [key]: 12345 }, key]);
    }
    if (typeof value === 'number') {
      for (const bad of [NaN, Infinity, -Infinity]) cases.push([`${key} = ${bad}`, { ...valid, [key]: bad }, key]);
      cases.push([`${key} as a numeric string`, { ...valid, [key]: String(value) }, key]);
    }
    if (value === null) cases.push([`${key} = NaN`, { ...valid, [key]: NaN }, key, true], [`${key} = "NaN"`, { ...valid, [key]: 'NaN' }, key]);
    if (typeof value === 'object' && value !== null) cases.push([`${key} as a string`, { ...valid, [key]: 'x' }, key]);
  }
  return cases;
}

const allCases = (channel: Channel): Case[] => [...derivedCases(channel), ...table[channel].bad];

describe('API input validation: every channel', () => {
  it('the table covers exactly the channels of shared/api.ts', () => {
    expect(Object.keys(table).sort()).toEqual([...channelNames].sort());
    expect(channelNames.length).toBeGreaterThan(10);
  });

  for (const channel of channelNames) {
    it(`${channel}: the valid payload passes validation; ${allCases(channel).length} malformed payloads are refused before any service call`, async () => {
      const { services, calls } = countingServices();
      const handlers = createHandlers(services, { host: 'browser' });
      // Valid: succeeds or reports not-found (nothing stored), never bad-input.
      await handlers.invoke(channel, table[channel].valid).catch((err: unknown) => {
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).kind, (err as Error).message).not.toBe('bad-input');
      });
      await handlers.settle();
      const before = calls();
      for (const [label, payload, field] of allCases(channel)) {
        const err = await handlers.invoke(channel, payload).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, `${channel}: ${label} was accepted`).toBeInstanceOf(ApiError);
        const apiErr = err as ApiError;
        expect([apiErr.kind, apiErr.status], `${channel}: ${label}: ${apiErr.message}`).toEqual(['bad-input', 400]);
        expect(apiErr.message.startsWith(`${channel}: `)).toBe(true);
        // One clear line: names the field, and never echoes a 100 kB payload back.
        if (field) expect(apiErr.message, label).toContain(field.split('.')[0]);
        expect(apiErr.message.length, label).toBeLessThan(1000);
        expect(apiErr.message).not.toContain('\n');
      }
      expect(calls(), `${channel}: a malformed payload reached the services`).toBe(before);
    });
  }
});

describe('API input validation through the browser host (HTTP)', () => {
  let host: Host;
  let dir: string;
  const counting = countingServices();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'radscore-validation-'));
    mkdirSync(join(dir, 'renderer'), { recursive: true });
    writeFileSync(join(dir, 'renderer/index.html'), '<!doctype html><title>t</title>');
    host = await startHost({ services: counting.services, rendererDir: join(dir, 'renderer'), maxBodyBytes: 1024 * 1024 });
  });
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function post(channel: string, body: string, token?: string): Promise<{ status: number; body: { error?: string; kind?: string } }> {
    return new Promise((resolveReq, reject) => {
      const headers: Record<string, string> = { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json' };
      if (token !== undefined) headers['x-radscore-token'] = token;
      const req = request({ host: '127.0.0.1', port: host.port, path: `/api/${channel}`, method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: { error?: string; kind?: string } = {};
          try {
            parsed = JSON.parse(text) as typeof parsed;
          } catch {
            parsed = { error: text };
          }
          resolveReq({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('every malformed payload of every channel: 400 with the token, 401 without or with a wrong one', async () => {
    const before = counting.calls();
    let checked = 0;
    for (const channel of channelNames) {
      for (const [label, payload, field, directOnly] of allCases(channel)) {
        if (directOnly) continue;
        // JSON has no NaN/Infinity: they travel as null, which must be refused just the same.
        const body = JSON.stringify(payload);
        const ok = await post(channel, body, host.token);
        expect([ok.status, ok.body.kind], `${channel}: ${label}: ${ok.body.error}`).toEqual([400, 'bad-input']);
        if (field) expect(ok.body.error, `${channel}: ${label}`).toContain(field.split('.')[0]);
        expect((await post(channel, body)).status, `${channel}: ${label} without token`).toBe(401);
        expect((await post(channel, body, `${host.token.slice(0, -1)}x`)).status, `${channel}: ${label} with a wrong token`).toBe(401);
        checked++;
      }
      // Even a valid payload needs the token.
      expect((await post(channel, JSON.stringify(table[channel].valid))).status).toBe(401);
    }
    expect(counting.calls(), 'a malformed or unauthorised request reached the services').toBe(before);
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses bodies that are not JSON, or too large, naming the problem', async () => {
    const notJson = await post('patients.list', '{"offset": 0,', host.token);
    expect([notJson.status, notJson.body.error]).toEqual([400, 'request body is not valid JSON']);
    const huge = await post('patients.list', JSON.stringify({ search: 'x'.repeat(2 * 1024 * 1024) }), host.token).catch(() => ({ status: 400, body: { error: 'connection reset' } }));
    expect(huge.status).toBe(400);
    const unknown = await post('fs.readFile', '{}', host.token);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/unknown channel/);
  });
});
