/**
 * Worker: one ROI's features. Decodes the series, inflates the stored mask and runs the feature engine,
 * so only the small compressed mask and the feature rows cross the thread boundary.
 */
import { threadId } from 'node:worker_threads';
import { loadSeriesVolume, type LoadBuffers } from '../dicom/index';
import { decodeMask, type BoundingBox } from '../store/mask-codec';
import { computeFeatures } from '../../shared/radiomics/profiles/index';
import type { Settings } from '../../shared/radiomics/settings';
import type { FeatureValue } from '../../shared/radiomics/types';
import type { DecodeInput } from './decode.worker';
import { threadCpuMs } from './pool';
import { serveTasks } from './serve';

export interface FeaturesInput {
  series: DecodeInput;
  mask: { bytes: Uint8Array; encoding: string; bbox: BoundingBox | null };
  settings: Settings | undefined;
  profile: string;
}

/** Where a case's time went in the worker: wall ms per step, and the worker thread's CPU ms (null off Linux). */
export interface FeaturesTiming {
  decode_ms: number;
  mask_ms: number;
  compute_ms: number;
  cpu_ms: number | null;
  /** The worker thread that ran the case (worker_threads threadId), to add up CPU per worker. */
  thread: number;
  /** The thread's CPU ms since it started (its start-up and JIT warm-up included), null off Linux. */
  thread_cpu_ms: number | null;
}

export interface FeaturesOutput {
  voxels: number;
  features: FeatureValue[];
  timing: FeaturesTiming;
}

/**
 * The buffers of the previous case (volume, file bytes, decoded slice; mask), reused for the next: a
 * cohort's series share a size, and allocating (and page-faulting, and later freeing) tens of MB per case
 * kept the garbage collector's helper threads busy on cores the other workers need. Nothing outlives a task:
 * features are plain numbers.
 */
const loadBuffers: LoadBuffers = {};
let maskBuffer = new Uint8Array(0);

serveTasks<FeaturesInput, FeaturesOutput, string>(async (input, ctx) => {
  const cpu0 = threadCpuMs();
  const t0 = performance.now();
  ctx.progress('decoding');
  const volume = await loadSeriesVolume(input.series, { reuse: loadBuffers, forExtraction: true });
  if (maskBuffer.length < volume.data.length) maskBuffer = new Uint8Array(volume.data.length);
  const t1 = performance.now();
  const mask = decodeMask(
    input.mask.bytes,
    input.mask.encoding,
    input.mask.bbox,
    input.series.geometry,
    maskBuffer,
  );
  const t2 = performance.now();
  ctx.progress('computing');
  const result = computeFeatures(volume, mask, input.settings, input.profile);
  const t3 = performance.now();
  const cpu1 = threadCpuMs();
  return {
    voxels: result.mask.voxels,
    features: result.features,
    timing: {
      decode_ms: t1 - t0,
      mask_ms: t2 - t1,
      compute_ms: t3 - t2,
      cpu_ms: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
      thread: threadId,
      thread_cpu_ms: cpu1,
    },
  };
});
