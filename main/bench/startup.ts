/**
 * CLI start-up (issue 19 item 10): `radscore help` and `radscore patients` on the demo database, started as
 * a user starts them (node bin/radscore.js, which also checks that the bundle is up to date). Median wall
 * time and CPU (user + system of the whole process, from process.cpuUsage() at exit) of several starts.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NotAvailable, type BenchContext, type BenchLine } from './sections';

/** The start-up this issue asks for (ms), for `help` and for `patients` on the demo database. */
const TARGET_MS = 150;
const RUNS = 9;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Start {
  wallMs: number;
  cpuMs: number;
}

/** One start of `radscore <args>` through a probe that reports the process's CPU time when it exits. */
async function startOnce(probe: string, args: string[]): Promise<Start> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [probe, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const wallMs = performance.now() - t0;
  const cpu = /RADSCORE_CPU_US (\d+)/.exec(stderr);
  if (code !== 0 || !cpu)
    throw new Error(`radscore ${args.join(' ')} failed: ${stderr.trim().split('\n')[0] ?? `exit ${code}`}`);
  return { wallMs, cpuMs: Number(cpu[1]) / 1000 };
}

/** `help` and `patients --db <demo database>`; the demo database is the demo section's, else one made here. */
export async function cliStartupSection(ctx: BenchContext, demoDb: string | null): Promise<BenchLine[]> {
  const bin = join(ctx.root, 'bin/radscore.js');
  if (!existsSync(bin)) throw new NotAvailable(`no ${bin}`);
  const probe = join(ctx.tmp, 'startup-probe.mjs');
  await writeFile(
    probe,
    "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`RADSCORE_CPU_US ${u.user + u.system}\\n`); });\n" +
      `await import(${JSON.stringify(pathToFileURL(bin).href)});\n`,
  );
  let db = demoDb;
  if (!db || !existsSync(db)) {
    ctx.log(`  (writing a ${ctx.patients}-patient demo database for the patients start-up)`);
    const out = join(ctx.tmp, 'startup-demo');
    await startOnce(probe, ['demo', '--out', out, '--patients', String(ctx.patients), '--quiet']);
    db = join(out, 'radscore-demo.sqlite');
  }
  const lines: BenchLine[] = [];
  for (const [label, args] of [
    ['help', ['help']],
    [`patients, demo database`, ['patients', '--db', db]],
  ] as const) {
    await startOnce(probe, [...args]); // warm the file cache
    const starts: Start[] = [];
    for (let n = 0; n < RUNS; n++) starts.push(await startOnce(probe, [...args]));
    const wall = median(starts.map((s) => s.wallMs));
    const cpu = median(starts.map((s) => s.cpuMs));
    lines.push({
      what: `CLI start-up: radscore ${label} (median of ${RUNS})`,
      ours: `wall ${Math.round(wall)} ms, CPU ${Math.round(cpu)} ms`,
      baseline: `target ${TARGET_MS} ms`,
      ratio: `${(wall / TARGET_MS).toFixed(2)} of the target`,
    });
  }
  return lines;
}
