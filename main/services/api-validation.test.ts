/**
 * Input validation over EVERY API channel (issue "Reliability and security", item 2). The channel list comes
 * from shared/api/, and the table below must have an entry for each (compile time: Record<Channel, …>;
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

/**
 * A service layer that finds nothing and counts every call: bad input must never reach it. A Proxy, so that
 * services added to AppServices later are covered without editing this test.
 */
function countingServices(): { services: AppServices; calls: () => number } {
  let calls = 0;
  // Every property is again such a proxy (nested service groups: s.extraction.subscribe …); calling one counts
  // and returns null, which handlers report as not-found.
  const node = (): unknown =>
    new Proxy(() => undefined, {
      get(_target, prop) {
        if (prop === 'then') return undefined; // not a thenable
        return node();
      },
      apply() {
        calls++;
        return null;
      },
    });
  const root = node() as Record<string | symbol, unknown>;
  const services = new Proxy({} as AppServices, {
    get(_target, prop) {
      if (prop === 'dbPath') return ':memory:';
      if (prop === 'version') return '0.0.0-test';
      if (prop === 'close') return () => undefined;
      return root[prop];
    },
  });
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
  'series.volume': {
    valid: { seriesUid: '1.2.3' },
    bad: [['uid as object', { seriesUid: { $gt: '' } }, 'seriesUid']],
  },
  'roi.list': {
    valid: { seriesUid: '1.2.3' },
    bad: [['uid as array', { seriesUid: ['1.2.3'] }, 'seriesUid']],
  },
  'roi.mask': {
    valid: { roiId: 1 },
    bad: [
      ['negative id', { roiId: -1 }, 'roiId'],
      ['fractional id', { roiId: 0.5 }, 'roiId'],
    ],
  },
  'roi.save': {
    valid: {
      seriesUid: '1.2.3',
      roiId: 3,
      name: 'GTV',
      author: 'Dr A',
      mask: { encoding: 'runs01', runs: [4, 2, 2] },
    },
    bad: [
      ['blank name', { seriesUid: '1.2.3', name: '   ', mask: { encoding: 'runs01', runs: [8] } }, 'name'],
      [
        'unknown mask encoding',
        { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'png', runs: [8] } },
        'mask.encoding',
      ],
      [
        'negative run',
        { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'runs01', runs: [4, -2, 6] } },
        'mask.runs',
      ],
      [
        'fractional run',
        { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'runs01', runs: [4, 2.5] } },
        'mask.runs',
      ],
      [
        'NaN run',
        { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'runs01', runs: [4, NaN] } },
        'mask.runs',
      ],
      [
        'run as a string',
        { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'runs01', runs: ['8'] } },
        'mask.runs',
      ],
      [
        'extra field inside the mask',
        { seriesUid: '1.2.3', name: 'GTV', mask: { encoding: 'runs01', runs: [8], data: 'AAAA' } },
        'mask',
      ],
      [
        'negative roiId',
        { seriesUid: '1.2.3', roiId: -3, name: 'GTV', mask: { encoding: 'runs01', runs: [8] } },
        'roiId',
      ],
      [
        'roiId NaN (nullable field)',
        { seriesUid: '1.2.3', roiId: NaN, name: 'GTV', mask: { encoding: 'runs01', runs: [8] } },
        'roiId',
        true,
      ],
    ],
  },
  'roi.delete': { valid: { roiId: 7 }, bad: [['id as a string', { roiId: '7' }, 'roiId']] },
  'roi.export': {
    valid: { roiId: 7, format: 'SEG', out: '/exports/gtv.dcm', deidentify: true },
    bad: [
      ['unknown format', { roiId: 7, format: 'NIFTI', out: '/exports/gtv.dcm' }, 'format'],
      ['relative out', { roiId: 7, format: 'SEG', out: 'gtv.dcm' }, 'out'],
    ],
  },
  'sr.export': {
    valid: { featureSetId: 1, patientId: 'NPC001', out: '/exports/npc001.sr.dcm', deidentify: true },
    bad: [
      ['relative out', { featureSetId: 1, patientId: 'NPC001', out: 'sr.dcm' }, 'out'],
      ['empty patient', { featureSetId: 1, patientId: '', out: '/exports/sr.dcm' }, 'patientId'],
      ['feature set 0', { featureSetId: 0, patientId: 'NPC001', out: '/exports/sr.dcm' }, 'featureSetId'],
    ],
  },
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
  'import.cancel': { valid: { jobId: 'job-1' }, bad: [['empty job id', { jobId: '' }, 'jobId']] },
  'labels.set': {
    valid: { patientId: 'P1', response: 'PR', timepoint: 'post-treatment', assessor: 'Dr A' },
    bad: [
      ['unknown response', { patientId: 'P1', response: 'XX' }, 'response'],
      ['lower-case response', { patientId: 'P1', response: 'cr' }, 'response'],
      [
        'timepoint longer than 100',
        { patientId: 'P1', response: 'CR', timepoint: 't'.repeat(101) },
        'timepoint',
      ],
      ['assessor as a number', { patientId: 'P1', response: 'CR', assessor: 3 }, 'assessor'],
    ],
  },
  'models.list': { valid: {}, bad: [] },
  'models.get': {
    valid: { modelId: 1 },
    bad: [
      ['model id 0', { modelId: 0 }, 'modelId'],
      ['fractional model id', { modelId: 1.5 }, 'modelId'],
    ],
  },
  'models.fit': {
    valid: {
      featureSetId: 1,
      splitSeed: 2026,
      trainFraction: 0.5,
      folds: 5,
      foldSeed: 1,
      lambda: '1se',
      name: 'paper',
      roi: 'GTV',
      fitId: 'fit-1',
    },
    bad: [
      ['two folds', { folds: 2 }, 'folds'],
      ['21 folds', { folds: 21 }, 'folds'],
      ['train fraction 0', { trainFraction: 0 }, 'trainFraction'],
      ['train fraction above 1', { trainFraction: 1.5 }, 'trainFraction'],
      ['unknown lambda rule', { lambda: 'max' }, 'lambda'],
      ['negative seed', { splitSeed: -1 }, 'splitSeed'],
      ['seed above 2^31-1', { foldSeed: 2 ** 31 }, 'foldSeed'],
      ['feature set 0', { featureSetId: 0 }, 'featureSetId'],
      ['feature set NaN', { featureSetId: NaN }, 'featureSetId', true],
      ['empty ROI name', { roi: '' }, 'roi'],
      ['empty fit id', { fitId: '' }, 'fitId'],
    ],
  },
  'models.predict': {
    valid: { modelId: 1, patientId: 'P1' },
    bad: [['model id 0', { modelId: 0, patientId: 'P1' }, 'modelId']],
  },
  'models.report': { valid: { modelId: 2 }, bad: [['negative model id', { modelId: -2 }, 'modelId']] },
  'models.cancel': {
    valid: { fitId: 'fit-1' },
    bad: [
      ['empty fit id', { fitId: '' }, 'fitId'],
      ['fit id longer than 100', { fitId: 'f'.repeat(101) }, 'fitId'],
    ],
  },
  'models.predictImage': {
    valid: { modelId: 1, image: '/data/case7/t2.nii.gz', mask: '/data/case7/rtstruct.dcm', roi: 'GTV' },
    bad: [
      ['relative image path', { modelId: 1, image: 'case7/t2.nii.gz', mask: '/data/m.nrrd' }, 'image'],
      ['mask path with ..', { modelId: 1, image: '/data/t2.nii.gz', mask: '/data/../etc/m.nrrd' }, 'mask'],
      ['mask missing', { modelId: 1, image: '/data/t2.nii.gz' }, 'mask'],
      ['model id 0', { modelId: 0, image: '/data/t2.nii.gz', mask: '/data/m.nrrd' }, 'modelId'],
      ['empty ROI name', { modelId: 1, image: '/data/t2.nii.gz', mask: '/data/m.nrrd', roi: '' }, 'roi'],
    ],
  },
  'worklist.list': {
    valid: { offset: 0, limit: 25, search: 'NPC', status: 'needs-label', response: 'effective' },
    bad: [
      ['unknown status', { status: 'done' }, 'status'],
      ['unknown response filter', { response: 'maybe' }, 'response'],
      ['limit above 500', { limit: 501 }, 'limit'],
    ],
  },
  'patient.labels': { valid: { patientId: 'P1' }, bad: [['empty id', { patientId: '' }, 'patientId']] },
  'patient.audit': {
    valid: { patientId: 'P1' },
    bad: [['id longer than 256', { patientId: 'p'.repeat(257) }, 'patientId']],
  },
  'labels.assess': {
    valid: {
      patientId: 'P1',
      timepoint: 'week 12',
      response: 'SD',
      assessor: 'Dr A',
      assessment: { method: 'RECIST 1.1', baselineSum: 42 },
    },
    bad: [
      ['blank timepoint', { patientId: 'P1', timepoint: '   ', response: 'SD' }, 'timepoint'],
      ['unknown response', { patientId: 'P1', timepoint: 'week 12', response: 'XX' }, 'response'],
      [
        'assessment as an array',
        { patientId: 'P1', timepoint: 'week 12', response: 'SD', assessment: [1, 2] },
        'assessment',
      ],
    ],
  },
  'labels.import': {
    valid: { csv: 'patient_id,response\nP1,CR\n' },
    bad: [['CSV above 20,000,000 chars', { csv: 'x'.repeat(20_000_001) }, 'csv', true]],
  },
  'clinical.set': {
    valid: { patientId: 'P1', name: 'age', value: '57' },
    bad: [
      ['blank variable name', { patientId: 'P1', name: ' ', value: '1' }, 'name'],
      ['value longer than 1000', { patientId: 'P1', name: 'note', value: 'v'.repeat(1001) }, 'value'],
      ['value as a number', { patientId: 'P1', name: 'age', value: 57 }, 'value'],
    ],
  },
  'clinical.import': {
    valid: { csv: 'patient_id,age\nP1,57\n' },
    bad: [['csv as an array', { csv: ['P1,57'] }, 'csv']],
  },
  'extraction.options': { valid: {}, bad: [] },
  'extraction.plan': {
    valid: { profile: 'ak', preset: 'paper', settingsFile: '/data/settings.yaml', roi: 'GTV' },
    bad: [
      ['settings file with traversal', { settingsFile: '/data/../../etc/passwd' }, 'settingsFile'],
      ['workers (a run option)', { workers: 2 }, 'workers'],
      ['ROI name as a number', { roi: 3 }, 'roi'],
    ],
  },
  'extraction.start': {
    valid: { profile: 'ak', preset: 'paper', settingsFile: '/data/settings.yaml', roi: 'GTV', workers: 2 },
    bad: [
      ['settings file with traversal', { settingsFile: '/data/../../etc/passwd' }, 'settingsFile'],
      ['relative settings file', { settingsFile: '../settings.yaml' }, 'settingsFile'],
      ['settings file with a NUL byte', { settingsFile: '/data/s.yaml\u0000.png' }, 'settingsFile'],
      ['zero workers', { workers: 0 }, 'workers'],
      ['65 workers', { workers: 65 }, 'workers'],
      ['empty profile', { profile: '' }, 'profile'],
    ],
  },
  'extraction.status': { valid: { jobId: 'job-1' }, bad: [['job id as a number', { jobId: 1 }, 'jobId']] },
  'extraction.cancel': { valid: { jobId: 'job-1' }, bad: [['job id missing', {}, 'jobId']] },
  'featureSets.list': { valid: {}, bad: [] },
  'featureSets.csv': {
    valid: { featureSetId: 1, deidentify: true },
    bad: [
      ['feature set id as a string', { featureSetId: '1' }, 'featureSetId'],
      ['feature set id 0', { featureSetId: 0 }, 'featureSetId'],
      ['a file path (no paths cross)', { featureSetId: 1, out: '/tmp/x.csv' }, 'out'],
    ],
  },
};

function objectSchema(channel: Channel): z.ZodObject {
  const schema = channels[channel].input as unknown;
  if (!(schema instanceof z.ZodObject))
    throw new Error(`${channel}: the input schema is not an object schema`);
  return schema;
}

/**
 * The declared maximum length of a string field (through default/nullable/optional); null for an enum or
 * literal (a fixed set of values); fails when a free string has no limit.
 */
function stringLimit(channel: Channel, key: string): number | null {
  let t: unknown = (objectSchema(channel).shape as Record<string, z.ZodType>)[key];
  while (t instanceof z.ZodDefault || t instanceof z.ZodNullable || t instanceof z.ZodOptional)
    t = t.unwrap();
  if (t instanceof z.ZodEnum || t instanceof z.ZodLiteral) return null;
  if (!(t instanceof z.ZodString))
    throw new Error(`${channel}.${key}: a string in the valid payload, but not a string schema`);
  if (t.maxLength === null)
    throw new Error(`${channel}.${key}: a string without a length limit (oversized input would be accepted)`);
  return t.maxLength;
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
    [
      'a prototype-pollution key',
      JSON.parse(
        `{"__proto__": {"admin": true}, ${JSON.stringify(valid).slice(1, -1) || '"x": 1'}}`,
      ) as unknown,
    ],
  ];
  for (const [key, value] of Object.entries(valid)) {
    const rest = { ...valid };
    delete rest[key];
    // A field is required unless its schema accepts `undefined` (a default or optional).
    if (!shape[key].safeParse(undefined).success) cases.push([`missing ${key}`, rest, key]);
    if (typeof value === 'string') {
      const max = stringLimit(channel, key);
      // Over the HTTP front, a body over its size limit is refused before validation: still 400, other message.
      if (max !== null)
        cases.push([
          `${key} oversized (${max + 1} chars)`,
          { ...valid, [key]: 'x'.repeat(max + 1) },
          key,
          max > 100_000,
        ]);
      cases.push([`${key} as a number`, { ...valid, [key]: 12345 }, key]);
    }
    if (typeof value === 'number') {
      // JSON turns NaN/±Infinity into null: over HTTP that is a (valid) null where the field is nullable.
      const nullable = shape[key].safeParse(null).success;
      for (const bad of [NaN, Infinity, -Infinity])
        cases.push([`${key} = ${bad}`, { ...valid, [key]: bad }, key, nullable]);
      cases.push([`${key} as a numeric string`, { ...valid, [key]: String(value) }, key]);
    }
    if (typeof value === 'object' && value !== null)
      cases.push([`${key} as a string`, { ...valid, [key]: 'x' }, key]);
  }
  return cases;
}

const allCases = (channel: Channel): Case[] => [...derivedCases(channel), ...table[channel].bad];

describe('API input validation: every channel', () => {
  it('the table covers exactly the channels of shared/api/', () => {
    expect(Object.keys(table).sort()).toEqual([...channelNames].sort());
    expect(channelNames.length).toBeGreaterThan(20);
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
        expect([apiErr.kind, apiErr.status], `${channel}: ${label}: ${apiErr.message}`).toEqual([
          'bad-input',
          400,
        ]);
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
    host = await startHost({
      services: counting.services,
      rendererDir: join(dir, 'renderer'),
      maxBodyBytes: 1024 * 1024,
    });
  });
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function post(
    channel: string,
    body: string,
    token?: string,
  ): Promise<{ status: number; body: { error?: string; kind?: string } }> {
    return new Promise((resolveReq, reject) => {
      const headers: Record<string, string> = {
        host: `127.0.0.1:${host.port}`,
        'content-type': 'application/json',
      };
      if (token !== undefined) headers['x-radscore-token'] = token;
      const req = request(
        { host: '127.0.0.1', port: host.port, path: `/api/${channel}`, method: 'POST', headers },
        (res) => {
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
        },
      );
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
        expect([ok.status, ok.body.kind], `${channel}: ${label}: ${ok.body.error}`).toEqual([
          400,
          'bad-input',
        ]);
        if (field) expect(ok.body.error, `${channel}: ${label}`).toContain(field.split('.')[0]);
        expect((await post(channel, body)).status, `${channel}: ${label} without token`).toBe(401);
        expect(
          (await post(channel, body, `${host.token.slice(0, -1)}x`)).status,
          `${channel}: ${label} with a wrong token`,
        ).toBe(401);
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
    const huge = await post(
      'patients.list',
      JSON.stringify({ search: 'x'.repeat(2 * 1024 * 1024) }),
      host.token,
    ).catch(() => ({ status: 400, body: { error: 'connection reset' } }));
    expect(huge.status).toBe(400);
    const unknown = await post('fs.readFile', '{}', host.token);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/unknown channel/);
  });
});
