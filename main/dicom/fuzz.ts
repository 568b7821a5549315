/**
 * DICOM fuzzing (issue "Reliability and security", item 1). `fuzzDicom` mutates real files from
 * ../shared/data (fuzzMutate.ts, seeded) and runs each through what import does with a file (fuzzTarget.ts)
 * in a worker: every file must come back parsed or rejected with a one-line reason — no crash, no hang
 * (each file has a time limit, after which the worker is terminated and replaced), no unbounded memory
 * (heap measured after each file; the worker's old generation is capped so a runaway dies alone).
 * `npm test` runs a fixed-seed 500 (fuzz.test.ts); the stress run calls fuzzDicom with 10,000.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { mutate, type Mutation, type MutationKind } from './fuzzMutate';
import { mulberry32 } from '../../shared/random';

export interface FuzzRequest {
  id: number;
  bytes: Uint8Array;
}

export interface FuzzReply {
  id: number;
  outcome: 'parsed' | 'rejected' | 'unclear';
  /** parsed: the kind of object; rejected: the one-line reason; unclear: error name and message. */
  reason: string;
  stack?: string;
  ms: number;
  heapMB: number;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Per file, wall clock, before the worker is terminated and the file counted as a hang (default 5000). */
  timeLimitMs?: number;
  /** Seed files (default: defaultSeedFiles()). */
  seedFiles?: string[];
  /** Cap on the worker's JS heap (old generation), MB (default 1024). */
  workerHeapLimitMB?: number;
  onProgress?: (done: number, total: number) => void;
  /** How files are damaged (default: fuzzMutate's mutate); an identity mutator checks the seed files themselves. */
  mutator?: (bytes: Uint8Array, rand: () => number) => Mutation;
}

export interface FuzzProblem {
  index: number;
  seedFile: string;
  kinds: MutationKind[];
  outcome: 'crash' | 'hang' | 'unclear';
  detail: string;
}

export interface FuzzReport {
  seed: number;
  files: number;
  seedFiles: number;
  parsed: number;
  rejected: number;
  /** Errors that are bugs rather than reasons (TypeError, RangeError, …): must be 0. */
  unclear: number;
  /** The worker died (uncaught error, out of memory): must be 0. */
  crashes: number;
  /** Over the time limit: must be 0. */
  hangs: number;
  /** Largest heap (JS heap + array buffers) held after a file, MB. */
  maxHeapMB: number;
  /** Slowest file, ms. */
  maxFileMs: number;
  seconds: number;
  /** Normalised reason → count (numbers replaced by #), parsed kinds as "parsed: <kind>". */
  reasons: Record<string, number>;
  /** Per mutation kind: files and how they ended. */
  byKind: Record<string, { files: number; parsed: number; rejected: number }>;
  /** Every crash, hang and unclear error, to reproduce (seed, index). */
  problems: FuzzProblem[];
}

/** The fuzzer's seeded PRNG (mulberry32): the same seed gives the same mutations on every machine. */
export const seededRandom = mulberry32;

/** The project root: this module sits in main/dicom/ (source) or out/main/[chunks/] (bundle). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  if (dir.endsWith('/chunks')) dir = dirname(dir);
  return join(dir, '..', '..');
}

/** Largest seed file; bigger series files add nothing the small ones do not exercise, only time. */
const MAX_SEED_BYTES = 700 * 1024;
/** Files taken per folder, so one 60-slice series does not crowd out the other objects. */
const PER_FOLDER = 4;

/** Real DICOM files under ../shared/data: every object type and transfer syntax there, a few per folder. */
export function defaultSeedFiles(dataDir = join(projectRoot(), '..', 'shared', 'data')): string[] {
  if (!existsSync(dataDir))
    throw new Error(`no reference data folder at ${dataDir} (the fuzzer mutates the files there)`);
  const out: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir).sort();
    let taken = 0;
    for (const name of entries) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) {
        walk(path);
        continue;
      }
      if (taken >= PER_FOLDER || st.size > MAX_SEED_BYTES || st.size < 8) continue;
      if (!(name.toLowerCase().endsWith('.dcm') || !name.includes('.'))) continue;
      const head = readFileSync(path).subarray(0, 132);
      const dicm = head.length >= 132 && head.toString('latin1', 128, 132) === 'DICM';
      if (!dicm && !(head[0] === 0x08 && head[1] === 0x00)) continue;
      out.push(path);
      taken++;
    }
  };
  walk(dataDir);
  if (out.length === 0) throw new Error(`no DICOM files under ${dataDir}`);
  return out;
}

/** Starts the fuzz worker from its TS source (through tsx, as main/workers/pool.ts does under vitest). */
function startWorker(heapLimitMB: number): Worker {
  const here = fileURLToPath(import.meta.url);
  const source = here.endsWith('.ts')
    ? join(dirname(here), 'fuzz.worker.ts')
    : join(projectRoot(), 'main', 'dicom', 'fuzz.worker.ts');
  if (!existsSync(source))
    throw new Error(
      `fuzz worker source not found at ${source}: fuzzing runs from the source tree (with tsx installed)`,
    );
  const target = new URL(`file://${source}`).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(target)}); })`;
  return new Worker(boot, { eval: true, resourceLimits: { maxOldGenerationSizeMb: heapLimitMB } });
}

/** "truncated file: … (1234 bytes)" → "truncated file: … (# bytes)": reasons group across files. */
function normaliseReason(reason: string): string {
  return reason
    .replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/g, '#')
    .replace(/\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)/g, '(gggg,eeee)')
    .replace(/"[^"]*"/g, '"…"')
    .slice(0, 160);
}

type Answer = { kind: 'reply'; reply: FuzzReply } | { kind: 'hang' } | { kind: 'crash'; detail: string };

/**
 * The mutated file number `index` of a run with `seed` (same seed files): replays the run's random sequence,
 * so a problem a report names (seed, index) can be examined on its own.
 */
export function mutationAt(
  seed: number,
  index: number,
  seedFiles: string[] = defaultSeedFiles(),
): { seedFile: string; kinds: MutationKind[]; bytes: Uint8Array } {
  const seeds = seedFiles.map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)) }));
  const rand = seededRandom(seed);
  for (let n = 0; ; n++) {
    const s = seeds[Math.floor(rand() * seeds.length)];
    const m = mutate(s.bytes, rand);
    if (n === index) return { seedFile: s.path, kinds: m.kinds, bytes: m.bytes };
  }
}

/** Runs the fuzzer; never throws for a bad file (that is what it counts). */
export async function fuzzDicom(options: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const timeLimitMs = options.timeLimitMs ?? 5000;
  const heapLimitMB = options.workerHeapLimitMB ?? 1024;
  const seedPaths = options.seedFiles ?? defaultSeedFiles();
  const seeds = seedPaths.map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)) }));
  const rand = seededRandom(options.seed);
  const report: FuzzReport = {
    seed: options.seed,
    files: 0,
    seedFiles: seeds.length,
    parsed: 0,
    rejected: 0,
    unclear: 0,
    crashes: 0,
    hangs: 0,
    maxHeapMB: 0,
    maxFileMs: 0,
    seconds: 0,
    reasons: {},
    byKind: {},
    problems: [],
  };
  const dataDir = dirname(dirname(seeds[0]?.path ?? '.'));

  let worker: Worker | undefined;
  let pending: ((a: Answer) => void) | undefined;
  const spawn = (): Worker => {
    const w = startWorker(heapLimitMB);
    w.on('message', (reply: FuzzReply) => pending?.({ kind: 'reply', reply }));
    w.on('error', (err) => pending?.({ kind: 'crash', detail: `${err.name}: ${err.message}` }));
    w.on('exit', (code) => pending?.({ kind: 'crash', detail: `worker exited with code ${code}` }));
    return w;
  };
  const ask = (id: number, bytes: Uint8Array): Promise<Answer> =>
    new Promise((resolveAnswer) => {
      worker ??= spawn();
      const timer = setTimeout(() => done({ kind: 'hang' }), timeLimitMs);
      const done = (a: Answer) => {
        if (!pending) return;
        clearTimeout(timer);
        pending = undefined;
        resolveAnswer(a);
      };
      pending = done;
      worker.postMessage({ id, bytes } satisfies FuzzRequest, [bytes.buffer as ArrayBuffer]);
    });
  // The first file also pays the worker's start (tsx compile): warm it up outside the time limit.
  await new Promise<void>((ready, fail) => {
    worker = spawn();
    pending = (a) => {
      pending = undefined;
      if (a.kind === 'reply') ready();
      else fail(new Error(`the fuzz worker did not start: ${a.kind === 'crash' ? a.detail : 'no answer'}`));
    };
    worker.postMessage({ id: -1, bytes: new Uint8Array(0) } satisfies FuzzRequest);
  });

  try {
    for (let index = 0; index < options.count; index++) {
      const seed = seeds[Math.floor(rand() * seeds.length)];
      const mutation = (options.mutator ?? mutate)(seed.bytes, rand);
      // Transferred to the worker: never the seed's own buffer.
      const bytes = mutation.bytes.buffer === seed.bytes.buffer ? mutation.bytes.slice() : mutation.bytes;
      const answer = await ask(index, bytes);
      report.files++;
      const kindKey = mutation.kinds.join('+');
      const byKind = (report.byKind[kindKey] ??= { files: 0, parsed: 0, rejected: 0 });
      byKind.files++;
      const problem = (outcome: FuzzProblem['outcome'], detail: string) =>
        report.problems.push({
          index,
          seedFile: relative(dataDir, seed.path),
          kinds: mutation.kinds,
          outcome,
          detail,
        });
      if (answer.kind === 'reply') {
        const { reply } = answer;
        report.maxHeapMB = Math.max(report.maxHeapMB, reply.heapMB);
        report.maxFileMs = Math.max(report.maxFileMs, reply.ms);
        const key = reply.outcome === 'parsed' ? `parsed: ${reply.reason}` : normaliseReason(reply.reason);
        report.reasons[key] = (report.reasons[key] ?? 0) + 1;
        if (reply.outcome === 'parsed') {
          report.parsed++;
          byKind.parsed++;
        } else if (reply.outcome === 'rejected') {
          report.rejected++;
          byKind.rejected++;
        } else {
          report.unclear++;
          problem('unclear', `${reply.reason}\n${reply.stack ?? ''}`);
        }
      } else {
        // The worker is stuck or dead: replace it (a stuck one is terminated, freeing its memory too).
        const stuck = worker;
        worker = undefined;
        pending = undefined;
        await stuck?.terminate();
        if (answer.kind === 'hang') {
          report.hangs++;
          report.maxFileMs = Math.max(report.maxFileMs, timeLimitMs);
          problem('hang', `no answer within ${timeLimitMs} ms`);
        } else {
          report.crashes++;
          problem('crash', answer.detail);
        }
      }
      options.onProgress?.(index + 1, options.count);
    }
  } finally {
    pending = undefined;
    await worker?.terminate();
  }
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}

/** One line per figure, for logs: counts, slowest file, heap, the most common reasons. */
export function formatFuzzReport(r: FuzzReport, topReasons = 12): string {
  const lines = [
    `fuzz seed ${r.seed}: ${r.files} mutated files from ${r.seedFiles} seeds in ${r.seconds.toFixed(1)} s — ` +
      `${r.parsed} parsed, ${r.rejected} rejected with a reason, ${r.unclear} unclear errors, ${r.crashes} crashes, ${r.hangs} hangs; ` +
      `slowest file ${r.maxFileMs.toFixed(0)} ms, max heap ${r.maxHeapMB.toFixed(1)} MB`,
  ];
  const reasons = Object.entries(r.reasons)
    .sort((a, b) => b[1] - a[1])
    .slice(0, topReasons);
  for (const [reason, n] of reasons) lines.push(`  ${String(n).padStart(5)}  ${reason}`);
  for (const p of r.problems.slice(0, 20))
    lines.push(
      `  PROBLEM #${p.index} ${p.outcome} (${p.kinds.join('+')} of ${p.seedFile}): ${p.detail.split('\n')[0]}`,
    );
  return lines.join('\n');
}
