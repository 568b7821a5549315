import type { CliContext } from './context';

/** A command's behaviour (main/cli/commands/<name>.ts), loaded only when that command runs. */
export interface CliCommand {
  /** Returns the JSON document printed with --json; `text` is printed otherwise. */
  run(ctx: CliContext): Promise<{ json: unknown; text: string }>;
}

/** A command as `radscore help` lists it (main/cli/registry.ts): no module of the command is loaded for this. */
export interface CommandEntry {
  name: string;
  /** One-line usage shown by `radscore help`. */
  usage: string;
  summary: string;
  /** The command may create its --db file (import, demo); the others refuse a missing one unless --create. */
  createsDatabase?: boolean;
  load(): Promise<CliCommand>;
}
