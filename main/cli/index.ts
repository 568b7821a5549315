/**
 * The radscore command line (DESIGN §4). A front: it parses input, calls the services, formats output.
 * With --json stdout holds exactly one JSON document; progress and logs go to stderr.
 * Only the command that runs is loaded (main/cli/registry.ts): `radscore help` loads no command at all.
 */
import { parseArgs, UsageError } from './args';
import { makeContext } from './context';
import { commands } from './registry';
import { errorMessage } from '../../shared/errorMessage';

function helpText(): string {
  const lines = ['usage: radscore <command> [options] [--db PATH] [--json]', '', 'commands:'];
  for (const c of commands) lines.push(`  ${c.usage}\n      ${c.summary}`);
  return lines.join('\n');
}

/** JSON with NaN/±Infinity as null (JSON has no NaN). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(`${helpText()}\n`);
    return name ? 0 : 2;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`radscore: unknown command "${name}" (try: radscore help)\n`);
    return 2;
  }
  try {
    const ctx = makeContext(parseArgs(rest), { createsDatabase: entry.createsDatabase ?? false });
    if (ctx.args.flags.has('help')) {
      process.stdout.write(`${entry.usage}\n${entry.summary}\n`);
      return 0;
    }
    const command = await entry.load();
    const result = await command.run(ctx);
    process.stdout.write(ctx.json ? `${toJson(result.json)}\n` : `${result.text}\n`);
    return 0;
  } catch (err) {
    const message = errorMessage(err);
    process.stderr.write(`radscore ${name}: ${message.split('\n')[0]}\n`);
    if (process.env.RADSCORE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
