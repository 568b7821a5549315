/**
 * What the import scan reads to classify a file (issue 14 item 9): a file that is not DICOM is decided from
 * its first bytes, never read whole (a 512 MB sparse .dcm used to be read entirely to say "no DICM
 * preamble"); FIFOs, sockets and devices are skipped with a reason instead of silently (item 13).
 * Bytes read are measured by the process's own I/O counter (/proc/self/io rchar), not by time.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFolders } from './scan';

const STS = join(__dirname, '../../../shared/data/mr-series-sts001-t1');
const dir = mkdtempSync(join(tmpdir(), 'radscore-scan-files-'));
const folder = join(dir, 'import');
const MB = 1024 * 1024;
let server: Server;

/** A sparse file of `size` bytes whose first bytes are `head` (no disk blocks behind the rest). */
function sparse(path: string, size: number, head: Uint8Array) {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head, 0, head.length, 0);
    writeSync(fd, new Uint8Array([0]), 0, 1, size - 1);
  } finally {
    closeSync(fd);
  }
}

/** Bytes this process has read through read(2) so far, or null where /proc/self/io is missing. */
function bytesRead(): number | null {
  if (!existsSync('/proc/self/io')) return null;
  return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
}

beforeAll(async () => {
  mkdirSync(folder);
  // 512 MB that start like an MP4 and are empty after: not DICOM, as the first bytes show.
  sparse(join(folder, 'big.dcm'), 512 * MB, Buffer.from('\0\0\0\x20ftypisom', 'latin1'));
  // 1.5 GB with the DICM magic but nothing parseable: too large to be read whole to find out.
  const head = new Uint8Array(200);
  head.set(Buffer.from('DICM', 'latin1'), 128);
  sparse(join(folder, 'huge-dicm.dcm'), 1536 * MB, head);
  spawnSync('mkfifo', [join(folder, 'pipe.dcm')]);
  symlinkSync('/dev/null', join(folder, 'null.dcm'));
  server = createServer();
  await new Promise<void>((resolve) => server.listen(join(folder, 'agent.sock'), resolve));
  symlinkSync(STS, join(folder, 'sts'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('scanFolders classifies a file from its first bytes', () => {
  it('skips large non-DICOM files without reading them whole, and names FIFOs, sockets and devices', async () => {
    const before = bytesRead();
    const scan = await scanFolders([folder]);
    const after = bytesRead();
    const reasons = Object.fromEntries(scan.skipped.map((s) => [s.file.slice(folder.length + 1), s.reason]));
    expect(reasons).toMatchObject({
      'big.dcm': 'not a DICOM file (no DICM preamble)',
      'huge-dicm.dcm':
        'its header is not within the first 128 kB, and at 1.5 GB it is not read whole to find it',
      'pipe.dcm': 'a FIFO (named pipe), not a file: not read',
      'null.dcm': 'a character device, not a file: not read',
      'agent.sock': 'a socket, not a file: not read',
    });
    // The real series next to them is still found.
    expect(scan.series).toHaveLength(1);
    expect(scan.series[0].instances).toHaveLength(59);
    if (before !== null && after !== null) {
      // 64 small DICOM files plus a prefix of each large one: far below the 2 GB the large files hold.
      expect(after - before).toBeLessThan(64 * MB);
    }
  });
});
