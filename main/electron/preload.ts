/**
 * The preload (sandboxed, CommonJS): exposes `window.radscore` (renderer/api/client.ts, RadscoreBridge) and
 * nothing else. It forwards calls to main, where handlers.ts validates them against shared/api/, and hands
 * back main's reply as it is — the value, or the error with its kind — for the client to turn into its
 * ApiCallError as the browser host's client does.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiReply } from '../../shared/api';

/**
 * The page's answer to "may the window close?" (it asks about unsaved contours first). Without one, or if it
 * fails, the answer is yes: the window must stay closable.
 */
let mayClose: (() => Promise<boolean>) | null = null;
ipcRenderer.on('radscore:may-close', () => {
  const ask = mayClose;
  const answer = ask ? Promise.resolve().then(() => ask()) : Promise.resolve(true);
  void answer.catch(() => true).then((ok) => ipcRenderer.send('radscore:close-answer', ok === true));
});

contextBridge.exposeInMainWorld('radscore', {
  async invoke(channel: string, input: unknown): Promise<ApiReply> {
    if (typeof channel !== 'string') return { error: 'channel must be a string', kind: 'bad-input' };
    return (await ipcRenderer.invoke('radscore:invoke', channel, input)) as ApiReply;
  },
  onEvent(listener: (event: unknown) => void): () => void {
    const forward = (_e: IpcRendererEvent, event: unknown) => listener(event);
    ipcRenderer.on('radscore:event', forward);
    return () => ipcRenderer.removeListener('radscore:event', forward);
  },
  pickFolders(): Promise<string[]> {
    return ipcRenderer.invoke('radscore:pick-folders') as Promise<string[]>;
  },
  pickSettingsFile(): Promise<string | null> {
    return ipcRenderer.invoke('radscore:pick-settings-file') as Promise<string | null>;
  },
  onCloseRequest(handler: () => Promise<boolean>): () => void {
    mayClose = handler;
    return () => {
      if (mayClose === handler) mayClose = null;
    };
  },
});
