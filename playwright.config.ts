import { defineConfig } from '@playwright/test';

const chromium = process.env.RADSCORE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * `npm test` / `npx playwright test`: every spec but e2e/perf.spec.ts, which measures frame times for
 * `npm run bench:ui` (playwright.perf.config.ts) and asserts none: a test never depends on the machine's speed.
 */
export default defineConfig({
  testDir: 'e2e',
  testIgnore: ['**/perf.spec.ts'],
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--enable-unsafe-swiftshader',
      ],
    },
  },
});
