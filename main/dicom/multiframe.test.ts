/** Enhanced MR (multi-frame): per-frame positions in any order, per-frame rescale, shared geometry. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSeriesVolume, scanFolders } from './index';
import { createUidGenerator, ds, encodePart10, type Element } from './encode';
import { SOP_CLASS, TAG } from './dataset';

let dir = '';
const rows = 3;
const cols = 4;
// Frames stored in the order z = 10, 0, 5 (mm), with per-frame rescale slopes 1, 2, 3.
const frameZ = [10, 0, 5];
const frameSlope = [1, 2, 3];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'radscore-enhanced-'));
  const uid = createUidGenerator('enhanced');
  const sop = uid();
  const pixels = new Int16Array(rows * cols * frameZ.length);
  for (let f = 0; f < frameZ.length; f++)
    for (let n = 0; n < rows * cols; n++) pixels[f * rows * cols + n] = 100 * f + n;
  const str = (tag: number, vr: Element['vr'], value: string): Element => ({ tag, vr, value });
  const perFrame: Element[][] = frameZ.map((z, f) => [
    {
      tag: TAG.PlanePositionSequence,
      vr: 'SQ',
      value: [[str(TAG.ImagePositionPatient, 'DS', ds([-5, 7, z]))]],
    },
    {
      tag: TAG.PixelValueTransformationSequence,
      vr: 'SQ',
      value: [[str(TAG.RescaleIntercept, 'DS', '-10'), str(TAG.RescaleSlope, 'DS', String(frameSlope[f]))]],
    },
  ]);
  const elements: Element[] = [
    str(TAG.SOPClassUID, 'UI', SOP_CLASS.EnhancedMRImage),
    str(TAG.SOPInstanceUID, 'UI', sop),
    str(TAG.Modality, 'CS', 'MR'),
    str(TAG.PatientID, 'LO', 'MF-1'),
    str(TAG.StudyInstanceUID, 'UI', uid()),
    str(TAG.SeriesInstanceUID, 'UI', uid()),
    str(TAG.FrameOfReferenceUID, 'UI', uid()),
    { tag: TAG.SamplesPerPixel, vr: 'US', value: [1] },
    str(TAG.PhotometricInterpretation, 'CS', 'MONOCHROME2'),
    str(TAG.NumberOfFrames, 'IS', String(frameZ.length)),
    { tag: TAG.Rows, vr: 'US', value: [rows] },
    { tag: TAG.Columns, vr: 'US', value: [cols] },
    { tag: TAG.BitsAllocated, vr: 'US', value: [16] },
    { tag: TAG.BitsStored, vr: 'US', value: [16] },
    { tag: TAG.HighBit, vr: 'US', value: [15] },
    { tag: TAG.PixelRepresentation, vr: 'US', value: [1] },
    {
      tag: TAG.SharedFunctionalGroupsSequence,
      vr: 'SQ',
      value: [
        [
          {
            tag: TAG.PixelMeasuresSequence,
            vr: 'SQ',
            value: [[str(TAG.PixelSpacing, 'DS', '0.5\\0.75'), str(TAG.SliceThickness, 'DS', '5')]],
          },
          {
            tag: TAG.PlaneOrientationSequence,
            vr: 'SQ',
            value: [[str(TAG.ImageOrientationPatient, 'DS', '1\\0\\0\\0\\1\\0')]],
          },
        ],
      ],
    },
    { tag: TAG.PerFrameFunctionalGroupsSequence, vr: 'SQ', value: perFrame },
    { tag: TAG.PixelData, vr: 'OW', value: new Uint8Array(pixels.buffer) },
  ];
  await writeFile(join(dir, 'enhanced.dcm'), encodePart10(SOP_CLASS.EnhancedMRImage, sop, elements));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("sorts the frames of one Enhanced MR file by position and applies each frame's rescale", async () => {
  const scan = await scanFolders([dir]);
  expect(scan.skipped).toEqual([]);
  expect(scan.series).toHaveLength(1);
  const s = scan.series[0];
  expect(s.instances).toHaveLength(1);
  expect(s.instances[0].frames).toBe(3);
  expect(s.geometry).toEqual({
    size: [4, 3, 3],
    spacing: [0.75, 0.5, 5],
    origin: [-5, 7, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  });
  const volume = await loadSeriesVolume(s);
  // slice k holds the frame at z = 5k: frames 1 (z 0), 2 (z 5), 0 (z 10)
  const frameAtK = [1, 2, 0];
  for (let k = 0; k < 3; k++) {
    const f = frameAtK[k];
    for (let n = 0; n < rows * cols; n++)
      expect(volume.data[k * rows * cols + n]).toBe((100 * f + n) * frameSlope[f] - 10);
  }
});
