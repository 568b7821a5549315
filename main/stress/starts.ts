/**
 * Concurrent CLI starts (issue 14 item 12): commands started together in a source checkout, half of the
 * rounds right after a source changed, so that the starts race one rebuild of the bundle. Every start must
 * exit 0 with its JSON document. Runs on a copy of the sources (node_modules linked): the repository's own
 * bundle is never rebuilt under other runs.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/** What a source checkout needs to build and run `radscore`. */
const CHECKOUT_PARTS = ['bin', 'scripts', 'main', 'shared', 'package.json', 'tsconfig.json'];

/** Copies the sources `radscore` builds from into a new folder under `parent`; returns its path. */
export function copySourceCheckout(root: string, parent: string): string {
  mkdirSync(parent, { recursive: true });
  const copy = mkdtempSync(join(parent, 'checkout-'));
  for (const part of CHECKOUT_PARTS) cpSync(join(root, part), join(copy, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

export interface StartRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `radscore …` of the checkout at `root` (through bin/radscore.js, as a user does). */
export function startCli(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<StartRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/radscore.js'), ...args], {
      cwd: root,
      env: { ...process.env, RADSCORE_REBUILD: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Marks a source file as edited now, so that the next start finds the bundle out of date. */
export function touchSource(checkout: string, rel: string): void {
  const now = new Date();
  utimesSync(join(checkout, rel), now, now);
}

export interface ConcurrentStartsResult {
  rounds: number;
  starts: number;
  /** Rounds started right after a source changed (the starts race a rebuild). */
  rebuildRounds: number;
  failures: { round: number; code: number | null; reason: string }[];
}

function failureOf(run: StartRun): string | undefined {
  if (run.code !== 0) return run.stderr.trim().split('\n').slice(-1)[0] || `exit ${run.code}`;
  try {
    JSON.parse(run.stdout);
    return undefined;
  } catch {
    return `stdout is not one JSON document: ${run.stdout.slice(0, 80)}`;
  }
}

/** `rounds` rounds of `perRound` `radscore patients --json` started at once; every other round after a source edit. */
export async function concurrentStarts(
  root: string,
  dir: string,
  opts: { rounds: number; perRound: number; onRound?: (round: number, failures: number) => void },
): Promise<ConcurrentStartsResult> {
  const checkout = copySourceCheckout(root, dir);
  try {
    const db = join(dir, 'starts.sqlite');
    const init = await startCli(checkout, ['patients', '--db', db, '--create', '--json']);
    if (failureOf(init)) throw new Error(`the first start failed: ${failureOf(init)}`);
    const result: ConcurrentStartsResult = { rounds: 0, starts: 0, rebuildRounds: 0, failures: [] };
    for (let round = 0; round < opts.rounds; round++) {
      if (round % 2 === 0) {
        touchSource(checkout, 'main/cli/index.ts');
        result.rebuildRounds++;
      }
      const runs = await Promise.all(
        Array.from({ length: opts.perRound }, () => startCli(checkout, ['patients', '--db', db, '--json'])),
      );
      for (const run of runs) {
        const reason = failureOf(run);
        if (reason) result.failures.push({ round, code: run.code, reason });
      }
      result.rounds++;
      result.starts += runs.length;
      opts.onRound?.(round, result.failures.length);
    }
    return result;
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
}
