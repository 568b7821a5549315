/** Every CLI command, in help order. Add a command: write main/cli/commands/<name>.ts and list it here. */
import type { CliCommand } from './command';

export const commands: CliCommand[] = [];
