/**
 * `npm run test:stress`: the long reliability runs, with their figures printed.
 *
 *   crash safety — `radscore extract` and `radscore labels` SIGKILLed at seeded random moments, many times;
 *                  integrity_check, committed data, rerun (main/stress/crash.ts)
 *   load         — a 1,000-patient generated cohort through import, extraction, fit and report, with RSS
 *                  sampled and paged `patients.list` latency measured meanwhile (main/stress/load.ts)
 *   fuzz         — 10,000 seeded mutations of the real DICOM files in ../shared/data, each parsed or rejected
 *                  with a reason: no crash, no hang, bounded heap (main/dicom/fuzz.ts)
 *   starts       — 45 rounds of 3 `radscore` commands started at once in a source checkout, every other round
 *                  right after a source edit (they race one rebuild): 0 failures (main/stress/starts.ts)
 *   races        — 10 `radscore extract` runs during which another process saves a new mask for one ROI and
 *                  deletes another: every run finishes, 0 stale feature rows, the rerun completes
 *                  (main/stress/extractRaces.ts)
 *
 * Options: --kills N (per command, default 15), --patients N (default 1000), --fuzz N (default 10000),
 * --rounds N (concurrent starts, default 45), --races N (default 10), --seed S, --only crash|load|fuzz|starts|races,
 * --keep (leave the temp folder). Exit status 1 when any trial finds a problem or a limit is exceeded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  cliStartupMs,
  crashTrial,
  killTimes,
  prepareCrashFixture,
  referenceRun,
  type CrashCommand,
} from './crash';
import { runLoad } from './load';
import { formatFuzzReport, fuzzDicom } from '../dicom/fuzz';
import { errorMessage } from '../../shared/errorMessage';
import { concurrentStarts } from './starts';
import { raceTrial } from './extractRaces';

const PEAK_RSS_LIMIT_MIB = 1536;
/** What "responsive" means for one page of the patient list. */
const LIST_P95_LIMIT_MS = 250;

/** The repository root: out/main/stress.js when bundled, main/stress/index.ts from source. */
function repoRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '../..');
}

function intOption(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function crashSection(
  dir: string,
  kills: number,
  seed: number,
): Promise<{ trials: number; killed: number; survived: number; integrityOk: number }> {
  const root = repoRoot();
  say(`\n== crash safety: ${kills} SIGKILLs per command (seed ${seed}) ==`);
  const fixture = await prepareCrashFixture(join(dir, 'crash'), { patients: 6, extraPatients: 4000 });
  say(`fixture: ${fixture.rois} ROIs, ${fixture.patients} patients in the labels CSV`);
  const totals = { trials: 0, killed: 0, survived: 0, integrityOk: 0 };
  for (const [n, command] of (['labels', 'extract'] as CrashCommand[]).entries()) {
    const reference = await referenceRun(
      root,
      fixture,
      command,
      join(dir, 'crash', `${command}-reference.sqlite`),
    );
    const startup = await cliStartupMs(root);
    say(
      `${command}: uninterrupted run ${Math.round(reference.ms)} ms (CLI start-up alone ${Math.round(startup)} ms)`,
    );
    // labels: from late start-up to the end (reading, validating, inside the one transaction); extract: counted
    // from its first stored ROI, so that every kill lands mid-batch.
    const times =
      command === 'labels'
        ? killTimes(seed + n, kills, Math.min(startup * 0.8, reference.ms * 0.5), reference.ms * 0.95)
        : killTimes(seed + n, kills, 0, Math.max(200, reference.ms - startup));
    for (const at of times) {
      const trial = await crashTrial(
        root,
        fixture,
        command,
        at,
        join(dir, 'crash', `${command}-trial.sqlite`),
        reference.snapshot,
        command === 'extract' ? 'first-row' : 'start',
      );
      totals.trials++;
      if (trial.killed) totals.killed++;
      if (trial.problems.length === 0) totals.survived++;
      if (trial.integrityOk) totals.integrityOk++;
      say(
        `  ${command} kill at ${String(at).padStart(5)} ms${command === 'extract' ? ' after the first row' : ''}: ${trial.killed ? 'killed  ' : 'finished'} (${trial.progress}) ${trial.problems.length ? `PROBLEMS: ${trial.problems.join('; ')}` : 'ok'}`,
      );
    }
  }
  say(
    `kills survived: ${totals.survived}/${totals.trials} (${totals.killed} died mid-run, the rest finished before the kill)`,
  );
  say(`integrity ok: ${totals.integrityOk}/${totals.trials}`);
  return totals;
}

async function loadSection(dir: string, patients: number): Promise<{ ok: boolean }> {
  say(`\n== load: ${patients}-patient generated cohort ==`);
  const result = await runLoad({
    patients,
    out: join(dir, 'load'),
    onStage: (s) => process.stderr.write(`[load] ${new Date().toISOString()} ${s}\n`),
  });
  say(
    `stages (s): ${Object.entries(result.seconds)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  say(
    `imported: ${result.imported.patients} patients, ${result.imported.instances} instances, ${result.imported.rois} ROIs; extracted ${result.extracted} × ${result.features_per_case} features; validation AUC ${result.validation_auc?.toFixed(3) ?? 'n/a'}`,
  );
  say(`report: ${result.report}`);
  say(`peak memory (RSS, sampled every 100 ms): ${result.peakRssMiB} MiB (limit ${PEAK_RSS_LIMIT_MIB} MiB)`);
  const l = result.listLatencyMs;
  const d = result.listLatencyFromDueMs;
  say(
    `patients.list p95 latency: ${l.p95} ms (p50 ${l.p50}, max ${l.max}, n ${l.n}); from due time incl. event-loop lag: p95 ${d.p95} ms (max ${d.max})`,
  );
  for (const [stage, s] of Object.entries(result.listLatencyByStage))
    say(`  during ${stage}: p95 ${s.p95} ms (n ${s.n}, max ${s.max})`);
  say(`event-loop lag: p95 ${result.eventLoopLagMs.p95} ms, max ${result.eventLoopLagMs.max} ms`);
  return {
    ok: result.peakRssMiB < PEAK_RSS_LIMIT_MIB && d.p95 < LIST_P95_LIMIT_MS && result.extracted === patients,
  };
}

// ---- DICOM fuzzing (main/dicom/fuzz.ts, owned by the DICOM module) ----------------------------------------
/** Heap a single file may leave held (JS heap + array buffers) before the run counts as unbounded. */
const FUZZ_HEAP_LIMIT_MB = 512;

async function fuzzSection(count: number, seed: number): Promise<{ ok: boolean }> {
  say(`\n== DICOM fuzzing: ${count} mutated files (seed ${seed}) ==`);
  const report = await fuzzDicom({
    seed,
    count,
    timeLimitMs: 5000,
    onProgress: (done, total) => done % 1000 === 0 && process.stderr.write(`[fuzz] ${done}/${total}\n`),
  });
  say(formatFuzzReport(report, 15));
  return {
    ok:
      report.crashes === 0 &&
      report.hangs === 0 &&
      report.unclear === 0 &&
      report.maxHeapMB < FUZZ_HEAP_LIMIT_MB,
  };
}
// ---- end of DICOM fuzzing ------------------------------------------------------------------------------------

async function startsSection(dir: string, rounds: number): Promise<{ ok: boolean }> {
  say(`\n== concurrent CLI starts: ${rounds} rounds of 3 ==`);
  const r = await concurrentStarts(repoRoot(), dir, {
    rounds,
    perRound: 3,
    onRound: (n, failures) =>
      (n + 1) % 15 === 0 &&
      process.stderr.write(`[starts] ${n + 1}/${rounds} rounds, ${failures} failures\n`),
  });
  for (const f of r.failures.slice(0, 10)) say(`  round ${f.round}: exit ${f.code}: ${f.reason}`);
  say(
    `concurrent starts: ${r.starts} starts in ${r.rounds} rounds (${r.rebuildRounds} right after a source edit), failures ${r.failures.length}`,
  );
  return { ok: r.failures.length === 0 };
}

async function racesSection(dir: string, trials: number, seed: number): Promise<{ ok: boolean }> {
  say(`\n== ROIs edited and deleted during extraction: ${trials} runs (seed ${seed}) ==`);
  const fixture = await prepareCrashFixture(join(dir, 'races'), { patients: 6, extraPatients: 0 });
  let stale = 0;
  let failed = 0;
  let discardedEdits = 0;
  let skippedDeletes = 0;
  for (let n = 0; n < trials; n++) {
    const t = await raceTrial(repoRoot(), fixture, join(dir, 'races'), seed + n);
    stale += t.staleRows;
    if (t.problems.length) failed++;
    if (t.discarded.some((d) => d.roi_id === t.edited)) discardedEdits++;
    if (t.discarded.some((d) => d.roi_id === t.deleted)) skippedDeletes++;
    say(
      `  run ${n + 1}: edited ROI ${t.edited}, deleted ROI ${t.deleted}; exit ${t.exitCode}; not stored: ${
        t.discarded.map((d) => `ROI ${d.roi_id} (${d.reason.split(';')[0]})`).join(', ') || 'none'
      }; ${t.problems.length ? `PROBLEMS: ${t.problems.join('; ')}` : 'ok'}`,
    );
  }
  say(
    `races: ${trials - failed}/${trials} runs ok; stale feature rows ${stale}; edits caught mid-computation ${discardedEdits}, deletes skipped ${skippedDeletes}`,
  );
  return { ok: failed === 0 && stale === 0 };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kills: { type: 'string' },
      patients: { type: 'string' },
      fuzz: { type: 'string' },
      rounds: { type: 'string' },
      races: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'boolean' },
    },
    strict: true,
  });
  const kills = intOption(values.kills, 15, 'kills');
  const patients = intOption(values.patients, 1000, 'patients');
  const fuzzCount = intOption(values.fuzz, 10_000, 'fuzz');
  const rounds = intOption(values.rounds, 45, 'rounds');
  const races = intOption(values.races, 10, 'races');
  const seed = intOption(values.seed, 20261126, 'seed');
  const only = values.only;
  if (only !== undefined && !['crash', 'load', 'fuzz', 'starts', 'races'].includes(only))
    throw new Error(`--only must be crash, load, fuzz, starts or races, got "${only}"`);
  const dir = mkdtempSync(join(tmpdir(), 'radscore-stress-'));
  let ok = true;
  try {
    if (only === undefined || only === 'crash') {
      const crash = await crashSection(dir, kills, seed);
      ok &&= crash.survived === crash.trials && crash.integrityOk === crash.trials;
    }
    if (only === undefined || only === 'load') ok &&= (await loadSection(dir, patients)).ok;
    if (only === undefined || only === 'fuzz') ok &&= (await fuzzSection(fuzzCount, seed)).ok;
    if (only === undefined || only === 'starts') ok &&= (await startsSection(join(dir, 'starts'), rounds)).ok;
    if (only === undefined || only === 'races') ok &&= (await racesSection(dir, races, seed)).ok;
  } finally {
    if (values.keep) say(`kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  say(`\nstress: ${ok ? 'PASS' : 'FAIL'}`);
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`stress: ${errorMessage(err)}\n`);
    process.exitCode = 1;
  },
);
