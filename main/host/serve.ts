/**
 * `npm run serve`: starts the browser host and prints its URL (with the per-launch token).
 * Options: --db PATH (else $RADSCORE_DB, else the per-user database), --port N (else random).
 */
import { checkKnownOptions, numberOption, parseArgs, UsageError } from '../cli/args';
import { defaultDatabasePath } from '../cli/context';
import { startHost } from './server';
import { errorMessage } from '../../shared/errorMessage';

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  checkKnownOptions(args, ['db', 'port']);
  const port = numberOption(args, 'port', 0, { integer: true, min: 0, max: 65535 });
  const db = args.options.get('db') ?? defaultDatabasePath();
  const host = await startHost({ db, port });
  process.stdout.write(`Radscore Studio (browser host)\n  database: ${db}\n  open: ${host.url}\n`);
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

run().catch((err: unknown) => {
  process.stderr.write(`radscore serve: ${errorMessage(err)}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
