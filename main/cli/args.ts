/** Minimal, strict argument parsing for the radscore CLI. */

export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  /** --key value options (last one wins; `all` keeps repeats). */
  options: Map<string, string>;
  all: Map<string, string[]>;
  flags: Set<string>;
}

/** Options that take no value. Everything else (`--x v` or `--x=v`) takes one. */
const BOOLEAN_FLAGS = new Set([
  'json',
  'help',
  'quiet',
  'force',
  'overwrite',
  'create',
  'deidentify',
  'no-report',
  'ibsi-ids',
  'nonparametric',
  'mean-only',
  'allow-not-for-use',
]);

export function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: new Map(), all: new Map(), flags: new Set() };
  for (let n = 0; n < argv.length; n++) {
    const a = argv[n];
    if (a === '--') {
      out.positional.push(...argv.slice(n + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (!key) throw new UsageError(`malformed option "${a}"`);
      if (BOOLEAN_FLAGS.has(key)) {
        if (eq > 0) throw new UsageError(`--${key} takes no value`);
        out.flags.add(key);
        continue;
      }
      let value: string;
      if (eq > 0) value = a.slice(eq + 1);
      else {
        if (n + 1 >= argv.length) throw new UsageError(`--${key} needs a value`);
        value = argv[++n];
      }
      out.options.set(key, value);
      out.all.set(key, [...(out.all.get(key) ?? []), value]);
    } else out.positional.push(a);
  }
  return out;
}

export function requireOption(args: ParsedArgs, key: string): string {
  const v = args.options.get(key);
  if (v === undefined || v === '') throw new UsageError(`--${key} is required`);
  return v;
}

export function numberOption(
  args: ParsedArgs,
  key: string,
  fallback: number,
  opts: { integer?: boolean; min?: number; max?: number } = {},
): number {
  const raw = args.options.get(key);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || (opts.integer && !Number.isInteger(v)))
    throw new UsageError(`--${key} must be a${opts.integer ? 'n integer' : ' number'}, got "${raw}"`);
  if (opts.min !== undefined && v < opts.min) throw new UsageError(`--${key} must be ≥ ${opts.min}`);
  if (opts.max !== undefined && v > opts.max) throw new UsageError(`--${key} must be ≤ ${opts.max}`);
  return v;
}

/**
 * Rejects options the command does not know, so a typo never silently changes a result. Every command
 * takes --db, --create, --json, --help and --quiet; one that writes --out also takes --force.
 */
export function checkKnownOptions(args: ParsedArgs, known: string[]): void {
  const allowed = new Set([...known, 'db', 'create', 'json', 'help', 'quiet']);
  if (allowed.has('out')) allowed.add('force');
  for (const k of [...args.options.keys(), ...args.flags]) {
    if (!allowed.has(k)) throw new UsageError(`unknown option --${k}`);
  }
}
