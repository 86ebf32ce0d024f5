/**
 * Where the app's own page comes from: the electron-vite dev server in development, the built
 * out/renderer/index.html otherwise. Everything that trusts "our page" (IPC sender checks, the
 * CSP, navigation rules) asks this module, so the two cases cannot drift apart.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The folder of the built main bundle (out/main). */
const MAIN_DIR = fileURLToPath(new URL('.', import.meta.url));

/** The sandboxed preload, built as CommonJS. */
export const PRELOAD_PATH = join(MAIN_DIR, '../preload/index.cjs');

/** The page to load, and the test for "this URL is our page". */
export interface AppLocation {
  /** A file path (built) or an http URL (dev server). */
  readonly load:
    | { readonly kind: 'file'; readonly path: string }
    | { readonly kind: 'url'; readonly url: string };
  /** True when `url` is our page (any hash or query), in the main frame's sense of "ours". */
  readonly isAppUrl: (url: string) => boolean;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    // Not a URL at all: certainly not our page.
    return null;
  }
}

/**
 * Decides the location. `devServerUrl` is electron-vite's ELECTRON_RENDERER_URL and is honoured
 * only in an unpackaged app, and only on loopback, so an environment variable cannot point a
 * packaged app at a remote page.
 */
export function resolveAppLocation(
  devServerUrl: string | undefined,
  packaged: boolean,
): AppLocation {
  const dev = !packaged && devServerUrl !== undefined ? parse(devServerUrl) : null;
  if (dev !== null && ['localhost', '127.0.0.1', '[::1]'].includes(dev.hostname)) {
    const origin = dev.origin;
    return {
      load: { kind: 'url', url: dev.href },
      isAppUrl: (url) => parse(url)?.origin === origin,
    };
  }
  const path = join(MAIN_DIR, '../renderer/index.html');
  const expected = pathToFileURL(path).pathname;
  return {
    load: { kind: 'file', path },
    isAppUrl: (url) => {
      const parsed = parse(url);
      return (
        parsed !== null &&
        parsed.protocol === 'file:' &&
        parsed.host === '' &&
        parsed.pathname === expected
      );
    },
  };
}
