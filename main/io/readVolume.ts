/** Reads a NIfTI or NRRD volume from a file, chosen by extension. (DICOM goes through main/dicom.) */
import { readNifti } from './nifti';
import { readNrrd } from './nrrd';
import type { Volume } from '../../shared/image/volume';

export function isVolumeFile(path: string): boolean {
  return /\.(nii|nii\.gz|nrrd|nhdr)$/i.test(path);
}

export function readVolumeFile(path: string): Volume {
  if (/\.nii(\.gz)?$/i.test(path)) return readNifti(path);
  if (/\.nrrd$/i.test(path)) return readNrrd(path);
  throw new Error(`unsupported volume file "${path}": expected .nii, .nii.gz or .nrrd`);
}
