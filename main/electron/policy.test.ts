import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAllowedRequest, isOurPage, secureWebPreferences } from './policy';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../host/security';

describe('Electron window security policy', () => {
  it('isolates and sandboxes the renderer, with no Node in the page or its workers', () => {
    const prefs = secureWebPreferences('/x/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('lets navigation and API calls come only from our own pages', () => {
    expect(isOurPage('app://radscore/index.html')).toBe(true);
    for (const url of [
      'https://example.org/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'app://radscore.evil/',
      'app://other/index.html',
      '',
    ])
      expect(isOurPage(url), url).toBe(false);
  });

  it('cancels every network request: only the app scheme, data/blob URLs and devtools pass', () => {
    for (const url of [
      'app://radscore/assets/index.js',
      'data:image/png;base64,AA',
      'blob:app://radscore/1234',
    ])
      expect(isAllowedRequest(url), url).toBe(true);
    for (const url of [
      'https://example.org/',
      'http://localhost/',
      'ws://127.0.0.1:1/',
      'file:///etc/passwd',
      'app://radscore.evil/x',
    ])
      expect(isAllowedRequest(url), url).toBe(false);
  });

  it('serves pages with a CSP that forbids inline and remote scripts and remote connections', () => {
    const csp = SECURITY_HEADERS['Content-Security-Policy'] ?? CONTENT_SECURITY_POLICY;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/connect-src 'self'(;|$)/);
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).not.toMatch(/unsafe-eval/);
  });

  it('the preload exposes only the typed bridge, never ipcRenderer itself', () => {
    const preload = readFileSync(join(__dirname, 'preload.ts'), 'utf8');
    expect(preload).toMatch(/contextBridge\.exposeInMainWorld\('radscore'/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });
});
