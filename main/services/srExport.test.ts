/**
 * Features as DICOM SR, TID 1500 (issue #18 item 3): `radscore export-sr` on the real STS_001 series with its
 * imported ROI and a drawn ROI, for (A) a real IBSI-profile extraction and (B) a feature set whose values
 * are the awkward ones (NaN, ±Infinity, 1e-300, −0, values needing 17 digits, features without IBSI code,
 * several features sharing one IBSI code, texture aggregations). The SR and the SEG beside it are validated
 * by dciodvfy (0 errors) and read by dcmtk's dsrdump; every value is read back — by our parser and by
 * pydicom — and compared with the database, with its code and unit.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaskVolume } from '../../shared/image/volume';
import type { FeatureValue } from '../../shared/radiomics/types';
import { parseArgs } from '../cli/args';
import { exportSrCommand } from '../cli/commands/export-sr';
import { makeContext } from '../cli/context';
import { readDicomFile, TAG, type Dataset } from '../dicom/dataset';
import { featureUnit } from '../dicom/featureCodes';
import { rasterizeRoi } from '../dicom/index';
import { dciodvfy, missingTools, runPython, runTool } from '../dicom/testing/externalTools';
import {
  canonicalJson,
  featureTable,
  getExtractionSettings,
  getFeatureSet,
  getOrCreateFeatureSet,
  getRoiMask,
  getSeriesByUid,
  listRois,
  openStore,
  saveFeatureValues,
  type Store,
} from '../store/index';
import { extractFeatures } from './extract';
import { createHandlers, openAppServices } from './handlers';
import { importFolders } from './import';
import { saveDrawnRoi } from './rois';

const STS = join(__dirname, '../../../shared/data/mr-series-sts001-t1/dicom');
const dir = mkdtempSync(join(tmpdir(), 'radscore-sr-'));
const dbPath = join(dir, 'db.sqlite');
let store: Store;
let realSet = 0;
let edgeSet = 0;
let roiIds: number[] = [];

/** Feature set B: values and names that exercise every path of the coding. */
const EDGE: Omit<FeatureValue, 'value'>[] = [
  { name: 'stat_mean', tag: 'stat_mean', ibsi_id: 'Q4LE', family: 'statistics', aggregation: 'none' },
  { name: 'morph_volume', tag: 'morph_volume', ibsi_id: 'RNU0', family: 'morphology', aggregation: 'none' },
  {
    name: 'cm_joint_max_2D_avg',
    tag: 'cm_joint_max_2D_avg',
    ibsi_id: 'GYBY',
    family: 'glcm',
    aggregation: '2D_avg',
  },
  {
    name: 'Inertia_angle135_offset4',
    tag: 'Inertia_angle135_offset4',
    ibsi_id: 'ACUI',
    family: 'glcm',
    aggregation: 'none',
  },
  {
    name: 'Inertia_angle45_offset4',
    tag: 'Inertia_angle45_offset4',
    ibsi_id: 'ACUI',
    family: 'glcm',
    aggregation: 'none',
  },
  {
    name: 'Inertia_AllDirection_offset4_SD',
    tag: 'Inertia_AllDirection_offset4_SD',
    ibsi_id: '',
    family: 'glcm',
    aggregation: 'none',
  },
  { name: 'VolumeCC', tag: 'VolumeCC', ibsi_id: '', family: 'form_factor', aggregation: 'none' },
  { name: 'not_a_number', tag: 'not_a_number', ibsi_id: '', family: 'diagnostics', aggregation: 'none' },
  { name: 'plus_infinity', tag: 'plus_infinity', ibsi_id: '', family: 'diagnostics', aggregation: 'none' },
  { name: 'minus_infinity', tag: 'minus_infinity', ibsi_id: '', family: 'diagnostics', aggregation: 'none' },
  { name: 'tiny', tag: 'tiny', ibsi_id: '', family: 'diagnostics', aggregation: 'none' },
  { name: 'minus_zero', tag: 'minus_zero', ibsi_id: '', family: 'diagnostics', aggregation: 'none' },
];
const edgeValues = (roi: number): number[] => [
  1 / 3 + roi,
  123456.78901234567, // 17 significant digits: only the Floating Point Value keeps them all
  -2.5e17,
  0.1 + 0.2,
  Math.PI * 1e-7,
  -Math.E,
  4.2,
  NaN,
  Infinity,
  -Infinity,
  1e-300,
  -0,
];

/** Runs `radscore export-sr …` against the test database; returns its JSON document. */
async function exportSr(...argv: string[]) {
  const { json } = await exportSrCommand.run(makeContext(parseArgs([...argv, '--db', dbPath, '--quiet'])));
  return json as {
    out: string;
    seg: string[];
    patient_id: string;
    measurements: number;
    sop_instance_uid: string;
  };
}

beforeAll(async () => {
  store = openStore(dbPath);
  await importFolders(store, [STS]);
  const [roi] = listRois(store);
  const grid = getSeriesByUid(store, roi.seriesUid)!.geometry;
  const drawn = new Uint8Array(grid.size[0] * grid.size[1] * grid.size[2]);
  for (let k = 20; k < 24; k++)
    for (let j = 60; j < 70; j++)
      for (let i = 50; i < 62; i++) drawn[i + grid.size[0] * (j + grid.size[1] * k)] = 1;
  saveDrawnRoi(store, {
    seriesUid: roi.seriesUid,
    name: 'GTV drawn',
    author: 'Dr Who',
    mask: { ...grid, data: drawn },
  });
  roiIds = listRois(store).map((r) => r.id);
  realSet = (await extractFeatures(store, { profile: 'ibsi', workers: 1 })).feature_set_id;
  const set = getOrCreateFeatureSet(store, { edge: true, note: 'awkward values' }, 'test');
  edgeSet = set.id;
  roiIds.forEach((id, r) =>
    saveFeatureValues(
      store,
      set.id,
      id,
      EDGE.map((f, n) => ({ ...f, value: edgeValues(r)[n] })),
    ),
  );
}, 180_000);

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One measurement of the SR, as read back. */
interface ReadNum {
  concept: { value: string; scheme: string; meaning: string };
  name: string;
  floating: number | null;
  numeric: string | null;
  unit: string | null;
  qualifier: string | null;
  derivation: string | null;
}
interface ReadGroup {
  tracking: string;
  segment: { sop: string; number: number };
  sourceSeries: string;
  parameters: string[];
  nums: ReadNum[];
}

const CONTENT = 0x0040a730;
const conceptOf = (d: Dataset) => {
  const c = d.item(0x0040a043);
  return {
    value: c?.string(0x00080100) ?? '',
    scheme: c?.string(0x00080102) ?? '',
    meaning: c?.string(0x00080104) ?? '',
  };
};

/** The measurement groups of an SR file, read with our own parser. */
function readGroups(file: string): ReadGroup[] {
  const ds = readDicomFile(file).dataset;
  const measurements = ds.items(CONTENT).find((i) => conceptOf(i).value === '126010');
  if (!measurements) throw new Error('no Imaging Measurements container');
  return measurements.items(CONTENT).map((g) => {
    const items = g.items(CONTENT);
    const byConcept = (code: string) => items.filter((i) => conceptOf(i).value === code);
    const segRef = byConcept('121191')[0].item(0x00081199)!;
    return {
      tracking: byConcept('112039')[0].string(0x0040a160),
      segment: { sop: segRef.string(0x00081155), number: segRef.number(TAG.ReferencedSegmentNumber)! },
      sourceSeries: byConcept('121232')[0].string(0x0040a124),
      parameters: byConcept('111002').map((i) => i.string(0x0040a160)),
      nums: items
        .filter((i) => i.string(0x0040a040) === 'NUM')
        .map((i) => {
          const mv = i.item(0x0040a300);
          const mods = i.items(CONTENT);
          const concept = conceptOf(i);
          return {
            concept,
            name: mods.find((m) => conceptOf(m).value === '121050')?.string(0x0040a160) ?? concept.meaning,
            floating: mv ? mv.numbers(0x0040a161)[0] : null,
            numeric: mv ? mv.string(0x0040a30a) : null,
            unit: mv?.item(0x004008ea)?.string(0x00080100) ?? null,
            qualifier: i.item(0x0040a301)?.string(0x00080100) ?? null,
            derivation:
              mods
                .find((m) => conceptOf(m).value === '121401')
                ?.item(0x0040a168)
                ?.string(0x00080100) ?? null,
          };
        }),
    };
  });
}

/** The documented private code of a feature name (docs/dicom-sr.md), recomputed here. */
const privateCode = (name: string) =>
  `F${createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 12).toUpperCase()}`;

/** Checks every group and NUM of an SR against the database: names, codes, units, values. */
function compareWithDatabase(groups: ReadGroup[], featureSetId: number, deidentified: boolean): number {
  const table = featureTable(store, featureSetId);
  const rows = table.rows.filter((r) => r.patientId === 'STS_001');
  expect(groups).toHaveLength(rows.length);
  const settings = canonicalJson(
    getExtractionSettings(store, getFeatureSet(store, featureSetId)!.settingsHash),
  );
  let compared = 0;
  rows.forEach((row, g) => {
    const group = groups[g];
    expect(group.tracking).toBe(row.roi);
    expect(group.segment.number).toBe(g + 1);
    if (!deidentified) expect(group.sourceSeries).toBe(row.seriesUid);
    expect(group.parameters).toEqual([
      `profile: ${getFeatureSet(store, featureSetId)!.profile}`,
      `settings: ${settings}`,
    ]);
    expect(group.nums.map((n) => n.name)).toEqual(table.features.map((f) => f.name));
    table.features.forEach((meta, f) => {
      const num = group.nums[f];
      const value = row.values[f];
      // Code: IBSI where the feature has a code (and the name as equivalent meaning), else the private code.
      if (meta.ibsi_id) expect([num.concept.value, num.concept.scheme]).toEqual([meta.ibsi_id, 'IBSI']);
      else
        expect(num.concept).toEqual({
          value: privateCode(meta.name),
          scheme: '99RADSCORE',
          meaning: meta.name,
        });
      const aggregation = {
        none: null,
        '2D_avg': 'BTW3',
        '3D_avg': 'ITBB',
        '3D_comb': 'IAZD',
        '2D_comb': 'SUJT',
      } as Record<string, string | null>;
      if (meta.aggregation in aggregation) expect(num.derivation).toBe(aggregation[meta.aggregation]);
      else expect(num.derivation).not.toBeNull();
      if (Number.isFinite(value)) {
        expect(Object.is(num.floating, value) || (value === 0 && num.floating === 0)).toBe(true);
        expect(num.floating).toBe(value);
        expect(num.numeric!.length).toBeLessThanOrEqual(16);
        expect(Math.abs(Number(num.numeric) - value)).toBeLessThanOrEqual(Math.abs(value) * 1e-9);
        expect(num.unit).toBe(featureUnit(meta, 'MR').value);
        expect(num.qualifier).toBeNull();
      } else {
        expect(num.floating).toBeNull();
        expect(num.qualifier).toBe(Number.isNaN(value) ? '114000' : value > 0 ? '114002' : '114001');
      }
      compared++;
    });
  });
  return compared;
}

/** dciodvfy warnings we accept: the private coding scheme (unknown to dciodvfy's list by nature) and values of the source. */
function unexpectedWarnings(warnings: string[], deidentified: boolean): string[] {
  return warnings.filter(
    (w) =>
      !/Unrecognized defined term <99RADSCORE> for value 1 of attribute <Coding Scheme Designator>/.test(w) &&
      !(
        !deidentified &&
        (/PN Patient's Name .*<STS_001> - Retired Person Name form/.test(w) ||
          /needed to build DICOMDIR - Study ID$/.test(w))
      ),
  );
}

describe('radscore export-sr', () => {
  for (const [label, set] of [
    ['A: IBSI profile', () => realSet],
    ['B: awkward values', () => edgeSet],
  ] as const)
    for (const deidentified of [false, true])
      it(`${label}${deidentified ? ', de-identified' : ''}: every value, code and unit re-read equals the database`, async () => {
        const out = join(dir, `sr-${set()}${deidentified ? '-deid' : ''}.dcm`);
        const r = await exportSr(
          '--feature-set',
          String(set()),
          '--patient',
          'STS_001',
          '--out',
          out,
          ...(deidentified ? ['--deidentify'] : []),
        );
        expect(r.out).toBe(out);
        expect(r.seg).toEqual([out.replace(/\.dcm$/, '.seg.dcm')]);
        expect(r.patient_id).toBe(deidentified ? 'SUBJ-001' : 'STS_001');
        const groups = readGroups(out);
        const table = featureTable(store, set());
        expect(compareWithDatabase(groups, set(), deidentified)).toBe(2 * table.features.length);
        expect(r.measurements).toBe(2 * table.features.length);
        // The groups reference the SEG written beside the SR, segment by segment.
        const seg = readDicomFile(r.seg[0]).dataset;
        for (const g of groups) expect(g.segment.sop).toBe(seg.string(TAG.SOPInstanceUID));
        expect(seg.items(TAG.SegmentSequence).map((s) => s.string(TAG.SegmentLabel))).toEqual(
          groups.map((g) => g.tracking),
        );
        const ds = readDicomFile(out).dataset;
        expect(ds.string(0x00120062)).toBe(deidentified ? 'YES' : '');
        if (deidentified)
          expect(ds.items(0x00120064).map((c) => c.string(0x00080100))).toEqual([
            '113100',
            '113105',
            '113107',
            '113108',
            '113104',
          ]);
      });

  it('the SEG beside the SR gives back each ROI voxel for voxel', async () => {
    const out = join(dir, 'sr-seg-check.dcm');
    const r = await exportSr('--feature-set', String(realSet), '--patient', 'STS_001', '--out', out);
    const series = getSeriesByUid(store, listRois(store)[0].seriesUid)!;
    for (const roi of listRois(store)) {
      const back: MaskVolume = await rasterizeRoi(r.seg[0], roi.name, series.geometry);
      expect(Array.from(back.data)).toEqual(Array.from(getRoiMask(store, roi.id).data));
    }
  });

  it('refuses an existing file unless --force, the open database, an unknown patient or set, a patient without features', async () => {
    const out = join(dir, 'exists.dcm');
    writeFileSync(out, 'not ours');
    await expect(
      exportSr('--feature-set', String(realSet), '--patient', 'STS_001', '--out', out),
    ).rejects.toThrow(`${out} already exists; add --force to replace it (nothing was written)`);
    expect(readFileSync(out, 'utf8')).toBe('not ours');
    expect(existsSync(join(dir, 'exists.seg.dcm'))).toBe(false);
    await exportSr('--feature-set', String(realSet), '--patient', 'STS_001', '--out', out, '--force');
    expect(readDicomFile(out).dataset.string(TAG.Modality)).toBe('SR');
    await expect(
      exportSr('--feature-set', String(realSet), '--patient', 'STS_001', '--out', dbPath, '--force'),
    ).rejects.toThrow(/is the open database/);
    await expect(
      exportSr('--feature-set', String(realSet), '--patient', 'NOPE', '--out', join(dir, 'x.dcm')),
    ).rejects.toThrow('no patient "NOPE" in the database');
    await expect(
      exportSr('--feature-set', '999', '--patient', 'STS_001', '--out', join(dir, 'x.dcm')),
    ).rejects.toThrow('no feature set 999');
    const empty = getOrCreateFeatureSet(store, { nothing: true }, 'test');
    await expect(
      exportSr('--feature-set', String(empty.id), '--patient', 'STS_001', '--out', join(dir, 'x.dcm')),
    ).rejects.toThrow(/has no features in feature set/);
    expect(existsSync(join(dir, 'x.dcm'))).toBe(false);
  });
});

describe("API channel 'sr.export'", () => {
  it('writes through the handlers; not-found for an unknown patient; bad-input for a relative path or an existing file', async () => {
    const services = await openAppServices(dbPath);
    try {
      const handlers = createHandlers(services, { host: 'browser' });
      const out = join(dir, 'api', 'sr.dcm');
      const input = { featureSetId: edgeSet, patientId: 'STS_001', out };
      expect(await handlers.invoke('sr.export', input)).toMatchObject({
        out,
        seg: [join(dir, 'api', 'sr.seg.dcm')],
        patientId: 'STS_001',
        featureSetId: edgeSet,
        rois: 2,
        features: EDGE.length,
        measurements: 2 * EDGE.length,
        deidentified: false,
      });
      await expect(handlers.invoke('sr.export', input)).rejects.toMatchObject({
        kind: 'bad-input',
        message: expect.stringContaining(
          'already exists; tick "Replace existing files" to replace it (nothing was written)',
        ),
      });
      await expect(
        handlers.invoke('sr.export', { ...input, force: true, deidentify: true }),
      ).resolves.toMatchObject({
        patientId: 'SUBJ-001',
        deidentified: true,
      });
      await expect(handlers.invoke('sr.export', { ...input, patientId: 'NOPE' })).rejects.toMatchObject({
        kind: 'not-found',
      });
      await expect(handlers.invoke('sr.export', { ...input, out: 'sr.dcm' })).rejects.toMatchObject({
        kind: 'bad-input',
      });
    } finally {
      services.close();
    }
  });
});

describe.skipIf(missingTools(['dciodvfy']))('dciodvfy on the SR and its SEG', () => {
  for (const deidentified of [false, true])
    it(`0 errors${deidentified ? ', de-identified' : ''}, for both feature sets`, async () => {
      for (const set of [realSet, edgeSet]) {
        const out = join(dir, `v-${set}${deidentified ? '-deid' : ''}.dcm`);
        const r = await exportSr(
          '--feature-set',
          String(set),
          '--patient',
          'STS_001',
          '--out',
          out,
          ...(deidentified ? ['--deidentify'] : []),
        );
        for (const file of [r.out, ...r.seg]) {
          const v = dciodvfy(file);
          expect({ file, errors: v.errors }).toEqual({ file, errors: [] });
          expect({ file, warnings: unexpectedWarnings(v.warnings, deidentified) }).toEqual({
            file,
            warnings: [],
          });
        }
      }
    });
});

describe.skipIf(missingTools(['dsrdump']))("dcmtk's dsrdump", () => {
  it('reads the SR without an error: the TID 1500 tree with one NUM per ROI and feature, values as written', async () => {
    const out = join(dir, 'dsrdump.dcm');
    await exportSr('--feature-set', String(edgeSet), '--patient', 'STS_001', '--out', out);
    const { stdout, stderr } = runTool('dsrdump', ['-Ee', out]);
    expect(stderr.split('\n').filter((l) => /^E:/.test(l))).toEqual([]);
    expect(stdout).toMatch(/^Enhanced SR Document/m);
    expect(stdout).toContain('"Imaging Measurement Report"');
    const nums = stdout.split('\n').filter((l) => /<contains NUM:/.test(l));
    expect(nums).toHaveLength(2 * EDGE.length);
    // Shown as written: the 16-character decimal of each finite value, with its UCUM unit.
    expect(nums).toContain(
      '      <contains NUM:(,,"Volume (mesh)")="123456.789012346" (mm3,UCUM,"cubic millimeter")>',
    );
    // Values that are not numbers: no value, the CID 42 qualifier says why.
    expect(nums).toContain('      <contains NUM:(,,"not_a_number")=empty (114000,DCM,"Not a number")>');
    expect(nums).toContain('      <contains NUM:(,,"plus_infinity")=empty (114002,DCM,"Positive Infinity")>');
    expect(nums).toContain(
      '      <contains NUM:(,,"minus_infinity")=empty (114001,DCM,"Negative Infinity")>',
    );
  });
});

const PYDICOM_SR = `
import json, sys, math
import pydicom
ds = pydicom.dcmread(sys.argv[1])
def concept(item):
    c = item.ConceptNameCodeSequence[0]
    return c.CodeValue
meas = [i for i in ds.ContentSequence if concept(i) == '126010'][0]
out = []
for g in meas.ContentSequence:
    nums = []
    for i in g.ContentSequence:
        if i.ValueType != 'NUM':
            continue
        mods = getattr(i, 'ContentSequence', [])
        name = [m.TextValue for m in mods if concept(m) == '121050']
        mv = i.MeasuredValueSequence
        value = float(mv[0].FloatingPointValue) if len(mv) else None
        nums.append({'name': name[0] if name else i.ConceptNameCodeSequence[0].CodeMeaning,
                     'value': value if value is None or math.isfinite(value) else None,
                     'qualifier': i.NumericValueQualifierCodeSequence[0].CodeValue if 'NumericValueQualifierCodeSequence' in i else None})
    out.append(nums)
print(json.dumps(out))
`;

describe.skipIf(missingTools(['pydicom']))('pydicom', () => {
  it('reads every value of the SR as the database holds it', async () => {
    const out = join(dir, 'pydicom.dcm');
    await exportSr('--feature-set', String(edgeSet), '--patient', 'STS_001', '--out', out);
    const groups = JSON.parse(runPython(PYDICOM_SR, [out])) as {
      name: string;
      value: number | null;
      qualifier: string | null;
    }[][];
    const table = featureTable(store, edgeSet);
    expect(groups).toHaveLength(2);
    groups.forEach((nums, g) =>
      nums.forEach((n, f) => {
        const v = table.rows[g].values[f];
        expect(n.name).toBe(table.features[f].name);
        if (Number.isFinite(v)) expect(n.value).toBe(v);
        else expect(n.qualifier).toBe(Number.isNaN(v) ? '114000' : v > 0 ? '114002' : '114001');
      }),
    );
  });
});
