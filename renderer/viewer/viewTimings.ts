/** Draw and GPU time samples of the vtk views, read by the perf e2e test (useViewHost exposes them on window). */

/** Durations of recent draws (ms: vtk render call + 2D layers, main thread). */
export const drawTimings: number[] = [];
/**
 * With `window.__radscoreGpuSync` set, each vtk render is followed by gl.finish() and the render + finish time
 * is recorded here: what the GPU process (SwiftShader on the test machines) spends on a view. Off by default,
 * because finishing stalls the pipeline.
 */
export const gpuTimings: number[] = [];

/** Appends a sample, keeping the newest 1,000–2,000. */
export function recordTiming(list: number[], ms: number): void {
  list.push(ms);
  if (list.length > 2000) list.splice(0, list.length - 1000);
}
