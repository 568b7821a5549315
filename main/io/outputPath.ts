/**
 * Where an output file may be written (issue 14 item 1, DESIGN §7 "any --out FILE"): never onto the open
 * database or its -wal / -shm / -journal files — compared after following links, also when the output does
 * not exist yet (its folder is resolved) and by file identity (a hard link) — and never over an existing file
 * unless the caller says so (--force on the command line, the save dialog's own confirmation in the UI).
 * Every writer of a user-chosen path goes through writeOutputFile.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** The side files SQLite keeps next to a database. */
const DATABASE_SIDE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

export class OutputPathError extends Error {}

export interface OutputOptions {
  /** Database files that must never be written (the open store's path; side files are added). */
  databases: readonly string[];
  /** Replace an existing file. */
  force?: boolean;
  /** How the caller says "replace" (ends the "already exists" message), e.g. 'add --force to replace it'. */
  replaceHint?: string;
}

/** The path a write to `p` reaches: links followed (also a link to a file that does not exist yet). */
function finalPath(p: string): string {
  let path = resolve(p);
  for (let hops = 0; hops < 40; hops++) {
    let isLink = false;
    try {
      isLink = lstatSync(path).isSymbolicLink();
    } catch {
      break; // does not exist
    }
    if (!isLink) break;
    path = resolve(dirname(path), readlinkSync(path));
  }
  try {
    return realpathSync(path);
  } catch {
    // Not there yet: its folder's real path (which may itself be reached through links) + its name.
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/** `dev:ino` of an existing file (a hard link shares it), else undefined. */
function identity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * The absolute path `out` may be written at, or an OutputPathError saying why not: it is (or reaches) an
 * open database or one of its side files, it is a folder, or it exists and `force` is not set.
 */
export function checkOutputPath(out: string, opts: OutputOptions): string {
  const path = resolve(out);
  const target = finalPath(path);
  const targetId = identity(target);
  for (const db of opts.databases) {
    if (db === ':memory:' || db === '') continue;
    const bases = new Set([resolve(db), finalPath(db)]);
    for (const base of bases) {
      for (const suffix of DATABASE_SIDE_SUFFIXES) {
        const protectedPath = `${base}${suffix}`;
        const protectedId = identity(protectedPath);
        if (finalPath(protectedPath) === target || (targetId && protectedId === targetId))
          throw new OutputPathError(
            `refusing to write ${path}: it is ${suffix ? `the ${suffix.slice(1)} file of ` : ''}the open database ${resolve(db)}`,
          );
      }
    }
  }
  if (existsSync(target) && statSync(target).isDirectory())
    throw new OutputPathError(`refusing to write ${path}: it is a folder`);
  if (!opts.force && (existsSync(path) || lstatExists(path)))
    throw new OutputPathError(
      `${path} already exists${opts.replaceHint ? `; ${opts.replaceHint}` : ''} (nothing was written)`,
    );
  return path;
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks `out` (checkOutputPath) and writes `data` there: into a temporary file beside it, then moved into
 * place — by a hard link when nothing may be replaced (fails if a file appeared meanwhile), by rename when
 * `force` — so that a crash never leaves a half-written file under the real name. Returns the absolute path.
 */
export async function writeOutputFile(
  out: string,
  data: string | Uint8Array,
  opts: OutputOptions,
): Promise<string> {
  const path = checkOutputPath(out, opts);
  await mkdir(dirname(path), { recursive: true });
  // The folder may have been created through links: check again now that it exists.
  checkOutputPath(out, opts);
  const partial = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.partial`,
  );
  try {
    await writeFile(partial, data, { flag: 'wx' });
    if (opts.force)
      await rename(partial, path); // replaces a link itself, never writes through it
    else {
      try {
        await link(partial, path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST')
          throw new OutputPathError(
            `${path} already exists${opts.replaceHint ? `; ${opts.replaceHint}` : ''} (nothing was written)`,
          );
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
        // A filesystem without hard links: the check above is all there is.
        await rename(partial, path);
      }
    }
  } finally {
    await rm(partial, { force: true });
  }
  return path;
}

/** The CLI's hint for an existing --out file. */
export const CLI_REPLACE_HINT = 'add --force to replace it';
