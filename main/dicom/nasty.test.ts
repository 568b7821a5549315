/**
 * A cohort folder with everything that goes wrong in practice: exact counts of series / instances / ROIs,
 * every bad file named with a reason, nothing thrown.
 */
import { copyFile, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeriesVolume, rasterizeRoi, scanFolders } from './index';
import { createUidGenerator, encodePart10 } from './encode';
import { saveFiles, writeImageSeries, writeRtstruct, type ImageSeriesRef } from './write';
import type { MaskVolume, Vec3, Volume } from '../../shared/image/volume';
import type { ScanResult } from './types';

const geometry = (nz: number) => ({
  size: [24, 20, nz] as Vec3,
  spacing: [1, 1, 4] as Vec3,
  origin: [-12, -10, 0] as Vec3,
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
});

function volume(nz: number, seed: number): Volume {
  const g = geometry(nz);
  const data = new Float32Array(24 * 20 * nz).map((_, n) => ((n * seed) % 800) + 100);
  return { ...g, data };
}

function boxMask(nz: number): MaskVolume {
  const g = geometry(nz);
  const data = new Uint8Array(24 * 20 * nz);
  for (let k = 1; k < nz - 1; k++)
    for (let j = 5; j < 12; j++) for (let i = 6; i < 15; i++) data[i + 24 * (j + 20 * k)] = 1;
  return { ...g, data };
}

let root = '';
let scan: ScanResult;
const bad: Record<string, string> = {};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'radscore-nasty-'));
  const refs: ImageSeriesRef[] = [];
  // Two good patients: 6 slices + RTSTRUCT each, odd folder names and nesting.
  for (const [n, folder] of [
    [1, 'P001/study A/T2'],
    [2, 'x/y/z/w'],
  ] as const) {
    const w = writeImageSeries(
      volume(6, n * 7 + 1),
      { patientId: `P00${n}` },
      {},
      { seriesDescription: 'T2' },
      { uidSeed: `p${n}` },
    );
    await saveFiles(
      join(root, folder),
      w.files.map((f, k) => ({ ...f, name: `slice-${k}` })),
    );
    const rs = writeRtstruct([{ name: 'GTV', mask: boxMask(6) }], w.ref, { uidSeed: `p${n}` });
    await saveFiles(join(root, folder, '..'), [{ ...rs.file, name: 'contours' }]);
    refs.push(w.ref);
  }
  // A sagittal localiser slice filed under P002's series UID: it cannot stack with the axial slices.
  const sagittal = {
    size: [20, 24, 1] as Vec3,
    spacing: [1, 1, 1] as Vec3,
    origin: [0, -12, 10] as Vec3,
    direction: [0, 0, 1, 1, 0, 0, 0, 1, 0],
  };
  const localiser = writeImageSeries(
    { ...sagittal, data: new Float32Array(480) },
    { patientId: 'P002' },
    { studyInstanceUid: refs[1].studyInstanceUid },
    { seriesInstanceUid: refs[1].seriesInstanceUid },
    { uidSeed: 'loc' },
  );
  [bad.localiser] = await saveFiles(join(root, 'x'), [{ ...localiser.files[0], name: 'localiser.dcm' }]);
  // Patient 3: a series with a missing slice (the 5th of 10 deleted).
  const gap = writeImageSeries(volume(10, 3), { patientId: 'P003' }, {}, {}, { uidSeed: 'p3' });
  const gapPaths = await saveFiles(join(root, 'P003'), gap.files);
  await unlink(gapPaths[4]);
  bad.removedSlice = gapPaths[4];
  // An RTSTRUCT for a series that is not in the folder.
  const absent = writeImageSeries(volume(6, 5), { patientId: 'P004' }, {}, {}, { uidSeed: 'p4' });
  const orphan = writeRtstruct([{ name: 'GTV', mask: boxMask(6) }], absent.ref, { uidSeed: 'p4' });
  [bad.orphanRtstruct] = await saveFiles(join(root, 'P004'), [orphan.file]);
  // Bad files.
  const first = gap.files[0].bytes;
  bad.truncated = join(root, 'junk', 'truncated.dcm');
  bad.truncatedHeader = join(root, 'junk', 'cut-in-header.dcm');
  bad.empty = join(root, 'junk', 'empty.dcm');
  bad.text = join(root, 'junk', 'notes.txt');
  bad.random = join(root, 'junk', 'IMG0001');
  bad.rtplan = join(root, 'junk', 'plan.dcm');
  bad.dicomdir = join(root, 'DICOMDIR');
  bad.duplicate = join(root, 'zz-copy', 'same-instance.dcm');
  await mkdir(join(root, 'junk'), { recursive: true });
  await mkdir(join(root, 'zz-copy'), { recursive: true });
  await writeFile(bad.truncated, first.subarray(0, first.length - 300));
  await writeFile(bad.truncatedHeader, first.subarray(0, 700));
  await writeFile(bad.empty, new Uint8Array(0));
  await writeFile(bad.text, 'patient list\nP001, P002\n');
  await writeFile(
    bad.random,
    new Uint8Array(4096).map((_, n) => (n * 31 + 7) % 251),
  );
  const uid = createUidGenerator('plan');
  const planUid = uid();
  await writeFile(
    bad.rtplan,
    encodePart10('1.2.840.10008.5.1.4.1.1.481.5', planUid, [
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.481.5' },
      { tag: 0x00080018, vr: 'UI', value: planUid },
      { tag: 0x00080060, vr: 'CS', value: 'RTPLAN' },
      { tag: 0x00100020, vr: 'LO', value: 'P001' },
    ]),
  );
  const doseUid = uid();
  bad.rtdose = join(root, 'junk', 'dose.dcm');
  await writeFile(
    bad.rtdose,
    encodePart10('1.2.840.10008.5.1.4.1.1.481.2', doseUid, [
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.481.2' },
      { tag: 0x00080018, vr: 'UI', value: doseUid },
      { tag: 0x00080060, vr: 'CS', value: 'RTDOSE' },
      { tag: 0x00200032, vr: 'DS', value: '0\\0\\0' },
      { tag: 0x00200037, vr: 'DS', value: '1\\0\\0\\0\\1\\0' },
      { tag: 0x00280010, vr: 'US', value: [2] },
      { tag: 0x00280011, vr: 'US', value: [2] },
      { tag: 0x00280100, vr: 'US', value: [32] },
      { tag: 0x7fe00010, vr: 'OW', value: new Uint8Array(16) },
    ]),
  );
  await writeFile(
    bad.dicomdir,
    encodePart10('1.2.840.10008.1.3.10', uid(), [{ tag: 0x00041130, vr: 'CS', value: 'CD' }]),
  );
  // The same SOP instance as P001's first slice, under another name in a later folder.
  await copyFile(join(root, 'P001/study A/T2/slice-0'), bad.duplicate);
  // A link back to the root (a loop) and a folder given twice must not be walked again.
  await symlink(root, join(root, 'x', 'loop'));
  scan = await scanFolders([root, join(root, 'P003')]);
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('scanFolders on a nasty cohort folder', () => {
  it('counts files, series, instances and ROIs exactly', () => {
    // 12 good slices + 2 RTSTRUCT + 9 gap-series slices + orphan RTSTRUCT + localiser + 9 bad files
    expect(scan.files).toBe(12 + 2 + 9 + 1 + 1 + 9);
    expect(scan.series.map((s) => [s.patient.patientId, s.instances.length, s.geometry.size[2]])).toEqual([
      ['P001', 6, 6],
      ['P002', 6, 6],
      ['P003', 9, 10],
    ]);
    expect(scan.rois.map((r) => [r.patientId, r.kind, r.roiNames])).toEqual([
      // in walk order: folders sorted by name
      ['P001', 'RTSTRUCT', ['GTV']],
      ['P004', 'RTSTRUCT', ['GTV']],
      ['P002', 'RTSTRUCT', ['GTV']],
    ]);
  });

  it('names every bad file with its reason', () => {
    const reasons = Object.fromEntries(scan.skipped.map((s) => [relative(root, s.file), s.reason]));
    expect(reasons).toEqual({
      DICOMDIR: 'DICOMDIR (a directory index, not an image)',
      'junk/IMG0001': 'not a DICOM file (no DICM preamble)',
      'junk/cut-in-header.dcm': expect.stringMatching(
        /^truncated file: (the data set ends inside an element|element \(\w{4},\w{4}\) runs past the end of the file) \(700 bytes\)$/,
      ),
      'junk/dose.dcm': 'non-image object (RT Dose, modality RTDOSE)',
      'junk/empty.dcm': 'empty file (0 bytes)',
      'junk/notes.txt': 'not a DICOM file (24 bytes, no DICM preamble)',
      'junk/plan.dcm': 'non-image object (RT Plan, modality RTPLAN)',
      'junk/truncated.dcm': expect.stringMatching(
        /^truncated file: Pixel Data needs 960 bytes, only 660 present$/,
      ),
      'x/localiser.dcm': expect.stringMatching(
        /^does not match the geometry of series 2\.25\.\d+ \(24×20, orientation \[0, 1, 0, 0, 0, 1\], pixel spacing \[1, 1\] vs 20×24, orientation \[1, 0, 0, 0, 1, 0\], pixel spacing \[1, 1\]\)$/,
      ),
      'zz-copy/same-instance.dcm': expect.stringMatching(
        /^duplicate SOP Instance UID of .*P001\/study A\/T2\/slice-0 \(2\.25\.\d+; same pixel data: a copy\)$/,
      ),
    });
  });

  it('warns about the missing slice and the RTSTRUCT without its series', () => {
    const gapSeries = scan.series[2].seriesInstanceUid;
    expect(scan.warnings).toEqual([
      {
        series: gapSeries,
        message: expect.stringMatching(
          /^missing slice: step of 8\.000 mm between slices 3 and 4 \(median step 4\.000 mm\); 1 slice\(s\) left empty$/,
        ),
      },
      {
        series: expect.any(String),
        message: expect.stringMatching(
          /^RTSTRUCT .*P004\/RS_\w+\.dcm refers to series 2\.25\.\d+, which is not among the scanned images$/,
        ),
      },
    ]);
  });

  it('loads the gapped series on its true grid (the missing slice left 0) and rasterises the good ROIs', async () => {
    const gap = await loadSeriesVolume(scan.series[2]);
    const full = volume(10, 3);
    const slice = 24 * 20;
    for (let k = 0; k < 10; k++) {
      const got = Array.from(gap.data.subarray(k * slice, (k + 1) * slice));
      expect(got).toEqual(
        k === 4 ? new Array(slice).fill(0) : Array.from(full.data.subarray(k * slice, (k + 1) * slice)),
      );
    }
    const p1 = scan.series[0];
    const roi = scan.rois.find((r) => r.referencedSeriesUid === p1.seriesInstanceUid);
    expect(roi).toBeDefined();
    const mask = await rasterizeRoi(roi?.file ?? '', 'GTV', p1.geometry);
    expect(Array.from(mask.data)).toEqual(Array.from(boxMask(6).data));
  });
});
