/**
 * The preload's bridge keeps the error kind of a failed call, as the browser host's client does: the
 * renderer tells "not found" from "bad input" from "failed" the same way in both hosts. Electron copies
 * only the message of an Error thrown across contextBridge, so the kind must travel in the reply.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RadscoreBridge } from '../../renderer/api/client';

const exposed: { bridge?: RadscoreBridge } = {};
const replies = new Map<string, unknown>();

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (_key: string, api: RadscoreBridge) => {
      exposed.bridge = api;
    },
  },
  ipcRenderer: {
    invoke: async (_ipcChannel: string, channel: string) => replies.get(channel),
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

beforeAll(async () => {
  await import('./preload');
});

describe('the Electron bridge', () => {
  it('a failed call reaches the renderer as ApiCallError with its kind', async () => {
    const { ApiCallError, electronClient } = await import('../../renderer/api/client');
    replies.set('patient.get', { error: 'patient "NOBODY" not found', kind: 'not-found' });
    const client = electronClient(exposed.bridge!);
    const err = await client.call('patient.get', { patientId: 'NOBODY' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err).toMatchObject({ kind: 'not-found', message: 'patient "NOBODY" not found' });
  });

  it('a successful call returns the checked value', async () => {
    const { electronClient } = await import('../../renderer/api/client');
    replies.set('app.info', { value: { version: '1.0.0', db: '/tmp/x.sqlite', host: 'electron' } });
    expect(await electronClient(exposed.bridge!).call('app.info', {})).toEqual({
      version: '1.0.0',
      db: '/tmp/x.sqlite',
      host: 'electron',
    });
  });
});
