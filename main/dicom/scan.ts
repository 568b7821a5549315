/**
 * scanFolders: walks folders, reads headers (no pixel decoding), groups images into series sorted along
 * the slice normal, and collects RTSTRUCT / SEG objects. Never throws for a bad file: it is skipped with a reason.
 */
import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { stackSlices } from '../../shared/dicom/geometry';
import type { Vec3 } from '../../shared/image/volume';
import { duplicateSop } from './duplicates';
import { DicomFileError, readDicomHeader, SOP_CLASS, sopClassOf, TAG, type ParsedFile } from './dataset';
import { imageInstanceOf, isKnownNonImage, patientOf, roiObjectOf, sopClassName, studyOf } from './header';
import type {
  DicomInstanceInfo,
  DicomRoiObject,
  DicomSeriesInfo,
  ScanProblem,
  ScanProgress,
  ScanResult,
} from './types';

function specialFileKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'a special file';
}

/**
 * All regular files under the given paths (files are taken as they are), in a stable order. A file reached
 * twice (overlapping paths, links) is listed once; a folder reached again through a link is not re-entered.
 */
export async function listFiles(paths: string[], skipped: ScanProblem[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = async (p: string): Promise<void> => {
    let info;
    try {
      info = await stat(p);
    } catch (e) {
      skipped.push({ file: p, reason: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      return;
    }
    const id = `${info.dev}:${info.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    if (info.isFile()) {
      out.push(p);
      return;
    }
    if (!info.isDirectory()) {
      // Opening a FIFO waits for a writer, a device may never end: neither is read, each is named.
      skipped.push({ file: p, reason: `${specialFileKind(info)}, not a file: not read` });
      return;
    }
    let entries: string[];
    try {
      entries = (await readdir(p)).sort();
    } catch (e) {
      skipped.push({
        file: p,
        reason: `cannot list folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      });
      return;
    }
    for (const name of entries) await walk(join(p, name));
  };
  for (const p of paths) await walk(p);
  return out;
}

interface SeriesBucket {
  uid: string;
  first: ParsedFile['dataset'];
  instances: DicomInstanceInfo[];
  /**
   * Images of the series not imported (their SOP Instance UID was taken by an image with other pixel data):
   * their positions still shape the grid, so the series shows the slice it misses (unusableReasons).
   */
  missing: DicomInstanceInfo[];
}

/** Same pixel grid shape, orientation and pixel spacing (within 1e-3, so float noise between files does not split a series). */
function sameInPlaneGeometry(a: DicomInstanceInfo, b: DicomInstanceInfo): boolean {
  if (a.rows !== b.rows || a.columns !== b.columns) return false;
  for (let n = 0; n < 6; n++) if (Math.abs(a.orientation[n] - b.orientation[n]) > 1e-3) return false;
  return (
    Math.abs(a.pixelSpacing[0] - b.pixelSpacing[0]) <= 1e-3 &&
    Math.abs(a.pixelSpacing[1] - b.pixelSpacing[1]) <= 1e-3
  );
}

function describeKey(i: DicomInstanceInfo): string {
  return `${i.rows}×${i.columns}, orientation [${i.orientation.map((x) => +x.toFixed(4)).join(', ')}], pixel spacing [${i.pixelSpacing.join(', ')}]`;
}

/** Builds one series from its instances; problems become skipped entries and warnings. */
function buildSeries(bucket: SeriesBucket, skipped: ScanProblem[]): DicomSeriesInfo | undefined {
  const warnings: string[] = [];
  // The majority geometry defines the series; other instances cannot be stacked with it.
  const grouped: DicomInstanceInfo[][] = [];
  for (const inst of bucket.instances) {
    const group = grouped.find((g) => sameInPlaneGeometry(g[0], inst));
    if (group) group.push(inst);
    else grouped.push([inst]);
  }
  const groups = grouped.sort((a, b) => b.length - a.length);
  const main = groups[0];
  for (const other of groups.slice(1)) {
    for (const inst of other) {
      skipped.push({
        file: inst.file,
        reason: `does not match the geometry of series ${bucket.uid} (${describeKey(inst)} vs ${describeKey(main[0])})`,
      });
    }
  }
  const ref = main[0];
  // Stable order for ties: instance number, then file name.
  const ordered = [...main].sort(
    (a, b) => a.instanceNumber - b.instanceNumber || a.file.localeCompare(b.file),
  );
  const frames: { position: Vec3; ref: DicomInstanceInfo }[] = [];
  for (const inst of ordered) for (const p of inst.positions) frames.push({ position: p, ref: inst });
  const near = (a: Vec3, b: Vec3) =>
    Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) < 1e-2;
  const imported = frames.map((f) => f.position);
  for (const inst of bucket.missing.filter((m) => sameInPlaneGeometry(m, ref)))
    for (const p of inst.positions)
      if (!imported.some((q) => near(p, q))) frames.push({ position: p, ref: inst });
  let stack;
  try {
    const ds = bucket.first;
    const thickness =
      ds.number(TAG.SliceThickness) ??
      ds
        .item(TAG.SharedFunctionalGroupsSequence)
        ?.item(TAG.PixelMeasuresSequence)
        ?.number(TAG.SliceThickness);
    stack = stackSlices(frames, ref.orientation, ref.pixelSpacing, ref.columns, ref.rows, thickness);
  } catch (e) {
    for (const inst of main)
      skipped.push({ file: inst.file, reason: `series ${bucket.uid}: ${(e as Error).message}` });
    return undefined;
  }
  warnings.push(...stack.warnings);
  const used = new Set(stack.sorted.map((s) => s.ref));
  for (const d of stack.dropped) {
    if (bucket.missing.includes(d.ref)) continue; // skipped already, as a duplicate
    if (!used.has(d.ref)) {
      const twin = stack.sorted.find(
        (s) =>
          Math.abs(s.position[0] - d.position[0]) +
            Math.abs(s.position[1] - d.position[1]) +
            Math.abs(s.position[2] - d.position[2]) <
          1e-2,
      );
      skipped.push({
        file: d.ref.file,
        reason: `repeats the slice position of ${twin ? twin.ref.file : 'another slice'} in series ${bucket.uid}`,
      });
    }
  }
  if (stack.dropped.some((d) => used.has(d.ref))) {
    warnings.push(
      'a multi-frame instance has frames at repeated positions; only the first frame at each position is used',
    );
  }
  // Instances in slice order (a multi-frame instance sorts by its first frame).
  const firstK = new Map<DicomInstanceInfo, number>();
  stack.sorted.forEach((s, n) => {
    if (!firstK.has(s.ref) && !bucket.missing.includes(s.ref)) firstK.set(s.ref, stack.indices[n]);
  });
  const instances = [...firstK.keys()].sort((a, b) => (firstK.get(a) ?? 0) - (firstK.get(b) ?? 0));
  for (const inst of instances)
    if (inst.problem) warnings.push(`${inst.file}: ${inst.problem}; the series is not usable for extraction`);
  const ds = bucket.first;
  return {
    patient: patientOf(ds),
    study: studyOf(ds),
    seriesInstanceUid: bucket.uid,
    seriesNumber: ds.number(TAG.SeriesNumber) ?? 0,
    seriesDescription: ds.string(TAG.SeriesDescription),
    modality: ds.string(TAG.Modality),
    frameOfReferenceUid: ds.string(TAG.FrameOfReferenceUID),
    instances,
    geometry: { size: stack.size, spacing: stack.spacing, origin: stack.origin, direction: stack.direction },
    warnings,
  };
}

export async function scanFolders(
  paths: string[],
  onProgress?: (p: ScanProgress) => void,
): Promise<ScanResult> {
  const skipped: ScanProblem[] = [];
  const files = await listFiles(paths, skipped);
  const buckets = new Map<string, SeriesBucket>();
  const rois: DicomRoiObject[] = [];
  const seenSop = new Map<string, string>();

  for (let n = 0; n < files.length; n++) {
    const file = files[n];
    onProgress?.({ done: n, total: files.length, file });
    if (basename(file).toUpperCase() === 'DICOMDIR') {
      skipped.push({ file, reason: 'DICOMDIR (a directory index, not an image)' });
      continue;
    }
    let parsed: ParsedFile;
    try {
      parsed = await readDicomHeader(file);
    } catch (e) {
      skipped.push({
        file,
        reason: e instanceof DicomFileError ? e.message : `unreadable: ${(e as Error).message ?? String(e)}`,
      });
      continue;
    }
    try {
      const ds = parsed.dataset;
      const sopClass = sopClassOf(ds);
      if (sopClass === SOP_CLASS.MediaStorageDirectory) {
        skipped.push({ file, reason: 'DICOMDIR (a directory index, not an image)' });
        continue;
      }
      const sop = ds.string(TAG.SOPInstanceUID);
      if (!sop) {
        skipped.push({ file, reason: 'no SOP Instance UID' });
        continue;
      }
      const earlier = seenSop.get(sop);
      if (earlier !== undefined) {
        const duplicate = await duplicateSop(file, earlier, sop);
        skipped.push({ file, reason: duplicate.reason });
        const inst = duplicate.differs && ds.has(TAG.PixelData) ? imageInstanceOf(file, parsed) : undefined;
        const uid = ds.string(TAG.SeriesInstanceUID);
        if (inst && !('reason' in inst) && uid) {
          const bucket = buckets.get(uid) ?? { uid, first: ds, instances: [], missing: [] };
          bucket.missing.push(inst);
          buckets.set(uid, bucket);
        }
        continue;
      }
      seenSop.set(sop, file);
      if (sopClass === SOP_CLASS.RTStructureSet || sopClass === SOP_CLASS.Segmentation) {
        rois.push(roiObjectOf(file, parsed));
        continue;
      }
      const modality = ds.string(TAG.Modality) || 'none';
      if (isKnownNonImage(sopClass)) {
        // Includes RT Dose: a dose grid has pixels but is not an image to extract features from.
        skipped.push({ file, reason: `non-image object (${sopClassName(sopClass)}, modality ${modality})` });
        continue;
      }
      if (!ds.has(TAG.PixelData)) {
        skipped.push({
          file,
          reason: `no Pixel Data: not an image, or the file is truncated (${sopClassName(sopClass)}, modality ${modality})`,
        });
        continue;
      }
      const inst = imageInstanceOf(file, parsed);
      if ('reason' in inst) {
        skipped.push({ file, reason: inst.reason });
        continue;
      }
      const uid = ds.string(TAG.SeriesInstanceUID);
      if (!uid) {
        skipped.push({ file, reason: 'image without Series Instance UID' });
        continue;
      }
      const bucket = buckets.get(uid) ?? { uid, first: ds, instances: [], missing: [] };
      if (bucket.instances.length === 0) bucket.first = ds;
      bucket.instances.push(inst);
      buckets.set(uid, bucket);
    } catch (e) {
      skipped.push({ file, reason: `unreadable header: ${(e as Error).message ?? String(e)}` });
    }
  }
  onProgress?.({ done: files.length, total: files.length, file: '' });

  const series: DicomSeriesInfo[] = [];
  for (const bucket of buckets.values()) {
    if (bucket.instances.length === 0) continue; // only duplicates, each skipped with its reason
    const s = buildSeries(bucket, skipped);
    if (s) series.push(s);
  }
  series.sort(
    (a, b) =>
      a.patient.patientId.localeCompare(b.patient.patientId) ||
      a.study.studyInstanceUid.localeCompare(b.study.studyInstanceUid) ||
      a.seriesNumber - b.seriesNumber,
  );
  const warnings = series.flatMap((s) =>
    s.warnings.map((message) => ({ series: s.seriesInstanceUid, message })),
  );
  const present = new Set(series.map((s) => s.seriesInstanceUid));
  for (const roi of rois) {
    if (!roi.referencedSeriesUid) {
      warnings.push({
        series: '',
        message: `${roi.kind} ${roi.file} does not name the image series it refers to`,
      });
    } else if (!present.has(roi.referencedSeriesUid)) {
      warnings.push({
        series: roi.referencedSeriesUid,
        message: `${roi.kind} ${roi.file} refers to series ${roi.referencedSeriesUid}, which is not among the scanned images`,
      });
    }
  }
  return { files: files.length, series, rois, skipped, warnings };
}
