// Whether the main-process bundle (out/main) is up to date with its sources, and the lock that keeps two
// processes from building it at once. No esbuild here: `radscore` reads this on every start, and loading
// the bundler costs more than the whole check.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Written last by a build: what it read (paths relative to the root), what it wrote, and when it started. */
export const STAMP_FILE = 'out/main/.build-stamp.json';
const LOCK_FILE = 'out/.build-main.lock';
/** A lock held longer than this belongs to a build that hung or a machine that slept: it is taken over. */
const LOCK_MAX_AGE_MS = 10 * 60_000;

/**
 * Why out/main must be (re)built, or null when it is up to date: every input the last build read is older
 * than the moment that build started, and every entry it wrote is present.
 */
export function staleReason(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8'));
  } catch {
    return 'not built yet';
  }
  if (!Array.isArray(stamp.inputs) || !Array.isArray(stamp.entries) || !Number.isFinite(stamp.startedAtMs))
    return 'the build stamp is unreadable';
  for (const rel of stamp.entries) {
    try {
      statSync(join(root, rel));
    } catch {
      return `${rel} is missing`;
    }
  }
  for (const rel of stamp.inputs) {
    let mtimeMs;
    try {
      mtimeMs = statSync(join(root, rel)).mtimeMs;
    } catch {
      return `${rel} is gone`;
    }
    if (mtimeMs >= stamp.startedAtMs) return `${rel} changed`;
  }
  return null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function lockHolder(lock) {
  try {
    const text = readFileSync(lock, 'utf8');
    return { pid: Number(text), ageMs: Date.now() - statSync(lock).mtimeMs };
  } catch {
    return undefined; // released meanwhile
  }
}

function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return true; // being written: its owner is alive
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * Runs `fn` holding the build lock (a file created exclusively, holding the builder's pid). Waits while
 * another live process holds it; takes over a lock whose process is gone (killed mid-build) or that is
 * older than LOCK_MAX_AGE_MS.
 */
export async function withBuildLock(root, fn, { onWait } = {}) {
  const lock = join(root, LOCK_FILE);
  mkdirSync(join(root, 'out'), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = lockHolder(lock);
    if (holder && (!isAlive(holder.pid) || holder.ageMs > LOCK_MAX_AGE_MS)) {
      // Re-read just before removing, so that a lock a third process took meanwhile is left alone.
      const again = lockHolder(lock);
      if (again && again.pid === holder.pid) rmSync(lock, { force: true });
      continue;
    }
    if (!waited) onWait?.(holder?.pid);
    waited = true;
    await sleep(50);
  }
  try {
    return await fn();
  } finally {
    if (lockHolder(lock)?.pid === process.pid) rmSync(lock, { force: true });
  }
}
