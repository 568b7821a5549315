/**
 * `radscore icc` and `radscore combat` against R run now (psych 2.2.9, sva 3.46.0) on tables other than
 * the stored fixtures: the fixtures' generator with its other variant (../shared/fixtures/robustness/r/
 * make.R … hidden: a 7-sample batch, one covariate, a zero-variance feature; a single-sample batch with
 * two covariates; 37 × 2 ICC) at two seeds, and robustness.oracle.R (missing values, 4–5 raters, numeric
 * batch labels, several zero-variance features, reference batch with covariates, non-parametric with a
 * single-sample batch, large offsets). Skipped, with the reason printed, where R or the packages are missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { combatMismatches, iccMismatches, runCli } from './robustness.test-support';

const FIXTURES = new URL('../../../../shared/fixtures/robustness/', import.meta.url).pathname;
const COMMON_R = new URL('../../../../shared/fixtures/modeling/r/common.R', import.meta.url).pathname;
const ORACLE = new URL('./robustness.oracle.R', import.meta.url).pathname;

function rAvailable(): string | null {
  const probe = spawnSync(
    'Rscript',
    [
      '-e',
      'suppressMessages({library(sva); library(psych); library(jsonlite)}); cat(format(packageVersion("sva")), format(packageVersion("psych")))',
    ],
    { encoding: 'utf8' },
  );
  if (probe.error) return `Rscript not found (${probe.error.message})`;
  if (probe.status !== 0)
    return `R packages sva/psych/jsonlite missing: ${probe.stderr.trim().split('\n').pop()}`;
  const [sva, psych] = probe.stdout.trim().split(' ');
  if (sva !== '3.46.0' || psych !== '2.2.9')
    return `need sva 3.46.0 and psych 2.2.9, found sva ${sva}, psych ${psych}`;
  if (!existsSync(COMMON_R)) return `${COMMON_R} not found`;
  return null;
}

const skipReason = rAvailable();
if (skipReason) console.log(`robustness.r.test.ts skipped: ${skipReason}`);
const tmp = mkdtempSync(join(tmpdir(), 'radscore-r-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const FIXTURE_VARIANTS: [string, string[]][] = [
  ['parametric', []],
  ['nonparametric', ['--nonparametric']],
  ['mean_only', ['--mean-only']],
  ['ref_batch', ['--ref-batch', 'S1']],
];

async function checkIcc(csv: string, ref: Parameters<typeof iccMismatches>[1], args: string[]) {
  const r = await runCli(['icc', csv, ...args, '--json']);
  expect(r.stderr).toBe('');
  const doc = JSON.parse(r.stdout);
  const { compared, bad } = iccMismatches(doc, ref);
  expect(bad).toEqual([]);
  return { compared, doc };
}

async function checkCombat(
  csv: string,
  ref: { ids: string[]; features: string[] },
  args: string[],
  x: number[][],
) {
  const out = join(tmp, `out-${readdirSync(tmp).length}.csv`);
  const r = await runCli(['combat', csv, ...args, '--out', out, '--db', join(tmp, 'db.sqlite'), '--json']);
  expect(r.stderr, args.join(' ')).toBe('');
  const { compared, bad } = combatMismatches(out, ref, x);
  expect(bad, args.join(' ')).toEqual([]);
  return compared;
}

describe.skipIf(skipReason !== null)('radscore icc / combat against R on other tables', () => {
  for (const seed of [5, 23]) {
    it(`make.R hidden variant, seed ${seed}: combat_h1, combat_h2 (4 variants each), icc_h`, async () => {
      const dir = join(tmp, `make-${seed}`);
      execFileSync('Rscript', [join(FIXTURES, 'r/make.R'), dir, String(seed), 'hidden'], { stdio: 'pipe' });
      let compared = 0;
      for (const name of ['combat_h1', 'combat_h2']) {
        const ref = JSON.parse(readFileSync(join(dir, 'ref', `${name}.json`), 'utf8'));
        const covs: string[] = [].concat(ref.covariates); // one name is written as a JSON string
        const pass = ['age', 'sex'].filter((c) => !covs.includes(c));
        const args = ['--batch', 'batch', ...(covs.length ? ['--covariates', covs.join(',')] : [])];
        if (pass.length) args.push('--passthrough', pass.join(','));
        for (const [variant, flags] of FIXTURE_VARIANTS)
          compared += await checkCombat(
            join(dir, 'cases', `${name}.csv`),
            ref,
            [...args, ...flags],
            ref[variant].x,
          );
      }
      const iccRef = JSON.parse(readFileSync(join(dir, 'ref', 'icc_h.json'), 'utf8'));
      compared += (
        await checkIcc(join(dir, 'cases', 'icc_h.csv'), iccRef, ['--id', 'id', '--rater', 'rater'])
      ).compared;
      console.log(`make.R hidden seed ${seed}: ${compared} numbers within 1e-9 of R`);
    });
  }

  it('robustness.oracle.R: missing values, many raters, numeric batch labels, single-sample batch, reference batch', async () => {
    const dir = join(tmp, 'oracle');
    execFileSync('Rscript', [ORACLE, COMMON_R, dir, '7'], { stdio: 'pipe' });
    let compared = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const ref = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const csv = join(dir, file.replace(/\.json$/, '.csv'));
      if (ref.kind === 'icc') {
        const { compared: c, doc } = await checkIcc(csv, ref, ref.args);
        compared += c;
        for (const f of ref.features)
          expect(doc.features.find((o: { feature: string }) => o.feature === f.feature).n_subjects).toBe(
            f.n_complete,
          );
      } else
        for (const v of Object.values(ref.variants) as { flags: string[]; x: number[][] }[])
          compared += await checkCombat(csv, ref, [...ref.args, ...v.flags], v.x);
    }
    console.log(`robustness.oracle.R: ${compared} numbers within 1e-9 of R`);
  });
});
