/**
 * The one app window and the rules that keep its page contained: sandboxed, isolated renderer;
 * our CSP on every document; no navigation away, no new windows (http(s) links go to the system
 * browser instead), no permissions, no <webview>.
 */
import { app, BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/ipc/content-security-policy';
import type { Logger } from './core/ports';
import { PRELOAD_PATH, type AppLocation } from './app-location';
import { isMailFrameUrl } from './mail-frame';

/** Documents a frame may hold besides the mail frame host: its inner srcdoc frame. */
const INERT_FRAME_URLS: ReadonlySet<string> = new Set(['about:srcdoc', 'about:blank']);

/** Opens an http(s) URL in the system browser after parsing it; anything else is dropped. */
export function openInBrowser(raw: string, logger: Logger): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    logger.warn('refused to open a malformed link');
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    logger.warn('refused to open a non-web link', { protocol: url.protocol });
    return;
  }
  shell.openExternal(url.href).catch((error: unknown) => {
    logger.error('the system browser could not open a link', { error });
  });
}

/** Session-wide rules: our CSP on every document, and every permission denied. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    // The mail frame host sends its own, different policy (src/main/mail-frame.ts).
    if (
      (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') ||
      isMailFrameUrl(details.url)
    ) {
      callback({});
      return;
    }
    const headers = { ...details.responseHeaders };
    // Ours replaces any policy a server sent (the dev server sends none; files have no headers).
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    callback({
      responseHeaders: {
        ...headers,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Rules for every web contents the app ever creates (windows, frames' hosts, devtools). */
export function hardenAllWebContents(location: AppLocation, logger: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-frame-navigate', (event) => {
      const { url, isMainFrame } = event;
      // The page itself never navigates (it is a single page); subframes only to inert documents.
      const allowed = isMainFrame
        ? location.isAppUrl(url)
        : INERT_FRAME_URLS.has(url) || isMailFrameUrl(url);
      if (!allowed) {
        event.preventDefault();
        logger.warn('blocked a navigation', { mainFrame: isMainFrame });
      }
    });
    contents.on('will-redirect', (event) => {
      event.preventDefault();
      logger.warn('blocked a redirect');
    });
    contents.setWindowOpenHandler(({ url }) => {
      openInBrowser(url, logger);
      return { action: 'deny' };
    });
  });
}

/** Creates and loads the app window. */
export function createMainWindow(location: AppLocation, logger: Logger): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'mailcrm',
    webPreferences: {
      preload: PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  // will-navigate also covers the main frame in older code paths; deny anything not ours.
  window.webContents.on('will-navigate', (event) => {
    if (!location.isAppUrl(event.url)) event.preventDefault();
  });
  const loading =
    location.load.kind === 'url'
      ? window.loadURL(location.load.url)
      : window.loadFile(location.load.path);
  loading.catch((error: unknown) => logger.error('the app page failed to load', { error }));
  return window;
}
