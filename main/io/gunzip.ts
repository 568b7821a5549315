/** gzip-compressed volume data, inflated up to a bound (a few kB of "gzip bomb" must not exhaust the memory). */
import { gunzipSync } from 'node:zlib';

/** The largest inflated volume accepted: what one Buffer holds. */
export const MAX_INFLATED_VOLUME_BYTES = 4096 * 1024 * 1024 - 1;

export function gunzipBounded(bytes: Uint8Array, format: string, limit = MAX_INFLATED_VOLUME_BYTES): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`${format} data inflates to more than ${Math.round(limit / 2 ** 20)} MB`);
    throw new Error(
      `${format} gzip data cannot be inflated (${(err as NodeJS.ErrnoException).code ?? 'damaged'})`,
    );
  }
}
