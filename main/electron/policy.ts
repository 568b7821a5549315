/**
 * The Electron window's security policy as plain data and predicates, so that it is tested without an
 * Electron binary (main.ts, the only module importing electron, applies it).
 */

export const SCHEME = 'app';
export const ORIGIN = `${SCHEME}://radscore`;

/** webPreferences of the one window: isolated, sandboxed, no Node in the page or its workers. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  } as const;
}

/**
 * Our own pages: the only place navigation may go, and the only callers the API answers (not a frame or
 * page that somehow got loaded from elsewhere).
 */
export function isOurPage(url: string): boolean {
  return url.startsWith(`${ORIGIN}/`);
}

/** The app never makes a network request: only our scheme, in-page data/blob URLs and devtools. */
export function isAllowedRequest(url: string): boolean {
  return /^(app:\/\/radscore\/|data:|blob:|devtools:|chrome-extension:)/.test(url);
}
