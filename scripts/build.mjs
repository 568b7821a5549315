// Builds the app: main-process bundles (esbuild, ESM) and the renderer (Vite).
// Usage: node scripts/build.mjs [--main-only] [--quiet] [--force]
// The main bundle is rebuilt only when a source it was built from changed (scripts/bundle-state.mjs), under
// a lock, and its files are renamed into place (never written where a running process may read them).
// Everything is printed to stderr so that `radscore --json` keeps stdout clean.
import { build as esbuild } from 'esbuild';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP_FILE, staleReason, withBuildLock } from './bundle-state.mjs';

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

/** Inputs of every build besides the bundled sources. */
const STAMP_EXTRA_INPUTS = [
  'package.json',
  'node_modules/.package-lock.json',
  'scripts/build.mjs',
  'scripts/bundle-state.mjs',
  'main/workers',
];

/**
 * Builds out/main when it is out of date (`force`: always), holding the build lock: concurrent callers wait
 * for one build instead of writing the same files at once, and a caller that waited finds it up to date.
 * Returns whether this call built.
 */
export async function buildMain({ force = false } = {}) {
  return withBuildLock(
    root,
    async () => {
      const reason = force ? 'requested' : staleReason(root);
      if (!reason) return false;
      await buildMainUnlocked(reason);
      return true;
    },
    { onWait: (pid) => log(`waiting for the build of process ${pid ?? '?'}`) },
  );
}

async function buildMainUnlocked(reason) {
  const startedAtMs = Date.now();
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
    write: false,
    metafile: true,
  };
  const outdir = join(root, 'out/main');
  const result = await esbuild({
    ...common,
    packages: undefined,
    external: MAIN_EXTERNALS,
    entryPoints,
    outdir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: ESM_REQUIRE_BANNER },
    plugins: [DAIKON_LAZY_CODECS],
  });
  const outputs = [...result.outputFiles];
  const inputs = new Set(Object.keys(result.metafile.inputs));
  // A sandboxed preload must be CommonJS.
  const preload = join(root, 'main/electron/preload.ts');
  if (existsSync(preload)) {
    const cjs = await esbuild({
      ...common,
      packages: undefined,
      external: ['electron'],
      entryPoints: [preload],
      outfile: join(outdir, 'preload.cjs'),
      format: 'cjs',
    });
    outputs.push(...cjs.outputFiles);
    for (const i of Object.keys(cjs.metafile.inputs)) inputs.add(i);
  }
  // The named entries (cli.js, workers/*.js …); the chunks of dynamic imports also have an entryPoint, but
  // their names carry a content hash like every other chunk.
  const entrySources = new Set(Object.values(entryPoints).map((p) => relative(root, p)));
  const entryFiles = new Set(
    Object.entries(result.metafile.outputs)
      .filter(([, o]) => o.entryPoint && entrySources.has(o.entryPoint))
      .map(([file]) => join(root, file)),
  );
  // Entries last (main entries after worker entries): a process that starts meanwhile loads either the old
  // entry, whose chunks are still there, or the new one, whose chunks are already in place.
  const rank = (path) => (!entryFiles.has(path) ? 0 : path.includes('/workers/') ? 1 : 2);
  outputs.sort((a, b) => rank(a.path) - rank(b.path));
  const stamp = {
    reason,
    startedAtMs,
    // Bundled packages change only with an install (node_modules/.package-lock.json); the worker folder's
    // own time changes when a worker entry is added.
    inputs: [
      ...new Set([
        ...[...inputs].filter((i) => !/(^|\/)node_modules\//.test(i) && !i.includes(':')),
        ...STAMP_EXTRA_INPUTS.filter((f) => existsSync(join(root, f))),
      ]),
    ].sort(),
    entries: [...entryFiles].map((f) => relative(root, f)).sort(),
  };
  installAtomically(outdir, [
    ...outputs.map((o) => ({ path: o.path, contents: o.contents })),
    { path: join(outdir, 'package.json'), contents: JSON.stringify({ type: 'module' }) },
    { path: join(root, STAMP_FILE), contents: JSON.stringify(stamp, null, 1) },
  ]);
  removeStaleChunks(outputs.map((o) => o.path));
  log(`main: ${entryFiles.size} entries (${reason})`);
}

/**
 * Writes every file into a temporary folder beside out/main, then renames each into place in the given
 * order: a reader never sees a half-written file (rename replaces a file atomically on one filesystem).
 */
function installAtomically(outdir, files) {
  const tmp = mkdtempSync(join(dirname(outdir), '.main-tmp-'));
  try {
    const staged = files.map((f, n) => {
      const path = join(tmp, String(n));
      writeFileSync(path, f.contents);
      return { from: path, to: f.path };
    });
    for (const { from, to } of staged) {
      mkdirSync(dirname(to), { recursive: true });
      renameSync(from, to);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
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
  const built = await buildMain({ force: args.has('--force') });
  if (!built) log('main: up to date');
  if (!args.has('--main-only')) await buildRenderer();
  log(`done in ${Date.now() - t0} ms`);
}
