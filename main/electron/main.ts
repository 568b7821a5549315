/**
 * The Electron shell (DESIGN §2): the only module besides the preload that imports `electron`.
 * One window on the built renderer, served from the privileged `app://radscore/` scheme with the same CSP
 * as the browser host. Every IPC call goes through main/services/handlers.ts, which validates the input
 * against shared/api/. Navigation, new windows, webviews, permissions and network requests are refused.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  session,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDatabasePath } from '../cli/context';
import type { ApiEvent } from '../../shared/api';
import { ApiError, createHandlers, openAppServices, type Handlers } from '../services/handlers';
import { mimeType, resolveStaticPath, SECURITY_HEADERS } from '../host/security';
import { CloseGuard } from './closeGuard';
import { isAllowedRequest, isOurPage, ORIGIN, SCHEME, secureWebPreferences } from './policy';
import { errorMessage } from '../../shared/errorMessage';

const here = dirname(fileURLToPath(import.meta.url)); // out/main
const rendererDir = join(here, '../renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** Only our own pages may call the API (not a frame or page that somehow got loaded from elsewhere). */
function fromOurPage(event: IpcMainInvokeEvent | IpcMainEvent): boolean {
  return isOurPage(event.senderFrame?.url ?? '');
}

function serveRenderer(): void {
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'radscore' ? resolveStaticPath(rendererDir, url.pathname) : null;
    if (!file) return new Response('path refused', { status: 403 });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { ...SECURITY_HEADERS, 'Content-Type': mimeType(file) } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOurPage(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function registerIpc(handlers: Handlers): void {
  ipcMain.handle('radscore:invoke', async (event, channel: unknown, input: unknown) => {
    if (!fromOurPage(event)) return { error: 'caller is not the Radscore Studio window', kind: 'bad-input' };
    try {
      return { value: await handlers.invoke(String(channel), input) };
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('failed', errorMessage(err));
      return { error: e.message, kind: e.kind };
    }
  });
  ipcMain.handle('radscore:pick-folders', async (event) => {
    if (!fromOurPage(event)) return [];
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = {
      title: 'Import DICOM folders',
      properties: ['openDirectory', 'multiSelections'] as ('openDirectory' | 'multiSelections')[],
    };
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  });
  ipcMain.handle('radscore:pick-settings-file', async (event) => {
    if (!fromOurPage(event)) return null;
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = {
      title: 'Extraction settings file',
      properties: ['openFile'] as 'openFile'[],
      filters: [
        { name: 'Settings (JSON, YAML)', extensions: ['json', 'yaml', 'yml'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
}

/**
 * Nothing unsaved is dropped by closing or reloading the window: a close asks the page first (closeGuard.ts;
 * the page asks the user Save / Discard / Cancel about unsaved contours and answers through the preload),
 * and a reload the page's beforeunload held back is confirmed here.
 */
function guardClose(window: BrowserWindow): void {
  const guard = new CloseGuard();
  const contents = window.webContents;
  window.on('close', (event) => {
    const step = guard.onClose(!contents.isCrashed());
    if (step === 'close') return;
    event.preventDefault();
    if (step === 'ask') contents.send('radscore:may-close');
  });
  const onAnswer = (event: IpcMainEvent, mayClose: unknown) => {
    if (event.sender !== contents || !fromOurPage(event)) return;
    if (guard.onAnswer(mayClose === true)) window.close();
  };
  ipcMain.on('radscore:close-answer', onAnswer);
  window.once('closed', () => ipcMain.removeListener('radscore:close-answer', onAnswer));
  contents.on('render-process-gone', () => guard.onPageGone());
  contents.on('did-start-loading', () => guard.onPageGone());
  contents.on('will-prevent-unload', (event) => {
    const leave = dialog.showMessageBoxSync(window, {
      type: 'question',
      title: 'Unsaved contour',
      message: 'A contour has changes that are not saved. Reload and lose them?',
      buttons: ['Cancel', 'Reload'],
      defaultId: 0,
      cancelId: 0,
    });
    // (preventDefault here overrides the page's beforeunload: the reload goes on)
    if (leave === 1) event.preventDefault();
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 920,
    minWidth: 1000,
    minHeight: 640,
    title: 'Radscore Studio',
    backgroundColor: '#eef1f5',
    show: false,
    webPreferences: secureWebPreferences(join(here, 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  guardClose(window);
  void window.loadURL(`${ORIGIN}/index.html`);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  serveRenderer();

  const services = await openAppServices(defaultDatabasePath());
  const emit = (event: ApiEvent) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send('radscore:event', event);
  };
  const handlers = createHandlers(services, { host: 'electron', emit });
  registerIpc(handlers);
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => services.close());
}

if (!app.requestSingleInstanceLock()) app.quit();
else
  start().catch((err: unknown) => {
    dialog.showErrorBox('Radscore Studio could not start', errorMessage(err));
    app.exit(1);
  });
