/** `radscore combat <csv> --batch C … --out FILE.csv`: ComBat harmonisation of a feature table, as sva::ComBat. */
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { checkKnownOptions, requireOption, UsageError } from '../args';
import type { CliCommand } from '../command';
import { combatTable, readTableFile } from '../../services/featureTables';

/** A path with symlinks resolved where it exists (so two spellings of one file compare equal). */
function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/**
 * DESIGN §7: `--out` never names the open database or its side files, and never replaces an existing
 * file unless --force. (Minimal local check until the shared helper from the hardening work lands.)
 */
export function checkOutPath(out: string, dbPath: string, force: boolean): string {
  const target = canonical(out);
  const db = canonical(dbPath);
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    if (target === db + suffix)
      throw new UsageError(
        `--out ${out} is the database${suffix ? `'s ${suffix.slice(1)} file` : ''}; choose another file`,
      );
  if (existsSync(target) && !force) throw new UsageError(`--out ${out} exists; add --force to replace it`);
  return target;
}

/** Writes next to the target and renames, so a failure never leaves a half-written file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new Error(`cannot write ${path}: ${(err as Error).message}`);
  }
}

const list = (v: string | undefined) =>
  v === undefined
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

export const combatCommand: CliCommand = {
  name: 'combat',
  usage:
    'combat <csv> --batch C [--covariates a,b] [--passthrough c,d] [--nonparametric] [--mean-only] [--ref-batch B] [--id C] --out FILE.csv [--force] [--json]',
  summary:
    'ComBat harmonisation as sva::ComBat (parametric or non-parametric empirical Bayes, mean only, reference batch, numeric covariates) of every feature column (all but id, batch, covariates, passthrough, y, split, foldid); writes the same columns and rows.',
  async run(ctx) {
    const a = ctx.args;
    checkKnownOptions(a, [
      'batch',
      'covariates',
      'passthrough',
      'nonparametric',
      'mean-only',
      'ref-batch',
      'id',
      'out',
      'force',
    ]);
    if (a.positional.length !== 1) throw new UsageError('give exactly one feature-table CSV file');
    const batch = requireOption(a, 'batch');
    const outArg = requireOption(a, 'out');
    const out = checkOutPath(outArg, ctx.dbPath, a.flags.has('force'));
    if (a.options.has('ref-batch') && a.options.get('ref-batch') === '')
      throw new UsageError('--ref-batch needs a batch name');
    const result = combatTable(await readTableFile(a.positional[0]), {
      batch,
      covariates: list(a.options.get('covariates')),
      passthrough: list(a.options.get('passthrough')),
      id: a.options.get('id'),
      parametric: !a.flags.has('nonparametric'),
      meanOnly: a.flags.has('mean-only'),
      refBatch: a.options.get('ref-batch') ?? null,
    });
    await writeAtomically(out, result.csv);
    const m = result.model;
    const json = {
      out,
      features: result.features,
      batches: result.batches,
      covariates: result.covariates,
      method: m.method,
      mean_only: m.meanOnly,
      ref_batch: m.refBatch,
      unchanged_features: result.unchanged_features,
      missing_values: m.missingValues,
      notes: m.notes,
      warnings: result.warnings,
    };
    const text = [
      `${out}: ${result.features.length} features harmonised across ${result.batches.length} batches (${result.batches.map((b) => `${b.name} ${b.n}`).join(', ')})`,
      `ComBat (sva): ${m.method}${m.meanOnly ? ', mean only' : ''}${m.refBatch !== null ? `, reference batch ${m.refBatch}` : ''}; covariates: ${result.covariates.join(', ') || 'none'}`,
      ...result.unchanged_features.map(
        (u) => `${u.feature}: unchanged (all values equal inside batch ${u.batches.join(', ')})`,
      ),
      ...m.notes.filter((n) => !/zero variance/.test(n)),
      ...result.warnings.map((w) => `warning: ${w}`),
    ].join('\n');
    return { json, text };
  },
};
