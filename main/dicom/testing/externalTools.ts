/**
 * Independent checkers for tests (Debian packages; CI installs them, see .ci/run): dicom3tools' `dciodvfy`,
 * `plastimatch`, dcmtk's `dsrdump`, and pydicom under `/usr/bin/python3`. A test that needs a missing
 * tool is skipped with the reason printed (`missingTools`).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const PYTHON = '/usr/bin/python3';

function onPath(name: string): boolean {
  if (name.includes('/')) {
    try {
      accessSync(name, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const pythonModulesPresent = new Map<string, boolean>();
function pythonHas(modules: string[]): boolean {
  const key = modules.join(',');
  let ok = pythonModulesPresent.get(key);
  if (ok === undefined) {
    ok = onPath(PYTHON) && spawnSync(PYTHON, ['-c', `import ${key}`], { stdio: 'ignore' }).status === 0;
    pythonModulesPresent.set(key, ok);
  }
  return ok;
}

/**
 * The reason a test cannot run ("dciodvfy not installed (Debian dicom3tools)"), printed once, or null when
 * every tool is there. `pydicom` / `nibabel` name Python modules of /usr/bin/python3 (numpy comes along).
 */
export function missingTools(tools: string[]): string | null {
  const PACKAGES: Record<string, string> = {
    dciodvfy: 'dicom3tools',
    plastimatch: 'plastimatch',
    dsrdump: 'dcmtk',
    dcmdump: 'dcmtk',
    pydicom: 'python3-pydicom python3-numpy',
    nibabel: 'python3-nibabel',
  };
  const missing = tools.filter((t) =>
    t === 'pydicom' || t === 'nibabel' ? !pythonHas([t, 'numpy']) : !onPath(t),
  );
  if (missing.length === 0) return null;
  const reason = `skipped: ${missing.join(', ')} not installed (Debian ${missing.map((m) => PACKAGES[m] ?? m).join(' ')})`;
  console.warn(reason);
  return reason;
}

export interface Validation {
  errors: string[];
  warnings: string[];
}

/** `dciodvfy FILE`: its `Error - …` and `Warning - …` lines (it prints them on stderr). */
export function dciodvfy(file: string): Validation {
  const run = spawnSync('dciodvfy', [file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  const lines = `${run.stderr}\n${run.stdout}`.split('\n');
  return {
    errors: lines.filter((l) => l.startsWith('Error')),
    warnings: lines.filter((l) => l.startsWith('Warning')),
  };
}

/** Runs a Python script (source text) with /usr/bin/python3; returns stdout, throws with stderr on failure. */
export function runPython(script: string, args: string[] = []): string {
  const run = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  if (run.status !== 0)
    throw new Error(`python failed (${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return run.stdout;
}

/** Runs a tool; returns stdout, throws with the tail of stderr when it fails. */
export function runTool(command: string, args: string[]): { stdout: string; stderr: string } {
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  if (run.status !== 0)
    throw new Error(
      `${command} failed (${run.status}): ${`${run.stderr}`.trim().split('\n').slice(-3).join(' | ')}`,
    );
  return { stdout: run.stdout, stderr: run.stderr };
}
