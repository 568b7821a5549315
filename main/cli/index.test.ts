/**
 * The command line loads only the command that runs (issue 19 item 10): `radscore help` evaluates no command
 * module, `radscore patients` only its own. Behaviour, not time: each command module records when it is loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from './index';
import { commands } from './registry';

const loaded = vi.hoisted(() => [] as string[]);
vi.mock('./commands/demo', async (original) => (loaded.push('demo'), original()));
vi.mock('./commands/import', async (original) => (loaded.push('import'), original()));
vi.mock('./commands/labels', async (original) => (loaded.push('labels'), original()));
vi.mock('./commands/clinical', async (original) => (loaded.push('clinical'), original()));
vi.mock('./commands/patients', async (original) => (loaded.push('patients'), original()));
vi.mock('./commands/extract', async (original) => (loaded.push('extract'), original()));
vi.mock('./commands/export-features', async (original) => (loaded.push('export-features'), original()));
vi.mock('./commands/export-roi', async (original) => (loaded.push('export-roi'), original()));
vi.mock('./commands/features', async (original) => (loaded.push('features'), original()));
vi.mock('./commands/fit', async (original) => (loaded.push('fit'), original()));
vi.mock('./commands/models', async (original) => (loaded.push('models'), original()));
vi.mock('./commands/model', async (original) => (loaded.push('model'), original()));
vi.mock('./commands/predict', async (original) => (loaded.push('predict'), original()));
vi.mock('./commands/report', async (original) => (loaded.push('report'), original()));
vi.mock('./commands/fit-table', async (original) => (loaded.push('fit-table'), original()));

const dir = mkdtempSync(join(tmpdir(), 'radscore-cli-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

// In this order: `loaded` accumulates from the moment index.ts was imported.
describe('radscore loads a command only when it runs', () => {
  it('help lists every command without loading any', async () => {
    const r = await run('help');
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.stdout).toContain(c.usage);
    expect(loaded).toEqual([]);
  });

  it('<command> --help prints its usage without loading it', async () => {
    const r = await run('extract', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('extract [--profile P]');
    expect(loaded).toEqual([]);
  });

  it('patients loads the patients command and no other', async () => {
    const r = await run('patients', '--db', join(dir, 'new.sqlite'), '--create', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(loaded).toEqual(['patients']);
  });

  it('every registered command loads to something that runs', async () => {
    for (const c of commands) expect(typeof (await c.load()).run, c.name).toBe('function');
  });
});
