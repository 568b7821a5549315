import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBinary } from '../../shared/api';
import type { AppServices } from '../services/handlers';
import { CONTENT_SECURITY_POLICY, resolveStaticPath } from './security';
import { startHost, type Host } from './server';

const services: AppServices = {
  dbPath: ':memory:',
  version: '0.0.0-test',
  listPatients: () => ({ total: 0, items: [] }),
  getPatient: () => null,
  getSeries: () => null,
  listRois: () => null,
  loadSeriesVolume: async (uid) =>
    uid === 'S1'
      ? {
          size: [2, 1, 1],
          spacing: [1, 1, 1],
          origin: [0, 0, 0],
          direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
          data: Float32Array.from([0.25, -7]),
        }
      : null,
  loadRoiMask: async () => null,
  importPaths: async (_paths, onProgress) => {
    onProgress({ done: 1, total: 1, current: 'a.dcm' });
    return { files: 1, patients: 0, studies: 0, series: 0, instances: 0, rois: 0, skipped: [], warnings: [] };
  },
  saveRoi: () => null,
  deleteRoi: () => false,
  setLabel: () => null,
  close: () => undefined,
};

/** A raw request (fetch would normalise the Host header and the path). */
function raw(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body = '',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolveReq, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolveReq({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser host', () => {
  let host: Host;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'radscore-host-'));
    mkdirSync(join(dir, 'renderer/assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer/index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'renderer/assets/app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    host = await startHost({ services, rendererDir: join(dir, 'renderer') });
  });
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with a random port and prints a tokenised URL', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('answers 401 without the token, for files and API alike', async () => {
    expect((await raw(host.port, '/')).status).toBe(401);
    expect((await raw(host.port, '/assets/app.js')).status).toBe(401);
    expect((await raw(host.port, '/api/app.info', {}, 'POST', '{}')).status).toBe(401);
    expect((await raw(host.port, '/?token=wrong')).status).toBe(401);
  });

  it('serves the page with the CSP and a session cookie that then authorises assets', async () => {
    const page = await raw(host.port, `/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await raw(host.port, '/assets/app.js', { cookie });
    expect([asset.status, asset.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
  });

  it('refuses path traversal, a foreign Host header and a foreign Origin', async () => {
    const auth = { 'x-radscore-token': host.token };
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/a%5c..%5c..%5csecret.txt',
    ]) {
      const res = await raw(host.port, path, auth);
      expect(res.status, path).toBe(403);
      expect(res.body.toString()).not.toContain('secret');
    }
    expect((await raw(host.port, '/', { ...auth, host: 'evil.example:80' })).status).toBe(403);
    expect(
      (await raw(host.port, '/api/app.info', { ...auth, origin: 'http://evil.example' }, 'POST', '{}'))
        .status,
    ).toBe(403);
  });

  it('runs API channels: JSON, raw-bytes volumes, and clear errors', async () => {
    const auth = { 'x-radscore-token': host.token, 'content-type': 'application/json' };
    const info = await raw(host.port, '/api/app.info', auth, 'POST', '{}');
    expect(JSON.parse(info.body.toString())).toEqual({
      version: '0.0.0-test',
      db: ':memory:',
      host: 'browser',
    });

    const volume = await raw(
      host.port,
      '/api/series.volume',
      auth,
      'POST',
      JSON.stringify({ seriesUid: 'S1' }),
    );
    expect(volume.headers['content-type']).toBe('application/octet-stream');
    const decoded = decodeBinary(new Uint8Array(volume.body).buffer);
    expect(Array.from(decoded.data)).toEqual([0.25, -7]);
    expect(decoded.meta).toMatchObject({ seriesUid: 'S1', min: -7, max: 0.25 });

    const notJson = await raw(host.port, '/api/patients.list', auth, 'POST', '{oops');
    expect([notJson.status, JSON.parse(notJson.body.toString()).error]).toEqual([
      400,
      'request body is not valid JSON',
    ]);
    const missing = await raw(
      host.port,
      '/api/series.volume',
      auth,
      'POST',
      JSON.stringify({ seriesUid: 'nope' }),
    );
    expect(missing.status).toBe(404);
    expect((await raw(host.port, '/api/app.info', auth, 'GET')).status).toBe(405);
    expect((await raw(host.port, '/api/no.such', auth, 'POST', '{}')).status).toBe(404);
  });

  it('pushes import progress over Server-Sent Events', async () => {
    const frames: string[] = [];
    const done = new Promise<void>((resolveEvents, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: `/api/events?token=${host.token}`,
          headers: { host: `127.0.0.1:${host.port}` },
        },
        (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream');
          res.on('data', (c: Buffer) => {
            frames.push(
              ...c
                .toString()
                .split('\n\n')
                .filter((f) => f.startsWith('data: ')),
            );
            if (frames.some((f) => f.includes('"state":"done"'))) {
              req.destroy();
              resolveEvents();
            }
          });
        },
      );
      req.on('error', (e) => (frames.length ? undefined : reject(e)));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    await raw(
      host.port,
      '/api/import.start',
      { 'x-radscore-token': host.token },
      'POST',
      JSON.stringify({ paths: ['/x'] }),
    );
    await done;
    const last = JSON.parse(frames[frames.length - 1].slice('data: '.length));
    expect(last).toMatchObject({ event: 'import.progress', payload: { state: 'done', done: 1, total: 1 } });
  });
});

describe('resolveStaticPath', () => {
  it('keeps paths inside the root', () => {
    expect(resolveStaticPath('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveStaticPath('/srv/r', '/assets/a%20b.js')).toBe('/srv/r/assets/a b.js');
    expect(resolveStaticPath('/srv/r', '/./assets//x.js')).toBe('/srv/r/assets/x.js');
    for (const bad of ['/../x', '/a/../../x', '/%2e%2e/x', '/..%2fx', '/a\\..\\x', '/a%00.js', '/%E0%A4%A']) {
      expect(resolveStaticPath('/srv/r', bad), bad).toBeNull();
    }
  });
});
