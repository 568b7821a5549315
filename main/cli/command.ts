import type { CliContext } from './context';

export interface CliCommand {
  name: string;
  /** One-line usage shown by `radscore help`. */
  usage: string;
  summary: string;
  /** Returns the JSON document printed with --json; `text` is printed otherwise. */
  run(ctx: CliContext): Promise<{ json: unknown; text: string }>;
}
