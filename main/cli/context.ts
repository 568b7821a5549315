/** What every CLI command receives: parsed args, the database path, and output helpers. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { requireOption, type ParsedArgs } from './args';
import { openStore, type OpenStoreOptions, type Store } from '../store/db';
import { checkOutputPath, CLI_REPLACE_HINT, writeOutputFile } from '../io/outputPath';

export interface CliContext {
  args: ParsedArgs;
  json: boolean;
  /** Resolved database path: --db, else $RADSCORE_DB, else the per-user application data folder. */
  dbPath: string;
  /** Progress and logs: always stderr (stdout is reserved for the result). */
  log(message: string): void;
  /** A progress line on stderr, rewritten in place on a terminal. */
  progress(done: number, total: number, label?: string): void;
  /**
   * Opens the database at dbPath. A path where no file exists is refused (a mistyped --db must not start
   * an empty database) unless the command creates databases (import, demo) or --create is given.
   */
  openStore(opts?: Omit<OpenStoreOptions, 'mustExist'>): Store;
  /**
   * The absolute path of the output option `key` (required), checked: never the database (or its side
   * files), never an existing file unless --force. For writers that write the file themselves.
   */
  outputPath(key?: string): string;
  /** Checks the output option `key` (outputPath) and writes `data` there atomically; returns the path. */
  writeOutput(data: string | Uint8Array, key?: string): Promise<string>;
}

export interface ContextOptions {
  /** The command may create its database (CommandEntry.createsDatabase). */
  createsDatabase?: boolean;
}

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RADSCORE_DB) return env.RADSCORE_DB;
  const home = homedir();
  const base =
    process.platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(base, 'Radscore Studio', 'radscore.sqlite');
}

export function makeContext(args: ParsedArgs, options: ContextOptions = {}): CliContext {
  const quiet = args.flags.has('quiet');
  const tty = process.stderr.isTTY;
  let lastProgress = 0;
  const dbPath = args.options.get('db') ?? defaultDatabasePath();
  const mayCreate = (options.createsDatabase ?? false) || args.flags.has('create');
  const outputOptions = () => ({
    databases: [dbPath],
    force: args.flags.has('force'),
    replaceHint: CLI_REPLACE_HINT,
  });
  return {
    args,
    json: args.flags.has('json'),
    dbPath,
    openStore: (opts = {}) => {
      if (dbPath !== ':memory:' && (opts.readonly || !mayCreate) && !existsSync(dbPath))
        throw new Error(
          `no database at ${dbPath} (check --db${opts.readonly ? '' : '; import and demo create one, --create an empty one'})`,
        );
      return openStore(dbPath, { ...opts, mustExist: !mayCreate });
    },
    outputPath: (key = 'out') => checkOutputPath(requireOption(args, key), outputOptions()),
    writeOutput: (data, key = 'out') => writeOutputFile(requireOption(args, key), data, outputOptions()),
    log: (m) => {
      if (!quiet) process.stderr.write(`${m}\n`);
    },
    progress: (done, total, label) => {
      if (quiet) return;
      const now = Date.now();
      if (done < total && now - lastProgress < 200) return; // at most 5 lines a second
      lastProgress = now;
      const line = `[${done}/${total}]${label ? ` ${label}` : ''}`;
      process.stderr.write(tty ? `\r\x1b[K${line}${done >= total ? '\n' : ''}` : `${line}\n`);
    },
  };
}
