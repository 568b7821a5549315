/** Runs a built-CLI command in a child process, sampling its memory and CPU from /proc. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time, ms. */
  ms: number;
  /** Peak resident set size, kB (0 without /proc). */
  peakKb: number;
  /** CPU of the whole process, all its threads (utime + stime, 1/100 s), at the last sample. */
  cpuTicks: number;
  /** /proc samples taken (0 = not sampled). */
  samples: number;
}

/**
 * `main(args)` of the built CLI in a child process, sampled every 50 ms (the CPU figure misses at most the
 * last 50 ms). A module file rather than `node -e`: --input-type would be inherited by the worker threads'
 * execArgv.
 */
export async function runCliChild(
  tmp: string,
  cliJs: string,
  args: string[],
  name: string,
): Promise<ChildRun> {
  const script = join(tmp, `run-${name}.mjs`);
  await writeFile(
    script,
    `const { main } = await import(${JSON.stringify(pathToFileURL(cliJs).href)});\nprocess.exitCode = await main(${JSON.stringify(args)});\n`,
  );
  const t0 = performance.now();
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let peakKb = 0;
  let cpuTicks = 0;
  let samples = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (key: string) =>
        Number(/^(\w+):\s+(\d+) kB/m.exec(status.split('\n').find((l) => l.startsWith(key)) ?? '')?.[2] ?? 0);
      peakKb = Math.max(peakKb, kb('VmRSS'), kb('VmHWM'));
      // utime + stime (fields 14, 15 of /proc/<pid>/stat, in clock ticks of 1/100 s on Linux)
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuTicks = Number(fields[11]) + Number(fields[12]);
      samples++;
    } catch {
      // the process has exited between two samples
    }
  };
  const timer = setInterval(sample, 50);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(timer);
  return { code, stdout, stderr, ms: performance.now() - t0, peakKb, cpuTicks, samples };
}
