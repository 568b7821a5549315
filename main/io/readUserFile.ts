/**
 * Reading a file whose path a user (or a client of the API) chose (issue 14 item 8): regular files only —
 * a FIFO would block a libuv thread forever, /dev/zero would fill the memory — up to a size limit, within a
 * time limit. Errors name the path and the problem, never the file's contents.
 */
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

export const MiB = 1024 * 1024;

export class UserFileError extends Error {}

export interface ReadUserFileOptions {
  /** What the file is, for messages: "settings file", "labels CSV" … */
  what: string;
  /** Largest size accepted (bytes). */
  maxBytes: number;
  /** Longest the whole read may take (ms); default 30 s. */
  timeoutMs?: number;
}

function kindOf(s: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const sizeText = (bytes: number) =>
  bytes >= MiB ? `${Math.round((bytes / MiB) * 10) / 10} MB` : `${bytes} bytes`;

/** The bytes of a regular file of at most opts.maxBytes, read within opts.timeoutMs. */
export async function readUserFile(path: string, opts: ReadUserFileOptions): Promise<Buffer> {
  const problem = (why: string) => new UserFileError(`cannot read ${opts.what} ${path}: ${why}`);
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw problem(code === 'ENOENT' ? 'no such file' : (code ?? 'error'));
  }
  if (!info.isFile()) throw problem(`${kindOf(info)}, not a file`);
  if (info.size > opts.maxBytes)
    throw problem(`${sizeText(info.size)}, more than the ${sizeText(opts.maxBytes)} accepted`);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  let handle: FileHandle | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(problem(`reading it took longer than ${timeoutMs / 1000} s`)), timeoutMs);
  });
  const read = async (): Promise<Buffer> => {
    // O_NONBLOCK: if the path was swapped for a FIFO since stat(), open() returns instead of waiting for a writer.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const opened = await handle.stat();
    if (!opened.isFile()) throw problem(`${kindOf(opened)}, not a file`);
    const limit = opts.maxBytes;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(limit + 1 - total, 4 * MiB) || 1);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) throw problem(`more than the ${sizeText(limit)} accepted`);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  };
  try {
    return await Promise.race([read(), timedOut]);
  } catch (err) {
    if (err instanceof UserFileError) throw err;
    throw problem((err as NodeJS.ErrnoException).code ?? 'error');
  } finally {
    clearTimeout(timer);
    await (handle as FileHandle | undefined)?.close().catch(() => undefined);
  }
}

/** readUserFile as UTF-8 text (a leading BOM is kept for the parser to handle). */
export async function readUserText(path: string, opts: ReadUserFileOptions): Promise<string> {
  return (await readUserFile(path, opts)).toString('utf8');
}

/** Size limits of the files users hand the app. */
export const USER_FILE_LIMITS = {
  /** Extraction settings (JSON/YAML, PyRadiomics parameter files): a few kB in practice. */
  settings: 1 * MiB,
  /** Labels / clinical CSVs: one row per patient. */
  patientCsv: 64 * MiB,
  /** Feature tables (fit-table): 1,000 cases × 1,500 features is ~30 MB. */
  featureTable: 512 * MiB,
  /** A fit document or an R reference JSON. */
  fitDocument: 64 * MiB,
  /** A NIfTI / NRRD volume (the largest a Buffer holds). */
  volume: 4096 * MiB - 1,
} as const;

/**
 * Where a JSON.parse or yaml parse error lies, as " (line L, column C[: CODE])", or '' when unknown. The
 * parsers' own messages quote the text, which is never repeated back (the file may hold anything).
 */
export function syntaxErrorPlace(text: string, err: unknown): string {
  // yaml: pos = [start, end] offsets and a code (e.g. BAD_INDENT); JSON.parse: "at position N" in V8's message.
  const yaml = err as { pos?: [number, number]; code?: string };
  const offset = yaml.pos?.[0] ?? Number(/at position (\d+)/.exec((err as Error).message ?? '')?.[1] ?? NaN);
  if (!Number.isFinite(offset)) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column}${yaml.code ? `: ${yaml.code}` : ''})`;
}

/** JSON.parse with an error that names the file and the place, not the text. */
export function parseUserJson(text: string, what: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserFileError(`${what} ${path} is not valid JSON${syntaxErrorPlace(text, err)}`);
  }
}
