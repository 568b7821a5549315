/**
 * `npm run bench`: one run, every figure next to a baseline (measured in the same run, or a published
 * reference), printed as a compact table on stdout; progress on stderr.
 *
 *   node out/main/bench.js [--patients N] [--matrix N (demo cohort in-plane size for the workers section)] [--only dicom,contour,texture,store,ibsi,ak,fit,bootstrap,demo,workers,startup,ui,stress] [--json]
 *
 * `ui` and `stress` print figures other runs left in test-results/ (perf.json from the Playwright perf spec,
 * which `npm run bench:ui` runs; stress.json from the reliability run), or why they are not available.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  akSection,
  demoSection,
  dicomImportSection,
  fitSection,
  ibsiCtSection,
  NotAvailable,
  workersSection,
  type BenchContext,
  type BenchLine,
} from './sections';
import { contourSection, textureSection } from './kernels';
import { stressSection, uiPerfSection } from './results';
import { bootstrapSection } from './bootstrap';
import { storeSection } from './store';
import { errorMessage } from '../../shared/errorMessage';
import { cliStartupSection } from './startup';

const SECTIONS = [
  'dicom',
  'contour',
  'texture',
  'store',
  'ibsi',
  'ak',
  'fit',
  'bootstrap',
  'demo',
  'workers',
  'startup',
  'ui',
  'stress',
] as const;
type Section = (typeof SECTIONS)[number];

function parse(argv: string[]): {
  patients: number;
  matrix: number | undefined;
  only: Set<Section>;
  json: boolean;
} {
  let patients = 40;
  let matrix: number | undefined;
  let only = new Set<Section>(SECTIONS);
  let json = false;
  for (let n = 0; n < argv.length; n++) {
    const a = argv[n];
    if (a === '--json') json = true;
    else if (a === '--patients') {
      patients = Number(argv[++n]);
      if (!Number.isInteger(patients) || patients < 8) throw new Error('--patients must be an integer ≥ 8');
    } else if (a === '--matrix') {
      matrix = Number(argv[++n]);
      if (!Number.isInteger(matrix) || matrix < 32 || matrix > 1024)
        throw new Error('--matrix must be an integer in 32…1024');
    } else if (a === '--only') {
      const names = (argv[++n] ?? '').split(',').filter(Boolean);
      const bad = names.filter((s) => !(SECTIONS as readonly string[]).includes(s));
      if (bad.length || !names.length) throw new Error(`--only takes a comma list of ${SECTIONS.join(', ')}`);
      only = new Set(names as Section[]);
    } else
      throw new Error(
        `unknown argument "${a}" (usage: bench [--patients N] [--matrix N] [--only ${SECTIONS.join(',')}] [--json])`,
      );
  }
  return { patients, matrix, only, json };
}

export function formatTable(lines: BenchLine[]): string {
  const head: BenchLine = { what: 'measures', ours: 'ours', baseline: 'baseline', ratio: 'ratio' };
  const rows = [head, ...lines];
  const width = (k: keyof BenchLine) => Math.max(...rows.map((r) => r[k].length));
  const w = { what: width('what'), ours: width('ours'), baseline: width('baseline') };
  const fmt = (r: BenchLine) =>
    `${r.what.padEnd(w.what)} │ ${r.ours.padEnd(w.ours)} │ ${r.baseline.padEnd(w.baseline)} │ ${r.ratio}`;
  const rule = `${'─'.repeat(w.what)}─┼─${'─'.repeat(w.ours)}─┼─${'─'.repeat(w.baseline)}─┼─${'─'.repeat(width('ratio'))}`;
  return [fmt(head), rule, ...lines.map(fmt)].join('\n');
}

async function main(): Promise<number> {
  const opts = parse(process.argv.slice(2));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const tmp = await mkdtemp(join(tmpdir(), 'radscore-bench-'));
  const ctx: BenchContext = {
    tmp,
    root,
    patients: opts.patients,
    matrix: opts.matrix,
    log: (m) => process.stderr.write(`${m}\n`),
  };
  const lines: BenchLine[] = [];
  let failed = false;
  const t0 = performance.now();
  const startLoad = loadavg()[0];
  let demoCohort: string | null = null;
  const run = async (name: Section, title: string, f: () => Promise<BenchLine[]>) => {
    if (!opts.only.has(name)) return;
    ctx.log(`[bench] ${title} …`);
    try {
      const got = await f();
      for (const l of got) ctx.log(`  ${l.what}: ${l.ours} | ${l.baseline} | ${l.ratio}`);
      lines.push(...got);
    } catch (err) {
      const message = errorMessage(err);
      if (!(err instanceof NotAvailable)) failed = true;
      lines.push({
        what: title,
        ours: `${err instanceof NotAvailable ? 'not available' : 'FAILED'}: ${message.split('\n')[0]}`,
        baseline: '–',
        ratio: '–',
      });
      ctx.log(`  ${err instanceof NotAvailable ? 'not available' : 'FAILED'}: ${message}`);
    }
  };
  try {
    await run('dicom', 'DICOM import throughput', () => dicomImportSection(ctx));
    await run('contour', 'contour edits on a 512² slice', () => contourSection(ctx));
    await run('texture', 'IBSI texture families, study-sized ROI', () => textureSection(ctx));
    await run('store', 'store at 1,000–5,000 patients', () => storeSection(ctx));
    await run('ibsi', 'IBSI CT phantom A and E', () => ibsiCtSection(ctx));
    await run('ak', 'A.K. paper profile, 512×512×30', () => akSection(ctx));
    await run('fit', 'fit-table / cv.glmnet', () => fitSection(ctx));
    await run('bootstrap', 'fit-table --bootstrap 500 --workers 2', () =>
      bootstrapSection(ctx, join(root, 'out', 'main', 'cli.js')),
    );
    await run('demo', `radscore demo (${opts.patients} patients)`, async () => {
      const r = await demoSection(ctx, join(root, 'out', 'main', 'cli.js'));
      demoCohort = r.cohort;
      return r.lines;
    });
    await run('workers', 'extract --workers 2 vs 1', () => workersSection(ctx, demoCohort));
    await run('startup', 'CLI start-up', () =>
      cliStartupSection(ctx, demoCohort && join(ctx.tmp, 'demo', 'radscore-demo.sqlite')),
    );
    await run('ui', 'UI frame times (test-results/perf.json)', async () => uiPerfSection(root));
    await run('stress', 'stress figures (test-results/stress.json)', async () => stressSection(root));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  ctx.log(`[bench] done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const machine = `${availableParallelism()} cores, load average at start ${startLoad.toFixed(1)}, at end ${loadavg()[0].toFixed(1)}, Node ${process.versions.node}`;
  process.stdout.write(
    opts.json ? `${JSON.stringify({ machine, lines }, null, 2)}\n` : `${machine}\n${formatTable(lines)}\n`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${errorMessage(err)}\n`);
    process.exit(2);
  },
);
