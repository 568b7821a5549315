/**
 * De-identification against the identifiers NPC cohorts really have (issue #14 item 7): two- and
 * one-letter name parts (Li, Wu, Ng), patient ids and dates glued to other text by `_` (GTV_NPC001,
 * GTV_20240108), dates written in other formats (15/05/2002, 2002-05-15, 20020515, 8 Jan 2024), a
 * two-character id. The cohort is generated here (DICOM images + RTSTRUCT with such ROI names, study and
 * series descriptions), imported through the CLI, and every de-identified export — feature CSV, SEG and
 * RTSTRUCT (one ROI and several), DICOM SR (+ its SEG), the HTML report — is grepped byte by byte for every identifier: name
 * parts as tokens (letters on neither side), ids anywhere, dates in every spelling, accession numbers,
 * UIDs, folder names. 0 hits. Failed on the code before this change (name parts < 3 characters and
 * `_`-joined ids and dates were left in ROI names, study descriptions and the report title).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitFromReference, type ReferenceJson } from '../../shared/charts/referenceFit';
import type { MaskVolume, Volume } from '../../shared/image/volume';
import type { FeatureValue } from '../../shared/radiomics/types';
import { parseArgs } from '../cli/args';
import { makeContext } from '../cli/context';
import { commands } from '../cli/registry';
import { readDicomFile, TAG } from '../dicom/dataset';
import { saveFiles, writeImageSeries, writeRtstruct } from '../dicom/index';
import { getOrCreateFeatureSet, listRois, openStore, saveFeatureValues, type Store } from '../store/index';
import { createDeidentifier, datesInText, deidentifyReportInput } from './deidentify';
import { renderReport } from './report';

const dir = mkdtempSync(join(tmpdir(), 'radscore-deid-cohort-'));
const dbPath = join(dir, 'site.sqlite');
const outDir = join(dir, 'exports');
mkdirSync(outDir, { recursive: true });

interface Person {
  patientId: string;
  patientName: string;
  birthDate: string;
  accession: string;
  studyDate: string;
  studyDescription: string;
  seriesDescription: string;
  studyId: string;
  rois: string[];
}

/** The cohort: identifiers as a clinic's data really carry them, glued into free text in many ways. */
const COHORT: Person[] = [
  {
    patientId: 'NPC001',
    patientName: 'Li^Wu',
    birthDate: '20020515',
    accession: 'A7731',
    studyDate: '20240108',
    studyDescription: 'MR NPC Li Wu pre-RT 08/01/2024',
    seriesDescription: 'T2 TSE AX 2024-01-08 NPC001',
    studyId: 'LI-7',
    rois: ['GTV_NPC001', 'GTV_20240108', 'Li_GTV2', 'gtv-wu 15/05/2002'],
  },
  {
    patientId: 'HK-0042',
    patientName: 'Ng^Ka^Yan',
    birthDate: '19581130',
    accession: 'ACC10277',
    studyDate: '20230217',
    studyDescription: 'NG KA YAN 17.02.2023',
    seriesDescription: 'T2 (hk0042) 30 Nov 1958',
    studyId: 'NG2023',
    rois: ['GTV NG', 'GTVnd_hk_0042', 'GTV 2023-02-17 Yan', 'Ka.GTV.1958-11-30'],
  },
  {
    patientId: 'K9',
    patientName: 'Xu^Yi',
    birthDate: '19700101',
    accession: 'X9',
    studyDate: '20220310',
    studyDescription: 'Xu Yi 10 Mar 2022',
    seriesDescription: 'K9 T2 20220310',
    studyId: 'K9',
    rois: ['GTV K9', 'GTV_Xu_Yi_19700101', 'GTV 3/10/2022'],
  },
];

/** Every spelling of a date a reader would recognise (written out here, independently of the scrubber). */
function spellings(yyyymmdd: string): RegExp[] {
  const y = yyyymmdd.slice(0, 4);
  const yy = yyyymmdd.slice(2, 4);
  const m = yyyymmdd.slice(4, 6);
  const d = yyyymmdd.slice(6, 8);
  const mon = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'][
    Number(m) - 1
  ];
  const dd = `0?${Number(d)}`;
  const mm = `0?${Number(m)}`;
  const sep = '[-/._ ]';
  return [
    `${y}${sep}?${m}${sep}?${d}`,
    `${y}${sep}${mm}${sep}${dd}`,
    `${dd}${sep}${mm}${sep}${y}`,
    `${mm}${sep}${dd}${sep}${y}`,
    `${d}${m}${y}`,
    `${dd}[-/.]${mm}[-/.]${yy}`,
    `${dd}[-/. ]?${mon}[a-z]*\\.?[-/., ]*(${y}|${yy})`,
    `${mon}[a-z]*\\.?[-/. ]*${dd},?[-/. ]*${y}`,
  ].map((p) => new RegExp(`(?<!\\d)${p}(?!\\d)`, 'i'));
}

/**
 * An id anywhere, with or without separators between its letter and digit runs; an id of fewer than three
 * letters and digits ("K9") only where no letter or digit touches it (the rule the export applies).
 */
function idPattern(id: string): RegExp {
  const runs = id.match(/[A-Za-z]+|\d+/g) ?? [];
  const body = runs.join('[-_ .^/]?');
  return new RegExp(runs.join('').length >= 3 ? body : `(?<![A-Za-z0-9])${body}(?![A-Za-z0-9])`, 'i');
}

/** A name part as a token: no letter directly before or after it. */
const namePartPattern = (part: string) => new RegExp(`(?<![A-Za-z])${part}(?![A-Za-z])`, 'i');

/** The identifiers of the cohort as patterns, plus every UID and folder name of the source files. */
function identifierPatterns(sourceFiles: string[]): { what: string; pattern: RegExp }[] {
  const out: { what: string; pattern: RegExp }[] = [];
  for (const p of COHORT) {
    out.push({ what: `id ${p.patientId}`, pattern: idPattern(p.patientId) });
    for (const part of p.patientName.split('^'))
      out.push({ what: `name part ${part}`, pattern: namePartPattern(part) });
    for (const date of [p.birthDate, p.studyDate])
      for (const pattern of spellings(date)) out.push({ what: `date ${date}`, pattern });
    out.push({ what: `accession ${p.accession}`, pattern: idPattern(p.accession) });
    out.push({ what: `study id ${p.studyId}`, pattern: idPattern(p.studyId) });
  }
  const uids = new Set<string>();
  for (const f of sourceFiles) {
    const ds = readDicomFile(f).dataset;
    for (const tag of [
      TAG.StudyInstanceUID,
      TAG.SeriesInstanceUID,
      TAG.SOPInstanceUID,
      TAG.FrameOfReferenceUID,
    ])
      if (ds.string(tag)) uids.add(ds.string(tag));
  }
  for (const u of uids) out.push({ what: `uid ${u}`, pattern: new RegExp(u.replaceAll('.', '\\.')) });
  return out;
}

/**
 * The identifiers found in a file's bytes (read as Latin-1, so every byte is one character). In HTML the
 * element names of tags are markup, not content: `<li>` is not the name part "Li" (everything else of the
 * file — text, attribute values, inline SVG — is searched).
 */
function hits(bytes: Uint8Array, patterns: { what: string; pattern: RegExp }[]): string[] {
  const raw = Buffer.from(bytes).toString('latin1');
  const text = /^<!doctype html>/i.test(raw) ? raw.replace(/<\/?[A-Za-z][A-Za-z0-9-]*/g, '<tag') : raw;
  return patterns.filter((p) => p.pattern.test(text)).map((p) => `${p.what}: "${p.pattern.exec(text)![0]}"`);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const p = join(folder, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Runs a radscore command in this process; returns its JSON document. */
async function cli(...argv: string[]): Promise<Record<string, unknown>> {
  const args = parseArgs([...argv, '--db', dbPath, '--quiet']);
  const entry = commands.find((c) => c.name === argv[0]);
  if (!entry) throw new Error(`no command ${argv[0]}`);
  args.positional.shift();
  const command = await entry.load();
  const { json } = await command.run(makeContext(args, { createsDatabase: entry.createsDatabase }));
  return json as Record<string, unknown>;
}

function phantom(seed: number): { image: Volume; mask: (n: number) => MaskVolume } {
  const grid = {
    size: [20, 20, 6] as [number, number, number],
    spacing: [1, 1, 3] as [number, number, number],
    origin: [-10, -10, 0] as [number, number, number],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const data = new Float32Array(20 * 20 * 6).map((_, n) => 100 + ((n * 7 + seed * 13) % 50));
  const mask = (r: number) => {
    const m = new Uint8Array(data.length);
    for (let k = 1; k < 5; k++)
      for (let j = 2 + r; j < 8 + r; j++)
        for (let i = 3 + 2 * r; i < 9 + 2 * r; i++) m[i + 20 * (j + 20 * k)] = 1;
    return { ...grid, data: m };
  };
  return { image: { ...grid, data }, mask };
}

let store: Store;
/** The study code a patient got (SUBJ-001 …: assigned in the order of the first export). */
const codeOf = (patientId: string) => createDeidentifier(store).code(patientId);
let patterns: { what: string; pattern: RegExp }[];
const exported: string[] = [];

beforeAll(async () => {
  for (const [n, p] of COHORT.entries()) {
    const { image, mask } = phantom(n);
    const when = new Date(
      `${p.studyDate.slice(0, 4)}-${p.studyDate.slice(4, 6)}-${p.studyDate.slice(6)}T09:30:00Z`,
    );
    const { files, ref } = writeImageSeries(
      image,
      { patientId: p.patientId, patientName: p.patientName, birthDate: p.birthDate, sex: n % 2 ? 'M' : 'F' },
      {
        studyDate: p.studyDate,
        studyTime: '093000',
        accessionNumber: p.accession,
        studyDescription: p.studyDescription,
        studyId: p.studyId,
      },
      { seriesDescription: p.seriesDescription, seriesNumber: 3 },
      { uidSeed: `cohort/${p.patientId}`, now: when },
    );
    const rt = writeRtstruct(
      p.rois.map((name, r) => ({ name, mask: mask(r) })),
      ref,
      { uidSeed: `cohort/${p.patientId}`, now: when, author: p.patientName.replace('^', ' ') },
    );
    // Folder names carry the id and the name, as PACS exports often do.
    await saveFiles(join(dir, 'source', `${p.patientId}_${p.patientName.replace(/\^/g, '_')}`), [
      ...files.map((f, k) => ({ name: `SE3/IM${k}.dcm`, bytes: f.bytes })),
      { name: 'RS.dcm', bytes: rt.file.bytes },
    ]);
  }
  patterns = identifierPatterns(filesUnder(join(dir, 'source')));
  await cli('import', join(dir, 'source'));
  store = openStore(dbPath);
  const set = getOrCreateFeatureSet(store, { profile: 'test', preset: null }, 'test');
  for (const roi of listRois(store)) {
    const features: FeatureValue[] = [
      {
        name: 'stat_mean',
        tag: 'stat_mean',
        ibsi_id: 'Q4LE',
        family: 'statistics',
        aggregation: 'none',
        value: roi.voxelCount + 0.25,
      },
      {
        name: 'morph_volume',
        tag: 'morph_volume',
        ibsi_id: 'RNU0',
        family: 'morphology',
        aggregation: 'none',
        value: roi.voxelCount * 3,
      },
    ];
    saveFeatureValues(store, set.id, roi.id, features);
  }
}, 120_000);

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the cohort', () => {
  it('carries every identifier in the places the issue names (the check would see a no-op export)', () => {
    const rois = listRois(store).map((r) => r.name);
    expect(rois).toEqual(expect.arrayContaining(COHORT.flatMap((p) => p.rois)));
    // A plain export of these ROIs holds ids, short name parts and dates: the grep finds them.
    const text = rois.join('\n') + COHORT.map((p) => p.studyDescription).join('\n');
    const found = hits(Buffer.from(text), patterns).map((h) => h.split(':')[0]);
    for (const expected of [
      'id NPC001',
      'name part Li',
      'name part Wu',
      'name part Ng',
      'date 20240108',
      'date 20020515',
      'id HK-0042',
      'id K9',
      'date 20230217',
    ])
      expect(found).toContain(expected);
  });
});

describe('every de-identified export, byte by byte: 0 identifiers', () => {
  it('feature CSV (export-features --deidentify)', async () => {
    const out = join(outDir, 'features.csv');
    await cli('export-features', '--deidentify', '--out', out);
    exported.push(out);
    expect(hits(readFileSync(out), patterns)).toEqual([]);
    // The ROI names keep what is not identifying.
    const names = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[2]);
    expect(names).toContain(`GTV_${codeOf('NPC001')}`);
    expect(names).toContain('GTV_[removed]');
    expect(names).toContain('[removed]_GTV2');
  });

  it('SEG and RTSTRUCT of each ROI and of all ROIs of a series (export-roi --deidentify)', async () => {
    for (const p of COHORT) {
      const rois = listRois(store, { patientId: p.patientId });
      for (const format of ['seg', 'rtstruct']) {
        for (const ids of [...rois.map((r) => [r.id]), rois.map((r) => r.id)]) {
          const out = join(outDir, `${format}-${ids.join('_')}.dcm`);
          await cli(
            'export-roi',
            '--roi-id',
            ids.join(','),
            '--format',
            format,
            '--deidentify',
            '--out',
            out,
          );
          exported.push(out);
          expect({ out, hits: hits(readFileSync(out), patterns) }).toEqual({ out, hits: [] });
          const ds = readDicomFile(out).dataset;
          expect(ds.string(0x00120062)).toBe('YES'); // PatientIdentityRemoved
          expect(ds.string(0x00120063)).toMatch(/PS3\.15/); // DeidentificationMethod
          expect(ds.items(0x00120064).map((c) => c.string(0x00080100))).toEqual([
            '113100',
            '113105',
            '113107',
            '113108',
          ]);
        }
      }
    }
  });

  it('DICOM SR of each patient and the SEG beside it (export-sr --deidentify)', async () => {
    const set = getOrCreateFeatureSet(store, { profile: 'test', preset: null }, 'test');
    for (const p of COHORT) {
      const out = join(outDir, `sr-${p.patientId.length}-${COHORT.indexOf(p)}.dcm`);
      const r = (await cli(
        'export-sr',
        '--feature-set',
        String(set.id),
        '--patient',
        p.patientId,
        '--deidentify',
        '--out',
        out,
      )) as { seg: string[] };
      for (const file of [out, ...r.seg]) {
        exported.push(file);
        expect({ file, hits: hits(readFileSync(file), patterns) }).toEqual({ file, hits: [] });
      }
      const ds = readDicomFile(out).dataset;
      expect(ds.string(TAG.PatientID)).toBe(codeOf(p.patientId));
      expect(ds.items(0x00120064).map((c) => c.string(0x00080100))).toEqual([
        '113100',
        '113105',
        '113107',
        '113108',
        '113104',
      ]);
    }
  });

  it('HTML report: title (model name) and case ids', () => {
    const refDir = new URL('../../../shared/fixtures/modeling/ref/', import.meta.url);
    const fit = fitFromReference(
      JSON.parse(readFileSync(new URL('a_paper.json', refDir), 'utf8')) as ReferenceJson,
      readFileSync(new URL('a_paper_path.csv', refDir), 'utf8'),
    );
    COHORT.forEach((p, n) => (fit.scores[n].id = p.patientId));
    const context = {
      softwareVersion: '0.1.0',
      createdAt: '2026-11-26T20:00:00.000Z',
      modelName: 'NPC model (Li Wu, NPC001_20240108, Ng K.Y. 15/05/2002, born 30 Nov 1958, hk0042)',
    };
    expect(hits(Buffer.from(renderReport(fit, context)), patterns).length).toBeGreaterThan(5);
    const deid = deidentifyReportInput({ fit, context }, createDeidentifier(store));
    const out = join(outDir, 'report.html');
    writeFileSync(out, renderReport(deid.fit, deid.context));
    exported.push(out);
    expect(hits(readFileSync(out), patterns)).toEqual([]);
    const [npc, hk] = [codeOf('NPC001'), codeOf('HK-0042')];
    // "Li Wu" is the whole name (→ code); "K.Y." are initials, not name parts.
    expect(deid.context.modelName).toBe(
      `NPC model (${npc}, ${npc}_[removed], [removed] K.Y. [removed], born [removed], ${hk})`,
    );
  });

  it('all files together (the exports folder): 0 hits', () => {
    expect(exported.length).toBeGreaterThan(20);
    const all = filesUnder(outDir);
    expect(all.sort()).toEqual([...exported].sort());
    expect(all.flatMap((f) => hits(readFileSync(f), patterns).map((h) => `${f}: ${h}`))).toEqual([]);
  });
});

describe('the scrubbing rules, one by one', () => {
  it('name parts of any length as tokens (digits, _ - ^ . separate), not inside words', () => {
    const deid = createDeidentifier(store);
    expect(deid.scrub('GTV_Li2 li-roi WU.x Lipoma Wuhan Ng^Ka')).toBe(
      'GTV_[removed]2 [removed]-roi [removed].x Lipoma Wuhan [removed]^[removed]',
    );
  });

  it('ids anywhere, with or without separators; a 2-character id only as a token', () => {
    const deid = createDeidentifier(store);
    const [npc, hk, k9] = [codeOf('NPC001'), codeOf('HK-0042'), codeOf('K9')];
    expect(deid.scrub('GTV_NPC001 npc-001x hk_0042 HK0042 K9 GTVK9 K9_2')).toBe(
      `GTV_${npc} ${npc}x ${hk} ${hk} ${k9} GTVK9 ${k9}_2`,
    );
  });

  it('dates in the common formats, valid calendar dates only', () => {
    const deid = createDeidentifier(store);
    expect(
      deid.scrub(
        'a 20240108 b 2024-01-08 c 08/01/2024 d 15.05.2002 e 8 Jan 2024 f Jan 8, 2024 g 20241308 h 12345678 i 202401081230',
      ),
    ).toBe(
      'a [removed] b [removed] c [removed] d [removed] e [removed] f [removed] g 20241308 h 12345678 i [removed]',
    );
    expect(datesInText('GTV_20240108')).toEqual(['20240108']);
  });
});
