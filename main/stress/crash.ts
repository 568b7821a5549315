/**
 * Crash safety (issue "Reliability and security", item 1): a CLI command is SIGKILLed at a random moment
 * (seeded) while it writes the database; afterwards the database must pass `PRAGMA integrity_check`, every
 * committed label and ROI must be exactly as before, feature rows must be whole, and a rerun must finish
 * the work with no duplicates. Shared by the vitest case (a few kills) and `npm run test:stress` (many).
 *
 * The commands run from the built bundle out/main/cli.js (build first), in child processes, so a kill is
 * a real process death in the middle of SQLite writes — not a simulated exception.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { writeDemoCohort, DEMO_ROI_NAME } from '../demo/writeCohort';
import { mulberry32 } from '../demo/synthetic';
import { importFolders } from '../services/import';
import { openStore, upsertPatient } from '../store/index';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Starts the built CLI bundle with `args`: a handle to SIGKILL it, and its end. */
export function startCli(root: string, args: string[]): { kill: () => void; done: Promise<CliRun> } {
  // A runner file rather than `-e`: worker threads inherit execArgv, and `--input-type` breaks them.
  const runner = join(tmpdir(), 'radscore-stress-cli-runner.mjs');
  writeFileSync(
    runner,
    `const [cli, ...args] = process.argv.slice(2);\nconst m = await import(cli);\nprocess.exitCode = await m.main(args);\n`,
  );
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [runner, pathToFileURL(join(root, 'out/main/cli.js')).href, ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliRun>((resolveRun) =>
    child.on('exit', (exitCode, signal) =>
      resolveRun({ code: exitCode, signal, stdout, stderr, ms: performance.now() - t0 }),
    ),
  );
  return { kill: () => child.kill('SIGKILL'), done };
}

/** Runs the built CLI bundle with `args`; kills it with SIGKILL after `killAfterMs` when given. */
export async function runCli(root: string, args: string[], killAfterMs?: number): Promise<CliRun> {
  const run = startCli(root, args);
  const timer = killAfterMs === undefined ? undefined : setTimeout(run.kill, killAfterMs);
  const result = await run.done;
  clearTimeout(timer);
  return result;
}

/** Runs the CLI and SIGKILLs it `delayMs` after the first feature row is committed (polled on a read-only connection). */
async function runCliKilledAfterFirstRow(
  root: string,
  args: string[],
  db: string,
  delayMs: number,
): Promise<CliRun> {
  const run = startCli(root, args);
  let fired = false;
  const rows = (): number => {
    try {
      const probe = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return (probe.prepare('SELECT COUNT(*) AS n FROM feature_values').get() as { n: number }).n;
      } finally {
        probe.close();
      }
    } catch {
      return 0;
    }
  };
  const poll = setInterval(() => {
    if (fired || rows() === 0) return;
    fired = true;
    clearInterval(poll);
    setTimeout(() => run.kill(), delayMs);
  }, 5);
  const result = await run.done;
  clearInterval(poll);
  return result;
}

export interface CrashFixture {
  /** A database with the imported cohort and labels of the first half of the patients. */
  baseDb: string;
  /** labels CSV over every patient (cohort + extra label-only patients): a long single transaction. */
  labelsCsv: string;
  patients: number;
  rois: number;
}

/**
 * Writes a small synthetic cohort (DICOM + RTSTRUCT), imports it, labels half of it, and adds `extraPatients`
 * image-less patients so that the labels CSV is long enough to be killed in the middle of.
 */
export async function prepareCrashFixture(
  dir: string,
  opts: { patients?: number; extraPatients?: number; matrix?: number; slices?: number } = {},
): Promise<CrashFixture> {
  const cohort = await writeDemoCohort(join(dir, 'cohort'), {
    patients: opts.patients ?? 6,
    matrix: opts.matrix ?? 48,
    slices: opts.slices ?? 8,
    seed: 7,
  });
  const baseDb = join(dir, 'base.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(baseDb + suffix, { force: true });
  const store = openStore(baseDb);
  try {
    const imported = await importFolders(store, [cohort.folder]);
    if (imported.rois !== cohort.rois)
      throw new Error(`fixture import stored ${imported.rois} ROIs, expected ${cohort.rois}`);
    const extra = opts.extraPatients ?? 4000;
    store.transaction(() => {
      for (let n = 0; n < extra; n++)
        upsertPatient(store, { patientId: `LBL-${String(n).padStart(5, '0')}` });
    });
    // Committed labels that a killed run must not disturb.
    const { importLabelsCsv } = await import('../services/labels');
    const half = cohort.labels.slice(0, Math.ceil(cohort.labels.length / 2));
    const r = importLabelsCsv(store, {
      csv: `patient_id,response,timepoint,assessor\n${half.map((l) => `${l.patientId},${l.response},baseline,Dr Committed`).join('\n')}\n`,
    });
    if (r.errors.length) throw new Error(`fixture labels: ${r.errors[0].message}`);
    const ids = [
      ...cohort.labels.map((l) => l.patientId),
      ...Array.from({ length: extra }, (_, n) => `LBL-${String(n).padStart(5, '0')}`),
    ];
    const categories = ['CR', 'PR', 'SD', 'PD'];
    const labelsCsv = join(dir, 'labels-long.csv');
    writeFileSync(
      labelsCsv,
      `patient_id,response,timepoint,assessor,lesion_diameters\n${ids.map((id, n) => `${id},${categories[n % 4]},post-treatment,Dr Crash,${10 + (n % 7)};${5 + (n % 3)}`).join('\n')}\n`,
    );
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    return { baseDb, labelsCsv, patients: ids.length, rois: imported.rois };
  } finally {
    store.close();
  }
}

/** A copy of the base database (and no stale WAL) for one kill trial. */
export function freshCopy(baseDb: string, target: string): string {
  for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
  copyFileSync(baseDb, target);
  return target;
}

/** What must survive any crash: ROI masks, committed labels, audit entries, feature rows. */
export interface DbSnapshot {
  integrity: string;
  foreignKeyViolations: number;
  /** roi id → name|source|voxels|sha1(mask). */
  rois: Record<string, string>;
  /** patient|timepoint → response|assessor|diameters. */
  labels: Record<string, string>;
  auditEntries: number;
  /** feature_set id → rows; and rows whose blob does not hold exactly the set's feature count. */
  featureRows: Record<string, number>;
  corruptFeatureRows: number;
  duplicateFeatureRows: number;
}

export function snapshot(dbPath: string): DbSnapshot {
  if (!existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);
  // Read-write open (WAL replay needs it), without our migrations: we look at the file as the crash left it.
  const db = new Database(dbPath);
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
    const foreignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length;
    const rois: Record<string, string> = {};
    for (const r of db
      .prepare('SELECT id, name, source, voxel_count, mask AS mask_blob FROM rois ORDER BY id')
      .all() as { id: number; name: string; source: string; voxel_count: number; mask_blob: Buffer }[]) {
      rois[r.id] =
        `${r.name}|${r.source}|${r.voxel_count}|${createHash('sha1').update(r.mask_blob).digest('hex')}`;
    }
    const labels: Record<string, string> = {};
    for (const r of db
      .prepare(
        'SELECT p.patient_id, ra.timepoint, ra.response, ra.assessor, ra.lesion_diameters_json AS d FROM response_assessments ra JOIN patients p ON ra.patient_id = p.id',
      )
      .all() as {
      patient_id: string;
      timepoint: string;
      response: string;
      assessor: string;
      d: string | null;
    }[]) {
      labels[`${r.patient_id}|${r.timepoint}`] = `${r.response}|${r.assessor}|${r.d ?? ''}`;
    }
    const auditEntries = (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    const featureRows: Record<string, number> = {};
    let corruptFeatureRows = 0;
    for (const s of db.prepare('SELECT id, features_json FROM feature_sets').all() as {
      id: number;
      features_json: string | null;
    }[]) {
      const count = s.features_json ? (JSON.parse(s.features_json) as unknown[]).length : 0;
      const rows = db.prepare('SELECT value_blob FROM feature_values WHERE feature_set_id = ?').all(s.id) as {
        value_blob: Buffer;
      }[];
      featureRows[s.id] = rows.length;
      for (const r of rows) if (r.value_blob.byteLength !== count * 8 || count === 0) corruptFeatureRows++;
    }
    const duplicateFeatureRows = (
      db
        .prepare(
          'SELECT COUNT(*) AS n FROM (SELECT 1 FROM feature_values GROUP BY feature_set_id, roi_id HAVING COUNT(*) > 1)',
        )
        .get() as { n: number }
    ).n;
    return {
      integrity,
      foreignKeyViolations,
      rois,
      labels,
      auditEntries,
      featureRows,
      corruptFeatureRows,
      duplicateFeatureRows,
    };
  } finally {
    db.close();
  }
}

export type CrashCommand = 'extract' | 'labels';

export interface TrialResult {
  command: CrashCommand;
  killAfterMs: number;
  /** The process died by our SIGKILL (false: it finished first). */
  killed: boolean;
  integrityOk: boolean;
  /** Where the kill caught the work: labels none/all applied, or feature rows stored so far; WAL bytes left. */
  progress: string;
  /** Problems found (empty = survived). */
  problems: string[];
}

/**
 * One trial: copy the base db, start `command`, SIGKILL it after `killAfterMs`, check the crash state
 * against `before`/`complete`, rerun to completion and check that the result equals `complete`.
 */
export async function crashTrial(
  root: string,
  fixture: CrashFixture,
  command: CrashCommand,
  killAfterMs: number,
  db: string,
  reference: DbSnapshot,
  /** 'first-row': count `killAfterMs` from the first stored feature row (extract only), so the kill lands mid-batch. */
  anchor: 'start' | 'first-row' = 'start',
): Promise<TrialResult> {
  freshCopy(fixture.baseDb, db);
  const before = snapshot(db);
  const args =
    command === 'extract'
      ? [
          'extract',
          '--profile',
          'ibsi',
          '--roi',
          DEMO_ROI_NAME,
          '--workers',
          '2',
          '--json',
          '--quiet',
          '--db',
          db,
        ]
      : ['labels', fixture.labelsCsv, '--json', '--quiet', '--db', db];
  const killed =
    anchor === 'first-row'
      ? await runCliKilledAfterFirstRow(root, args, db, killAfterMs)
      : await runCli(root, args, killAfterMs);
  const problems: string[] = [];
  const walBytes = existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0;
  const crash = snapshot(db);
  const rowsNow = Object.values(crash.featureRows).reduce((a, b) => a + b, 0);
  const rowsAll = Object.values(reference.featureRows).reduce((a, b) => a + b, 0);
  const labelsState =
    JSON.stringify(crash.labels) === JSON.stringify(before.labels)
      ? 'no labels applied'
      : 'all labels applied';
  const progress = `${command === 'labels' ? labelsState : `${rowsNow}/${rowsAll} feature rows`}, WAL ${walBytes} bytes`;
  if (crash.integrity !== 'ok') problems.push(`integrity_check after kill: ${crash.integrity}`);
  if (crash.foreignKeyViolations)
    problems.push(`${crash.foreignKeyViolations} foreign key violations after kill`);
  if (JSON.stringify(crash.rois) !== JSON.stringify(before.rois))
    problems.push('ROIs changed by a killed run');
  if (crash.corruptFeatureRows) problems.push(`${crash.corruptFeatureRows} corrupt feature rows after kill`);
  if (crash.duplicateFeatureRows)
    problems.push(`${crash.duplicateFeatureRows} duplicate feature rows after kill`);
  for (const [key, value] of Object.entries(before.labels))
    if (crash.labels[key] !== value)
      problems.push(`committed label ${key} changed: ${value} → ${crash.labels[key]}`);
  if (command === 'labels') {
    // One transaction: all of the CSV or none of it.
    const labelsNow = JSON.stringify(crash.labels);
    if (labelsNow !== JSON.stringify(before.labels) && labelsNow !== JSON.stringify(reference.labels))
      problems.push('labels half-applied after kill');
    if (crash.auditEntries !== before.auditEntries && crash.auditEntries !== reference.auditEntries)
      problems.push(`audit log half-written: ${crash.auditEntries} entries`);
  }
  const rerun = await runCli(root, args);
  if (rerun.code !== 0)
    problems.push(`rerun failed (${rerun.code}): ${rerun.stderr.trim().split('\n').pop()}`);
  const final = snapshot(db);
  if (final.integrity !== 'ok') problems.push(`integrity_check after rerun: ${final.integrity}`);
  if (JSON.stringify(final.rois) !== JSON.stringify(reference.rois))
    problems.push('ROIs differ from the uninterrupted run');
  if (JSON.stringify(final.labels) !== JSON.stringify(reference.labels))
    problems.push('labels differ from the uninterrupted run');
  if (JSON.stringify(final.featureRows) !== JSON.stringify(reference.featureRows))
    problems.push(
      `feature rows ${JSON.stringify(final.featureRows)} ≠ ${JSON.stringify(reference.featureRows)}`,
    );
  if (final.corruptFeatureRows || final.duplicateFeatureRows)
    problems.push('corrupt or duplicate feature rows after rerun');
  if (command === 'labels' && final.auditEntries !== reference.auditEntries)
    problems.push(`audit entries ${final.auditEntries} ≠ ${reference.auditEntries} (duplicates?)`);
  return {
    command,
    killAfterMs,
    killed: killed.signal === 'SIGKILL',
    integrityOk: crash.integrity === 'ok' && final.integrity === 'ok',
    progress,
    problems,
  };
}

/** The uninterrupted run of `command` on a fresh copy: what every killed-and-rerun trial must end with. */
export async function referenceRun(
  root: string,
  fixture: CrashFixture,
  command: CrashCommand,
  db: string,
): Promise<{ snapshot: DbSnapshot; ms: number }> {
  freshCopy(fixture.baseDb, db);
  const args =
    command === 'extract'
      ? [
          'extract',
          '--profile',
          'ibsi',
          '--roi',
          DEMO_ROI_NAME,
          '--workers',
          '2',
          '--json',
          '--quiet',
          '--db',
          db,
        ]
      : ['labels', fixture.labelsCsv, '--json', '--quiet', '--db', db];
  const run = await runCli(root, args);
  if (run.code !== 0) throw new Error(`reference ${command} failed: ${run.stderr}`);
  const failed = (JSON.parse(run.stdout) as { failed?: { reason: string }[] }).failed ?? [];
  if (failed.length)
    throw new Error(`reference ${command}: ${failed.length} ROI(s) failed, first: ${failed[0].reason}`);
  return { snapshot: snapshot(db), ms: run.ms };
}

/** How long the CLI takes to start and exit doing nothing (`help`): kills before this only test startup. */
export async function cliStartupMs(root: string): Promise<number> {
  return (await runCli(root, ['help'])).ms;
}

/** Seeded kill times spread over [minMs, maxMs]. */
export function killTimes(seed: number, count: number, minMs: number, maxMs: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, () => Math.round(minMs + rand() * (maxMs - minMs)));
}
