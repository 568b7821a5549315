/**
 * Bench line: `radscore fit-table a_paper.csv --bootstrap 500 --workers 2` (Harrell's optimism bootstrap,
 * each resample a whole training pipeline with its own cv.glmnet) in a child process, wall and CPU, against
 * R's bootstrap.R on the same case (single thread; its time is in the fixture, a_paper_B500.json).
 * Target: at most half of R's time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runCliChild } from './child';
import { NotAvailable, type BenchContext, type BenchLine } from './sections';

const B = 500;
const WORKERS = 2;

export async function bootstrapSection(ctx: BenchContext, cliJs: string): Promise<BenchLine[]> {
  if (!existsSync(cliJs)) throw new NotAvailable(`no built CLI at ${cliJs} (run npm run build)`);
  const fixtures = join(ctx.root, '..', 'shared', 'fixtures', 'modeling');
  const casePath = join(fixtures, 'cases', 'a_paper.csv');
  const refPath = join(fixtures, 'bootstrap', 'a_paper_B500.json');
  if (!existsSync(casePath) || !existsSync(refPath))
    throw new NotAvailable(`bootstrap fixtures not found under ${fixtures}`);
  const ref = JSON.parse(readFileSync(refPath, 'utf8')) as { seconds: number; B: number };
  const loadBefore = loadavg()[0];
  const args = [
    'fit-table',
    casePath,
    '--bootstrap',
    String(B),
    '--workers',
    String(WORKERS),
    '--json',
    '--quiet',
  ];
  const run = await runCliChild(ctx.tmp, cliJs, args, 'bootstrap');
  if (run.code !== 0)
    throw new Error(
      `fit-table --bootstrap failed: ${run.stderr.trim().split('\n').pop() ?? `exit ${run.code}`}`,
    );
  const doc = JSON.parse(run.stdout) as {
    internal_validation: { B_used: number; corrected: { auc: number; slope: number } };
  };
  const iv = doc.internal_validation;
  const wall = run.ms / 1000;
  const cpuSeconds = run.cpuTicks / 100;
  const cpu = run.samples ? `, CPU ${cpuSeconds.toFixed(1)} s` : '';
  // on a loaded machine the wall time measures the load; CPU / workers is what two free cores would take
  const freeCores = run.samples
    ? `; CPU/${WORKERS} ${(cpuSeconds / WORKERS).toFixed(1)} s → ${(ref.seconds / (cpuSeconds / WORKERS)).toFixed(2)}×`
    : '';
  return [
    {
      what: `fit-table --bootstrap ${B} --workers ${WORKERS}, a_paper (corrected AUC ${iv.corrected.auc.toFixed(3)}, slope ${iv.corrected.slope.toFixed(2)})`,
      ours: `${wall.toFixed(1)} s${cpu} (load ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)})`,
      baseline: `R bootstrap.R B = ${ref.B}: ${ref.seconds.toFixed(1)} s, one thread`,
      ratio: `${(ref.seconds / wall).toFixed(2)}× R's speed wall${freeCores} (target ≥ 2×)`,
    },
  ];
}
