/**
 * ROI export: a drawn ROI exported as SEG and as RTSTRUCT re-imports (importFolders on the series + the
 * exported file, fresh database) to identical voxels — on an unevenly spaced series, where contours and
 * SEG frames only find their slice through the real slice positions.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../shared/image/volume';
import { parseArgs } from '../cli/args';
import { exportRoiCommand } from '../cli/commands/export-roi';
import { makeContext } from '../cli/context';
import { readDicomFile, TAG } from '../dicom/dataset';
import { saveFiles, writeImageSeries } from '../dicom/index';
import { getRoiMask, getSeriesByUid, listRois, openStore, type Store } from '../store/index';
import { createHandlers, openAppServices } from './handlers';
import { importFolders } from './import';
import { exportRoi } from './roiExport';
import { saveDrawnRoi } from './rois';

let dir = '';
let seriesDir = '';
let store: Store;
let seriesUid = '';
let roiId = 0;
let drawn: Uint8Array;
const nx = 7;
const ny = 6;
const slice = nx * ny;

const part = (nz: number, z0: number, dz: number) => ({
  size: [nx, ny, nz] as Vec3,
  spacing: [0.8, 0.9, dz] as Vec3,
  origin: [-3, 2, z0] as Vec3,
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  data: new Float32Array(slice * nz).map((_, n) => n % 97),
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'radscore-roiexport-'));
  seriesDir = join(dir, 'series');
  // Steps of 3 mm for five slices, then 4.4 mm for three: z = 0…12, 16.4, 20.8, 25.2.
  const patient = { patientId: 'EXP-1', patientName: 'Doe^Jane', birthDate: '19600102', sex: 'F' };
  const a = writeImageSeries(
    part(5, 0, 3),
    patient,
    { studyDate: '20240301', accessionNumber: 'ACC9' },
    { seriesDescription: 'T2' },
    { uidSeed: 'ea' },
  );
  const b = writeImageSeries(
    part(3, 16.4, 4.4),
    patient,
    { studyInstanceUid: a.ref.studyInstanceUid, studyDate: '20240301', accessionNumber: 'ACC9' },
    {
      seriesInstanceUid: a.ref.seriesInstanceUid,
      frameOfReferenceUid: a.ref.frameOfReferenceUid,
      seriesDescription: 'T2',
    },
    { uidSeed: 'eb' },
  );
  await saveFiles(join(seriesDir, 'a'), a.files);
  await saveFiles(join(seriesDir, 'b'), b.files);
  seriesUid = a.ref.seriesInstanceUid;
  store = openStore(join(dir, 'db.sqlite'));
  const imported = await importFolders(store, [seriesDir]);
  expect(imported).toMatchObject({ series: 1, instances: 8 });
  const series = getSeriesByUid(store, seriesUid);
  if (!series) throw new Error('series not stored');
  // A blob with a hole, across the change of step, plus an island on the last slice.
  drawn = new Uint8Array(slice * 8);
  for (const k of [3, 4, 5, 6]) {
    for (let j = 1; j < 5; j++)
      for (let i = 1; i < 6; i++) if (!(k === 4 && i === 3 && j === 2)) drawn[i + nx * (j + ny * k)] = 1;
  }
  drawn[6 + nx * (5 + ny * 7)] = 1;
  roiId = saveDrawnRoi(store, {
    seriesUid,
    name: 'GTV drawn',
    author: 'Dr Who',
    mask: { ...series.geometry, data: drawn },
  }).id;
});

afterAll(async () => {
  store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Imports the series plus one exported file into a fresh database; returns that database's ROIs with masks. */
async function reimport(file: string, name: string) {
  const folder = join(dir, `reimport-${name}`);
  await mkdir(folder, { recursive: true });
  for (const sub of ['a', 'b']) {
    await mkdir(join(folder, sub), { recursive: true });
    for (const f of await readdir(join(seriesDir, sub)))
      await copyFile(join(seriesDir, sub, f), join(folder, sub, f));
  }
  await copyFile(file, join(folder, `${name}.dcm`));
  const fresh = openStore(join(folder, 'db.sqlite'));
  try {
    const result = await importFolders(fresh, [folder]);
    const rois = listRois(fresh).map((r) => ({ ...r, mask: getRoiMask(fresh, r.id) }));
    return { result, rois };
  } finally {
    fresh.close();
  }
}

describe('exportRoi', () => {
  for (const format of ['SEG', 'RTSTRUCT'] as const) {
    it(`${format}: references the stored series and re-imports to identical voxels`, async () => {
      const out = join(dir, 'out', `roi.${format.toLowerCase()}.dcm`);
      const result = await exportRoi(store, roiId, { format, out });
      expect(result).toMatchObject({
        out,
        format,
        roi_id: roiId,
        roi: 'GTV drawn',
        series_uid: seriesUid,
        voxels: 4 * 20 - 1 + 1,
        deidentified: false,
      });
      const ds = readDicomFile(out).dataset;
      expect(ds.string(TAG.Modality)).toBe(format === 'SEG' ? 'SEG' : 'RTSTRUCT');
      expect(ds.string(TAG.PatientID)).toBe('EXP-1');
      expect(ds.string(TAG.PatientName)).toBe('Doe^Jane');
      const refSeries =
        format === 'SEG'
          ? ds.item(TAG.ReferencedSeriesSequence)?.string(TAG.SeriesInstanceUID)
          : ds
              .item(TAG.ReferencedFrameOfReferenceSequence)
              ?.item(TAG.RTReferencedStudySequence)
              ?.item(TAG.RTReferencedSeriesSequence)
              ?.string(TAG.SeriesInstanceUID);
      expect(refSeries).toBe(seriesUid);

      const { result: imported, rois } = await reimport(out, format);
      expect(imported).toMatchObject({ series: 1, instances: 8, rois: 1 });
      expect(imported.warnings).toEqual(
        [expect.stringMatching(/^uneven slice spacing/)].map((message) => ({ series: seriesUid, message })),
      );
      expect(rois).toHaveLength(1);
      expect(rois[0]).toMatchObject({ name: 'GTV drawn', source: format, seriesUid });
      expect(Array.from(rois[0].mask.data)).toEqual(Array.from(drawn));
    });
  }

  it('de-identifies through the given hook: patient, study and UIDs replaced, text scrubbed', async () => {
    const out = join(dir, 'out', 'deid.seg.dcm');
    const result = await exportRoi(store, roiId, {
      format: 'SEG',
      out,
      deidentify: {
        seriesRef: (ref) => ({
          ...ref,
          patient: { patientId: 'SUBJ-001', patientName: 'SUBJ-001', birthDate: '', sex: ref.patient.sex },
          studyInstanceUid: '2.25.1',
          seriesInstanceUid: '2.25.2',
          frameOfReferenceUid: '2.25.3',
          accessionNumber: '',
          slices: ref.slices.map((s, k) => ({ ...s, sopInstanceUid: `2.25.10${k}` })),
        }),
        text: (t) => t.replace('drawn', '[removed]'),
      },
    });
    expect(result).toMatchObject({ series_uid: '2.25.2', deidentified: true, roi: 'GTV [removed]' });
    const ds = readDicomFile(out).dataset;
    expect([
      ds.string(TAG.PatientID),
      ds.string(TAG.PatientName),
      ds.string(TAG.PatientBirthDate),
      ds.string(TAG.AccessionNumber),
    ]).toEqual(['SUBJ-001', 'SUBJ-001', '', '']);
    expect(ds.items(TAG.SegmentSequence)[0].string(TAG.SegmentLabel)).toBe('GTV [removed]');
    // PS3.15 basic profile: the content creator (a member of staff) is removed, not scrubbed.
    expect(ds.string(TAG.ContentCreatorName)).toBe('');
    expect(ds.item(TAG.ReferencedSeriesSequence)?.string(TAG.SeriesInstanceUID)).toBe('2.25.2');
    expect(ds.string(TAG.FrameOfReferenceUID)).toBe('2.25.3');
  });

  it('refuses an unknown ROI, an empty ROI and an unknown format with a clear reason', async () => {
    await expect(exportRoi(store, 9999, { format: 'SEG', out: join(dir, 'x.dcm') })).rejects.toThrow(
      'no ROI with id 9999',
    );
    const series = getSeriesByUid(store, seriesUid);
    if (!series) throw new Error('series not stored');
    const empty = saveDrawnRoi(store, {
      seriesUid,
      name: 'empty',
      mask: { ...series.geometry, data: new Uint8Array(slice * 8) },
    }).id;
    await expect(exportRoi(store, empty, { format: 'RTSTRUCT', out: join(dir, 'x.dcm') })).rejects.toThrow(
      /is empty: nothing to export/,
    );
    // @ts-expect-error: a format outside the type, as an untyped caller could pass
    await expect(exportRoi(store, roiId, { format: 'NIFTI', out: join(dir, 'x.dcm') })).rejects.toThrow(
      /unknown ROI export format "NIFTI"/,
    );
  });
});

describe('radscore export-roi', () => {
  const run = (...argv: string[]) =>
    exportRoiCommand.run(makeContext(parseArgs([...argv, '--db', join(dir, 'db.sqlite'), '--quiet'])));

  it('writes the file and returns the JSON document', async () => {
    store.close();
    try {
      const out = join(dir, 'cli', 'gtv.rtstruct.dcm');
      const { json } = await run('--roi-id', String(roiId), '--format', 'rtstruct', '--out', out);
      expect(json).toMatchObject({ out, format: 'RTSTRUCT', roi_id: roiId, series_uid: seriesUid });
      expect(readDicomFile(out).dataset.string(TAG.Modality)).toBe('RTSTRUCT');
      await expect(run('--roi-id', String(roiId), '--format', 'nifti', '--out', out)).rejects.toThrow(
        '--format must be seg or rtstruct, not "nifti"',
      );
      await expect(run('--format', 'seg', '--out', out)).rejects.toThrow('--roi-id is required');
      await expect(run('--roi-id', '1.5', '--format', 'seg', '--out', out)).rejects.toThrow(
        '--roi-id must be an integer',
      );
    } finally {
      store = openStore(join(dir, 'db.sqlite'));
    }
  });
});

describe("API channel 'roi.export'", () => {
  it('exports through the handlers (validated input), not-found for a missing ROI, bad-input for a relative path', async () => {
    const services = await openAppServices(join(dir, 'db.sqlite'));
    try {
      const handlers = createHandlers(services, { host: 'browser' });
      const out = join(dir, 'api', 'gtv.seg.dcm');
      const result = await handlers.invoke('roi.export', { roiId, format: 'SEG', out });
      expect(result).toMatchObject({
        out,
        format: 'SEG',
        roiId,
        roi: 'GTV drawn',
        seriesUid,
        voxels: 80,
        deidentified: false,
      });
      expect(readDicomFile(out).dataset.string(TAG.Modality)).toBe('SEG');
      await expect(handlers.invoke('roi.export', { roiId: 9999, format: 'SEG', out })).rejects.toMatchObject({
        kind: 'not-found',
      });
      await expect(
        handlers.invoke('roi.export', { roiId, format: 'SEG', out: 'gtv.dcm' }),
      ).rejects.toMatchObject({ kind: 'bad-input' });
    } finally {
      services.close();
    }
  });
});
