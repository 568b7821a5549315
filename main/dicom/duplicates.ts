/**
 * A file whose SOP Instance UID is already taken (by an earlier file of the same scan, or by an instance stored
 * in the database) is not imported: its reason names the file holding the UID and says whether the two
 * images' pixel data are the same (a copy) or differ (two images under one UID: one of them is not there).
 */
import { decodeStoredFrames } from './decode';
import { errorMessage } from '../../shared/errorMessage';

/** True when both files decode to the same stored pixel values (same size and frames); a string says why they could not be compared. */
export async function samePixelData(a: string, b: string): Promise<boolean | string> {
  try {
    const [x, y] = await Promise.all([decodeStoredFrames(a), decodeStoredFrames(b)]);
    if (x.rows !== y.rows || x.columns !== y.columns || x.frames !== y.frames) return false;
    if (x.data.length !== y.data.length) return false;
    for (let n = 0; n < x.data.length; n++) if (x.data[n] !== y.data[n]) return false;
    return true;
  } catch (err) {
    return errorMessage(err);
  }
}

/**
 * "duplicate SOP Instance UID of <existing file> (…)": the per-file reason of a file not imported because
 * `existing` already holds its UID; `differs` when the two images' pixel data are not the same.
 */
export async function duplicateSop(
  file: string,
  existing: string,
  sopUid: string,
): Promise<{ reason: string; differs: boolean }> {
  const same = await samePixelData(file, existing);
  const detail =
    same === true
      ? 'same pixel data: a copy'
      : same === false
        ? 'the pixel data differ: this image is not imported, its series misses it'
        : `pixel data not compared: ${same}`;
  return {
    reason: `duplicate SOP Instance UID of ${existing} (${sopUid}; ${detail})`,
    differs: same !== true,
  };
}
