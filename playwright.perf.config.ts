import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * `npm run bench:ui`: only e2e/perf.spec.ts, which measures the viewer's frame times and writes
 * test-results/perf.json for the bench's `ui` section. Not part of `npm test`.
 */
export default defineConfig({
  ...base,
  testIgnore: [],
  testMatch: '**/perf.spec.ts',
});
