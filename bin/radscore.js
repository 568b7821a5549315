#!/usr/bin/env node
// The `radscore` command. Builds the main-process bundle on first use (or when RADSCORE_REBUILD=1),
// so that `npm run radscore -- …` works right after `npm ci`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out/main/cli.js');
if (!existsSync(cli) || process.env.RADSCORE_REBUILD === '1' || existsSync(join(root, 'main/cli/index.ts'))) {
  // In a source checkout always rebuild the (fast) main bundle so the CLI never runs stale code.
  if (existsSync(join(root, 'scripts/build.mjs'))) {
    const { buildMain } = await import(pathToFileURL(join(root, 'scripts/build.mjs')).href);
    process.env.RADSCORE_BUILD_QUIET = '1';
    await buildMain();
  }
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
