#!/usr/bin/env node
// The `radscore` command. In a source checkout it (re)builds the main-process bundle only when a source it
// was built from is newer (or when RADSCORE_REBUILD=1), under a lock and by renaming finished files into
// place (scripts/build.mjs), so that commands started together neither rebuild at once nor load a file
// another start is writing. An installed app has no sources and runs its bundle as it is.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out/main/cli.js');
if (existsSync(join(root, 'scripts/build.mjs')) && existsSync(join(root, 'main/cli/index.ts'))) {
  const force = process.env.RADSCORE_REBUILD === '1';
  const { staleReason } = await import(pathToFileURL(join(root, 'scripts/bundle-state.mjs')).href);
  if (force || staleReason(root)) {
    process.env.RADSCORE_BUILD_QUIET ??= '1';
    const { buildMain } = await import(pathToFileURL(join(root, 'scripts/build.mjs')).href);
    await buildMain({ force });
  }
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
