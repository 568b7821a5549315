/** Reads a NIfTI or NRRD volume from a file, chosen by extension. (DICOM goes through main/dicom.) */
import { parseNiftiFile, readNifti } from './nifti';
import { parseNrrd, readNrrd } from './nrrd';
import { readUserFile, USER_FILE_LIMITS } from './readUserFile';
import type { Volume } from '../../shared/image/volume';

export function isVolumeFile(path: string): boolean {
  return /\.(nii|nii\.gz|nrrd|nhdr)$/i.test(path);
}

const unsupported = (path: string) =>
  new Error(`unsupported volume file "${path}": expected .nii, .nii.gz or .nrrd`);

/** A volume file of the app's own or of the tests (trusted path). */
export function readVolumeFile(path: string): Volume {
  if (/\.nii(\.gz)?$/i.test(path)) return readNifti(path);
  if (/\.nrrd$/i.test(path)) return readNrrd(path);
  throw unsupported(path);
}

/**
 * A volume file a user or an API client named (--image / --mask, models.predictImage): a regular file only,
 * read with a size and time limit (main/io/readUserFile.ts).
 */
export async function readUserVolume(path: string, what = 'volume file'): Promise<Volume> {
  const nifti = /\.nii(\.gz)?$/i.test(path);
  if (!nifti && !/\.nrrd$/i.test(path)) throw unsupported(path);
  const bytes = await readUserFile(path, { what, maxBytes: USER_FILE_LIMITS.volume, timeoutMs: 5 * 60_000 });
  return nifti ? parseNiftiFile(bytes) : parseNrrd(bytes);
}
