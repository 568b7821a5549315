/**
 * `radscore` in a source checkout (bin/radscore.js + scripts/build.mjs): the main bundle is built once,
 * rebuilt only when a source is newer, installed by renaming finished files, and never built by two
 * starts at once. Each test works on a copy of the sources in a temp folder (node_modules linked), so that
 * it never rewrites the bundle other tests are running.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySourceCheckout, startCli, touchSource, type StartRun } from '../main/stress/starts';

const ROOT = join(__dirname, '..');
let parent = '';
let copy = '';

/** Starts `radscore …` in the copy with the build's log on, so that builds can be counted. */
const start = (...args: string[]) => startCli(copy, args, { RADSCORE_BUILD_QUIET: '0' });
const builds = (runs: StartRun[]) =>
  runs.reduce((n, r) => n + (r.stderr.match(/\[build\] main: /g)?.length ?? 0), 0);
const identity = (file: string) => {
  const s = statSync(file);
  return `${s.ino}:${s.mtimeMs}`;
};
const touch = (rel: string) => touchSource(copy, rel);

beforeAll(() => {
  parent = mkdtempSync(join(tmpdir(), 'radscore-build-'));
  copy = copySourceCheckout(ROOT, parent);
});
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('bin/radscore.js in a source checkout', () => {
  it('builds on the first start, then reuses the bundle while no source changed', async () => {
    const first = await start('help');
    expect(first.code, first.stderr).toBe(0);
    const before = identity(join(copy, 'out/main/cli.js'));
    const second = await start('help');
    expect(second.code, second.stderr).toBe(0);
    expect(identity(join(copy, 'out/main/cli.js'))).toBe(before);
    expect(builds([first])).toBe(1);
    expect(builds([second])).toBe(0);
  });

  it('rebuilds when a source is newer, replacing the bundle by rename (a new file, never rewritten in place)', async () => {
    await start('help');
    const before = statSync(join(copy, 'out/main/cli.js')).ino;
    touch('main/cli/index.ts');
    const run = await start('help');
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(join(copy, 'out/main/cli.js')).ino).not.toBe(before);
    expect(builds([run])).toBe(1);
    expect(run.stderr).toContain('main/cli/index.ts changed');
    const stamp = JSON.parse(readFileSync(join(copy, 'out/main/.build-stamp.json'), 'utf8')) as {
      inputs: string[];
    };
    expect(stamp.inputs).toContain('main/cli/index.ts');
    expect(
      stamp.inputs.some((i) => i.includes('node_modules/') && i !== 'node_modules/.package-lock.json'),
    ).toBe(false);
  });

  it('three starts at once after a source change: one builds, all three run', async () => {
    for (let round = 0; round < 3; round++) {
      touch('shared/api/index.ts');
      const runs = await Promise.all([start('help'), start('help'), start('help')]);
      for (const r of runs) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('usage: radscore <command>');
      }
      expect(builds(runs)).toBe(1);
    }
  });
});
