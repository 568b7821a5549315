/**
 * `labels.assess` through the API dispatch (validation, service, output contract) on a real database: the
 * server computes every published case of shared/response/recist.cases.ts from the measurements itself —
 * the stored label, its rule, its history and its non-standard marks are the calculator's — refuses what
 * the calculator refuses, refuses a response that contradicts the measurements (nothing stored), or stores
 * the computed one and says so; a label without measurements is recorded as set directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabelDetail } from '../../shared/api';
import { RECIST_CASES } from '../../shared/response/recist.cases';
import { listAudit, openStore, upsertPatient } from '../store/index';
import { ApiError, createHandlers, openAppServices, type AppServices, type Handlers } from './handlers';

let tmp: string;
let services: AppServices;
let h: Handlers;
const PATIENTS = RECIST_CASES.map((_c, n) => `C${String(n + 1).padStart(3, '0')}`);

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-assess-'));
  const db = join(tmp, 'db.sqlite');
  const store = openStore(db);
  for (const id of [...PATIENTS, 'D1', 'D2', 'D3']) upsertPatient(store, { patientId: id });
  store.close();
  services = await openAppServices(db);
  h = createHandlers(services, { host: 'browser' });
});

afterAll(() => {
  services?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

const auditRows = () => {
  const store = openStore(join(tmp, 'db.sqlite'));
  try {
    return listAudit(store, { entity: 'response' }).length;
  } finally {
    store.close();
  }
};

describe('labels.assess computes the response on the server (the published cases)', () => {
  it.each(RECIST_CASES.map((c, n) => [`[${c.item}] ${c.name}`, c, PATIENTS[n]] as const))(
    '%s',
    async (_name, c, patientId) => {
      const call = h.invoke('labels.assess', {
        patientId,
        timepoint: 'post-treatment',
        assessor: 'Dr Case',
        measurements: c.input,
      });
      if (c.refused) {
        const err = await refusal(call);
        expect(err.kind).toBe('bad-input');
        expect(err.message).toMatch(c.refused);
        expect(err.message).toContain('nothing stored');
        expect(await h.invoke('patient.labels', { patientId })).toEqual([]);
        return;
      }
      const [label] = (await call) as LabelDetail[];
      const expected = c.response ?? c.history?.[c.history.length - 1];
      expect(label).toMatchObject({
        response: expected,
        outcome: expected === 'NE' ? null : expected === 'CR' || expected === 'PR' ? 1 : 0,
        source: 'calculator',
        criteria: c.input.criteria,
        definition: c.input.definition ?? 'last-follow-up',
        note: null,
      });
      if (c.rule) expect(label.rule?.id).toBe(c.rule);
      expect(label.rule?.text).toMatch(/RECIST|mRECIST|Q&A/);
      if (c.history) expect(label.history?.map((t) => t.response)).toEqual(c.history);
      if (c.nonStandard !== undefined) expect(label.nonStandard).toHaveLength(c.nonStandard);
      for (const text of c.explanationHas ?? []) expect(label.rule?.explanation).toContain(text);
      // The measurements are stored with the label, as the server assessed them.
      expect(label.measurements).toMatchObject({ criteria: c.input.criteria, lesions: c.input.lesions });
      // Sending the expected response agrees; sending another one is refused.
      const agree = (await h.invoke('labels.assess', {
        patientId,
        timepoint: 'post-treatment',
        assessor: 'Dr Case',
        response: expected,
        measurements: c.input,
      })) as LabelDetail[];
      expect(agree[0].response).toBe(expected);
      const other = expected === 'SD' ? 'PR' : 'SD';
      const err = await refusal(
        h.invoke('labels.assess', {
          patientId,
          timepoint: 'post-treatment',
          response: other,
          measurements: c.input,
        }),
      );
      expect(err.kind).toBe('bad-input');
      expect(err.message).toContain(`the measurements give ${expected}, not ${other}`);
    },
  );
});

describe('labels.assess: disagreement, set directly, text instead of numbers', () => {
  const measurements = {
    criteria: 'recist',
    lesions: [{ id: 'liver', node: false, organ: 'liver' }],
    baseline: { label: 'baseline', diameters: { liver: 100 } },
    followUps: [{ label: 'follow-up 1', diameters: { liver: 70.04 } }],
  };

  it('refuses a response the measurements contradict, naming the figures and the rule; nothing stored', async () => {
    const before = auditRows();
    const err = await refusal(
      h.invoke('labels.assess', { patientId: 'D1', timepoint: 'week 12', response: 'PR', measurements }),
    );
    expect(err.kind).toBe('bad-input');
    expect(err.message).toContain('the measurements give SD, not PR');
    expect(err.message).toContain('sum 70.04 mm, −29.96% from baseline 100 mm → SD');
    expect(err.message).toContain('RECIST 1.1 §4.3.1');
    expect(await h.invoke('patient.labels', { patientId: 'D1' })).toEqual([]);
    expect(auditRows()).toBe(before);
  });

  it('stores the computed response instead when asked, and the label says so', async () => {
    const [label] = (await h.invoke('labels.assess', {
      patientId: 'D1',
      timepoint: 'week 12',
      response: 'PR',
      measurements,
      onMismatch: 'store-computed',
    })) as LabelDetail[];
    expect(label).toMatchObject({
      response: 'SD',
      outcome: 0,
      source: 'calculator',
      note: 'PR was sent; the measurements give SD: SD stored',
      rule: { id: 'stable-disease' },
    });
    const audit = (await h.invoke('patient.audit', { patientId: 'D1' })) as { to: string }[];
    expect(audit.at(-1)?.to).toBe('SD');
  });

  it('records a label without measurements as set directly; NE can be set directly and has no outcome', async () => {
    const [label] = (await h.invoke('labels.assess', {
      patientId: 'D2',
      timepoint: 'post-treatment',
      response: 'NE',
    })) as LabelDetail[];
    expect(label).toMatchObject({
      response: 'NE',
      outcome: null,
      source: 'direct',
      rule: { id: 'set-directly' },
      measurements: null,
      history: null,
    });
    const err = await refusal(h.invoke('labels.assess', { patientId: 'D2', timepoint: 'x' }));
    expect(err.message).toContain('a response is needed when no measurements are given');
  });

  it('refuses calculator figures sent as a free record, which the server could not check', async () => {
    const err = await refusal(
      h.invoke('labels.assess', {
        patientId: 'D3',
        timepoint: 'post-treatment',
        response: 'PR',
        assessment: { method: 'RECIST 1.1', lesions: [{ id: 'a', node: false }], assessments: [] },
      }),
    );
    expect(err.kind).toBe('bad-input');
    expect(err.message).toContain('must be sent as `measurements`');
  });

  it('says a diameter sent as the text "12" was text, not a number', async () => {
    const err = await refusal(
      h.invoke('labels.assess', {
        patientId: 'D3',
        timepoint: 'post-treatment',
        measurements: {
          ...measurements,
          followUps: [{ label: 'follow-up 1', diameters: { liver: '12' } }],
        },
      }),
    );
    expect(err.kind).toBe('bad-input');
    expect(err.message).toContain('measurements.followUps.0.diameters.liver');
    expect(err.message).toContain('"12" is text, not a number');
  });

  it('takes null as "not measured": NE at that follow-up', async () => {
    const [label] = (await h.invoke('labels.assess', {
      patientId: 'D3',
      timepoint: 'post-treatment',
      measurements: { ...measurements, followUps: [{ label: 'follow-up 1', diameters: { liver: null } }] },
    })) as LabelDetail[];
    expect(label).toMatchObject({ response: 'NE', outcome: null, rule: { id: 'not-evaluable' } });
  });
});
