/**
 * The real desktop app through Playwright's Electron driver. Skipped, with the reason printed, where no
 * Electron binary is installed (this machine and CI cannot download it; see ../shared/ENVIRONMENT.md §4).
 */
import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../shared/errorMessage';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataset = resolve(repo, '../shared/data/mr-series-sts001-t1');

/** The Electron executable, or why there is none. Never triggers electron's download-on-require. */
function findElectron(): { path: string } | { reason: string } {
  const pkgDir = join(repo, 'node_modules/electron');
  if (!existsSync(pkgDir)) return { reason: 'the electron package is not installed' };
  const pathFile = join(pkgDir, 'path.txt');
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(pathFile)) {
    return {
      reason:
        'no Electron binary: node_modules/electron/path.txt is missing (the binary download failed or was skipped)',
    };
  }
  const expected = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(
        process.env.ELECTRON_OVERRIDE_DIST_PATH,
        existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron',
      )
    : join(pkgDir, 'dist', readFileSync(pathFile, 'utf8'));
  if (!existsSync(expected)) return { reason: `no Electron binary at ${expected}` };
  try {
    return { path: createRequire(import.meta.url)('electron') as string };
  } catch (err) {
    return { reason: `require('electron') throws: ${errorMessage(err)}` };
  }
}

const found = findElectron();

test('desktop app: secure window, typed bridge, import through IPC', async () => {
  if ('reason' in found) {
    console.log(`[electron.spec] skipped: ${found.reason}`);
    test.skip(true, found.reason);
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'radscore-electron-'));
  const app = await electron.launch({
    executablePath: found.path,
    args: [repo, '--no-sandbox'],
    cwd: repo,
    env: { ...process.env, RADSCORE_DB: join(tmp, 'electron.sqlite') },
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByText('Radscore Studio').first()).toBeVisible();
    await expect(win.getByText(/Desktop · v/)).toBeVisible();

    // Isolation: no Node in the page, the bridge is there, new windows are refused.
    const page = await win.evaluate(() => ({
      node: typeof (globalThis as { process?: unknown }).process,
      require: typeof (globalThis as { require?: unknown }).require,
      bridge: typeof window.radscore?.invoke,
      opened: window.open('https://example.org') === null,
    }));
    expect(page).toEqual({ node: 'undefined', require: 'undefined', bridge: 'function', opened: true });

    // Bad input is refused by the shared schema; a real import goes through.
    const refused = await win.evaluate(() =>
      window.radscore!.invoke('patient.get', { patientId: 7 }).then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    expect(refused).toContain('patientId');
    await win.getByLabel('Folder or file path').fill(dataset);
    await win.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(win.getByTestId('import-status')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(win.getByRole('row', { name: /STS_001/ })).toBeVisible();
  } finally {
    await app.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});
