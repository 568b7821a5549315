/**
 * De-identified exports: two patients' DICOM with identifying values everywhere (name, id, birth date,
 * accession number, dates, UIDs, a ROI named after the patient, folder names holding the id) are imported;
 * then the feature CSV (`export-features --deidentify`, through the CLI), the HTML report and RTSTRUCT + SEG
 * exports are written de-identified, and the bytes of every artefact are scanned for every identifying value
 * read back from the SOURCE files (not from our own notion of what is identifying).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitFromReference, type ReferenceJson } from '../../shared/charts/referenceFit';
import type { Volume, MaskVolume } from '../../shared/image/volume';
import type { FeatureValue } from '../../shared/radiomics/types';
import { main } from '../cli/index';
import { readDicomFile, TAG } from '../dicom/dataset';
import {
  saveFiles,
  scanFolders,
  seriesRefFromScan,
  writeImageSeries,
  writeRtstruct,
  writeSeg,
} from '../dicom/index';
import {
  getOrCreateFeatureSet,
  getRoiMask,
  listRois,
  listStudyCodes,
  openStore,
  patientIdForStudyCode,
  saveFeatureValues,
  type Store,
} from '../store/index';
import {
  createDeidentifier,
  deidentifyReportInput,
  deidentifySeriesRef,
  remapUid,
  shiftDicomDate,
} from './deidentify';
import { renderReport } from './report';

const dir = mkdtempSync(join(tmpdir(), 'radscore-deid-'));
const dbPath = join(dir, 'site.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PEOPLE = [
  {
    patientId: 'MRN-00471932',
    patientName: 'Doe^Jane^Quincy',
    birthDate: '19650312',
    sex: 'F',
    accession: 'ACC99812',
    date: '20240115',
    roi: 'GTV Jane Doe',
  },
  {
    patientId: 'MRN-00982211',
    patientName: 'Smith^Jonathan',
    birthDate: '19581130',
    sex: 'M',
    accession: 'ACC10277',
    date: '20240220',
    roi: 'GTV',
  },
];

function phantom(seed: number): { image: Volume; mask: MaskVolume } {
  const size: [number, number, number] = [24, 24, 8];
  const grid = {
    size,
    spacing: [1, 1, 3] as [number, number, number],
    origin: [-12, -12, 0] as [number, number, number],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const data = new Float32Array(24 * 24 * 8);
  const mask = new Uint8Array(data.length);
  for (let k = 0; k < 8; k++)
    for (let j = 0; j < 24; j++)
      for (let i = 0; i < 24; i++) {
        const n = i + 24 * (j + 24 * k);
        data[n] = 100 + ((i * 7 + j * 13 + k * 5 + seed) % 50);
        if (i >= 8 && i < 16 && j >= 9 && j < 15 && k >= 2 && k < 6) mask[n] = 1;
      }
  return { image: { ...grid, data }, mask: { ...grid, data: mask } };
}

/** Every file under a folder. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const p = join(folder, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Identifying values as the source files hold them: person tags, dates, times, UIDs (PS3.15 basic profile). */
function identifyingValuesOfSource(files: string[]): Set<string> {
  const tags = [
    TAG.PatientName,
    TAG.PatientID,
    TAG.PatientBirthDate,
    TAG.AccessionNumber,
    TAG.StudyDate,
    0x00080021,
    0x00080023,
    0x00080012,
    0x30060008,
    TAG.StudyInstanceUID,
    TAG.SeriesInstanceUID,
    TAG.SOPInstanceUID,
    0x00200052,
    0x00081155,
    0x30060024,
    0x00200010,
    0x00080090,
  ];
  const values = new Set<string>();
  for (const file of files) {
    const ds = readDicomFile(file).dataset;
    for (const tag of tags) {
      for (const v of ds.string(tag).split('\\')) if (v.trim().length >= 3) values.add(v.trim());
    }
  }
  return values;
}

/** The identifying values (and name parts, ISO dates) found in `bytes`, case-insensitively. */
function leaks(bytes: Uint8Array, values: Iterable<string>): string[] {
  const text = Buffer.from(bytes).toString('latin1').toLowerCase();
  const found: string[] = [];
  for (const v of values) {
    const variants = [v];
    if (/^\d{8}$/.test(v)) variants.push(`${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}`);
    if (v.includes('^')) variants.push(...v.split('^').filter((p) => p.length >= 3));
    for (const x of variants) if (text.includes(x.toLowerCase())) found.push(x);
  }
  return found;
}

let sourceValues: Set<string>;
let store: Store;

beforeAll(async () => {
  for (const [n, p] of PEOPLE.entries()) {
    const { image, mask } = phantom(n);
    const when = new Date(`${p.date.slice(0, 4)}-${p.date.slice(4, 6)}-${p.date.slice(6)}T10:15:30Z`);
    const { files, ref } = writeImageSeries(
      image,
      { patientId: p.patientId, patientName: p.patientName, birthDate: p.birthDate, sex: p.sex },
      {
        studyDate: p.date,
        studyTime: '101530',
        accessionNumber: p.accession,
        studyDescription: 'MR NASOPHARYNX PRE-RT',
        studyId: 'NPCSTUDY4711',
      },
      { seriesNumber: 2, seriesDescription: 'T2 TSE AX' },
      { uidSeed: `deid-test/${p.patientId}`, now: when },
    );
    const rt = writeRtstruct([{ name: p.roi, mask }], ref, {
      uidSeed: `deid-test/${p.patientId}`,
      now: when,
      author: 'Dr Source',
    });
    // Folder names hold the patient id, as PACS exports often do.
    await saveFiles(join(dir, 'source', `PAT_${p.patientId}`), [
      ...files.map((f, k) => ({ name: `SE2/IM${k}`, bytes: f.bytes })),
      { name: 'RS1', bytes: rt.file.bytes },
    ]);
  }
  sourceValues = identifyingValuesOfSource(filesUnder(join(dir, 'source')));
  expect(await main(['import', join(dir, 'source'), '--db', dbPath, '--quiet', '--json'])).toBe(0);
  store = openStore(dbPath);
  const set = getOrCreateFeatureSet(store, { profile: 'test', settings: null }, 'test');
  for (const roi of listRois(store)) {
    const features: FeatureValue[] = ['stat_mean', 'stat_var'].map((tag, n) => ({
      name: tag,
      tag,
      ibsi_id: n ? 'ECT7' : 'Q4LE',
      family: 'statistics',
      aggregation: 'none',
      value: roi.voxelCount + n,
    }));
    saveFeatureValues(store, set.id, roi.id, features);
  }
}, 60_000);
afterAll(() => store?.close());

describe('identifying values of the source', () => {
  it('include every kind the export must drop', () => {
    for (const p of PEOPLE)
      for (const v of [p.patientId, p.patientName, p.birthDate, p.accession, p.date])
        expect(sourceValues).toContain(v);
    expect([...sourceValues].filter((v) => /^\d+(\.\d+)+$/.test(v) && v.length > 20).length).toBeGreaterThan(
      20,
    ); // UIDs
    expect(sourceValues).toContain('NPCSTUDY4711');
  });
});

describe('de-identified exports', () => {
  it('feature CSV (CLI export-features --deidentify): study codes, remapped series UIDs, no identifying byte', async () => {
    const out = join(dir, 'features.csv');
    expect(
      await main(['export-features', '--deidentify', '--out', out, '--db', dbPath, '--quiet', '--json']),
    ).toBe(0);
    const bytes = readFileSync(out);
    expect(leaks(bytes, sourceValues)).toEqual([]);
    const rows = bytes
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(rows[0].slice(0, 3)).toEqual(['patient_id', 'series_uid', 'roi']);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['SUBJ-001', 'SUBJ-002']);
    for (const r of rows.slice(1)) expect(r[1]).toMatch(/^2\.25\.\d{20,39}$/);
    expect(
      rows
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(['GTV', 'GTV SUBJ-001']);
    // The plain export still holds the ids (the test would catch a no-op otherwise).
    const plain = join(dir, 'features-plain.csv');
    expect(await main(['export-features', '--out', plain, '--db', dbPath, '--quiet'])).toBe(0);
    expect(leaks(readFileSync(plain), sourceValues).length).toBeGreaterThan(2);
  });

  it('study codes are stable, stored, and let the site re-identify', async () => {
    const codes = listStudyCodes(store);
    expect(codes.map((c) => c.code)).toEqual(['SUBJ-001', 'SUBJ-002']);
    for (const c of codes) {
      expect(patientIdForStudyCode(store, c.code)).toBe(c.patientId);
      expect(c.dateShiftDays).toBeLessThan(0);
      expect(c.dateShiftDays).toBeGreaterThanOrEqual(-365);
    }
    // A second export (a new process, a new de-identifier) gives the same codes and UIDs.
    const again = join(dir, 'features-again.csv');
    expect(await main(['export-features', '--deidentify', '--out', again, '--db', dbPath, '--quiet'])).toBe(
      0,
    );
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(join(dir, 'features.csv'), 'utf8'));
    expect(listStudyCodes(store)).toEqual(codes);
  });

  it('HTML report: case ids become study codes, names in free text are scrubbed', () => {
    const refDir = new URL('../../../shared/fixtures/modeling/ref/', import.meta.url);
    const fit = fitFromReference(
      JSON.parse(readFileSync(new URL('a_paper.json', refDir), 'utf8')) as ReferenceJson,
      readFileSync(new URL('a_paper_path.csv', refDir), 'utf8'),
    );
    fit.scores[0].id = PEOPLE[0].patientId;
    fit.scores[1].id = PEOPLE[1].patientId;
    const context = {
      softwareVersion: '0.1.0',
      createdAt: '2026-11-26T20:00:00.000Z',
      modelName: `NPC model, checked on Jane Doe (${PEOPLE[0].patientId}, born 1965-03-12, ${PEOPLE[0].accession})`,
    };
    const plain = renderReport(fit, context);
    expect(leaks(Buffer.from(plain), sourceValues).length).toBeGreaterThan(2);
    const deid = deidentifyReportInput({ fit, context }, createDeidentifier(store));
    const html = renderReport(deid.fit, deid.context);
    expect(leaks(Buffer.from(html), sourceValues)).toEqual([]);
    expect(deid.fit.scores[0].id).toBe('SUBJ-001');
    expect(deid.fit.scores[1].id).toBe('SUBJ-002');
    expect(deid.context.modelName).toBe(
      'NPC model, checked on SUBJ-001 (SUBJ-001, born [removed], [removed])',
    );
    expect(fit.scores[0].id).toBe(PEOPLE[0].patientId); // the input is not modified
  });

  it('RTSTRUCT and SEG written from a de-identified reference: no identifying byte, UIDs remapped consistently', async () => {
    const deid = createDeidentifier(store);
    const scan = await scanFolders([join(dir, 'source')]);
    const secret = (
      store.db.prepare('SELECT uid_secret FROM deidentification_key').get() as { uid_secret: string }
    ).uid_secret;
    for (const series of scan.series) {
      const ref = deidentifySeriesRef(seriesRefFromScan(series), deid);
      const rois = listRois(store, { patientId: series.patient.patientId });
      const masks = rois.map((r) => ({ name: deid.scrub(r.name), mask: getRoiMask(store, r.id) }));
      const rt = writeRtstruct(masks, ref, {});
      const seg = writeSeg(masks, ref, {});
      for (const bytes of [rt.file.bytes, seg.file.bytes]) expect(leaks(bytes, sourceValues)).toEqual([]);
      // The export references the remapped image UIDs, and carries the study code and the shifted date.
      const text = Buffer.from(rt.file.bytes).toString('latin1');
      expect(text).toContain(remapUid(secret, series.seriesInstanceUid));
      expect(text).toContain(remapUid(secret, series.instances[0].sopInstanceUid));
      const code = deid.code(series.patient.patientId);
      expect(text).toContain(code);
      const shift = listStudyCodes(store).find((c) => c.code === code)!.dateShiftDays;
      expect(text).toContain(shiftDicomDate(series.study.studyDate, shift));
      // Same UID → same new UID in every export (the CSV's series_uid column too).
      expect(readFileSync(join(dir, 'features.csv'), 'utf8')).toContain(ref.seriesInstanceUid);
    }
  });

  it('dates shift by whole days; non-dates are removed', () => {
    expect(shiftDicomDate('20240301', -1)).toBe('20240229');
    expect(shiftDicomDate('20240115', -365)).toBe('20230115');
    expect(shiftDicomDate('2024', -3)).toBe('');
    expect(shiftDicomDate('20240231', -3)).toBe('');
  });
});
