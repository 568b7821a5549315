/** Worker: decodes a stored DICOM series into a float32 volume; the voxels are transferred, not copied. */
import { loadSeriesVolume } from '../dicom/index';
import type { DicomInstanceInfo } from '../dicom/types';
import type { ImageGeometry, Volume } from '../../shared/image/volume';
import { Transfer } from './protocol';
import { serveTasks } from './serve';

export interface DecodeInput {
  instances: DicomInstanceInfo[];
  geometry: ImageGeometry;
}

serveTasks<DecodeInput, Volume>(async (input) => {
  const volume = await loadSeriesVolume(input);
  return new Transfer(volume, [volume.data.buffer as ArrayBuffer]);
});
