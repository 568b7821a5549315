// Builds the app: main-process bundles (esbuild, ESM) and the renderer (Vite).
// Usage: node scripts/build.mjs [--main-only] [--quiet]
// Everything is printed to stderr so that `radscore --json` keeps stdout clean.
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const isQuiet = () => args.has('--quiet') || process.env.RADSCORE_BUILD_QUIET === '1';
const log = (msg) => isQuiet() || process.stderr.write(`[build] ${msg}\n`);

/** Main-process entry points: source → output name under out/main. Missing sources are skipped. */
const mainEntries = {
  cli: 'main/cli/index.ts',
  serve: 'main/host/serve.ts',
  electron: 'main/electron/main.ts',
  bench: 'main/bench/index.ts',
  stress: 'main/stress/index.ts',
};

/**
 * Packages the main bundles leave in node_modules: native (better-sqlite3), the Electron API, the WASM codec
 * (it loads its own files) and development tools. Everything else (pure JS: zod, daikon and its codecs,
 * yaml …) is bundled, so that a worker loads a few chunks instead of resolving and compiling hundreds of
 * package files — that was most of a feature worker's start-up.
 */
export const MAIN_EXTERNALS = [
  'electron',
  'better-sqlite3',
  '@cornerstonejs/codec-openjpeg',
  '@cornerstonejs/codec-openjpeg/*',
  'tsx',
  'tsx/*',
  'linkedom',
  '@playwright/test',
  'playwright',
  'playwright-core',
  'vitest',
];

/** The bundle banner: bundled CommonJS packages (daikon) call require(). */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/**
 * daikon requires every codec it has when it loads: CharLS (2.4 MB of asm.js) and a JPEG 2000 decoder. We decode
 * JPEG 2000 with OpenJPEG and load daikon's JPEG-LS decoder when a JPEG-LS file comes (main/dicom/decode.ts),
 * so in the bundles daikon's own requires of them get a stub that says so if ever called: a worker then starts
 * without parsing them (features worker: first answer ~100 → ~60 ms).
 */
const DAIKON_LAZY_CODECS = {
  name: 'daikon-lazy-codecs',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/lib\/(jpeg-ls|jpx|charLS-DynamicMemory-browser)\.js$/ }, (args) =>
      /daikon[\\/]src[\\/](image|main)\.js$/.test(args.importer)
        ? { path: args.path.replace('../lib/', ''), namespace: 'daikon-lazy-codec' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'daikon-lazy-codec' }, (args) => ({
      loader: 'js',
      contents: `module.exports = function () { throw new Error(${JSON.stringify(
        `daikon's ${args.path} is not bundled: main/dicom/decode.ts decodes JPEG-LS and JPEG 2000`,
      )}); };`,
    }));
  },
};

export async function buildMain() {
  const entryPoints = {};
  for (const [name, src] of Object.entries(mainEntries)) {
    if (existsSync(join(root, src))) entryPoints[name] = join(root, src);
  }
  const workerDir = join(root, 'main/workers');
  if (existsSync(workerDir)) {
    for (const f of readdirSync(workerDir)) {
      if (f.endsWith('.worker.ts')) entryPoints[`workers/${f.replace(/\.ts$/, '')}`] = join(workerDir, f);
    }
  }
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    packages: 'external',
    logLevel: 'warning',
    absWorkingDir: root,
  };
  const result = await esbuild({
    ...common,
    packages: undefined,
    external: MAIN_EXTERNALS,
    entryPoints,
    outdir: join(root, 'out/main'),
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: ESM_REQUIRE_BANNER },
    metafile: true,
    plugins: [DAIKON_LAZY_CODECS],
  });
  removeStaleChunks(Object.keys(result.metafile.outputs).map((o) => join(root, o)));
  // A sandboxed preload must be CommonJS.
  const preload = join(root, 'main/electron/preload.ts');
  if (existsSync(preload)) {
    await esbuild({
      ...common,
      packages: undefined,
      external: ['electron'],
      entryPoints: [preload],
      outfile: join(root, 'out/main/preload.cjs'),
      format: 'cjs',
    });
  }
  mkdirSync(join(root, 'out/main'), { recursive: true });
  writeFileSync(join(root, 'out/main/package.json'), JSON.stringify({ type: 'module' }));
  log(`main: ${Object.keys(entryPoints).length} entries`);
}

/**
 * Chunk names carry a content hash, so every change leaves the previous chunks behind. Those this build did
 * not write go once they are an hour old: a CLI or host started from an earlier build may still load them.
 */
function removeStaleChunks(written) {
  const dir = join(root, 'out/main/chunks');
  if (!existsSync(dir)) return;
  const keep = new Set(written);
  const cutoff = Date.now() - 3600_000;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (keep.has(file) || keep.has(file.replace(/\.map$/, ''))) continue;
    try {
      if (statSync(file).mtimeMs < cutoff) rmSync(file);
    } catch {
      // Another build removed it first.
    }
  }
}

export async function buildRenderer() {
  if (!existsSync(join(root, 'renderer/index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: isQuiet() ? 'silent' : 'warn' });
  log('renderer: out/renderer');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  await buildMain();
  if (!args.has('--main-only')) await buildRenderer();
  log(`done in ${Date.now() - t0} ms`);
}
