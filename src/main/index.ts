/**
 * The Electron composition root: one instance, one sandboxed window, core composed from the
 * real adapters (electron-store settings, keytar secrets, system DNS, the system browser), and
 * the contract served over IPC. Thin on purpose: everything testable lives in core.
 */
import { app, BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { createConsoleLogger } from './core/adapters/console-logger';
import { createKeytarSecretStore } from './core/adapters/keytar-secret-store';
import { createNodeDnsResolver } from './core/adapters/node-dns-resolver';
import { createHandlers } from './core/app/create-handlers';
import { createCoreServices } from './core/app/create-services';
import { limitHeapGrowth } from './core/app/heap-growth';
import type { CoreDeps } from './core/ports';
import { contract } from '../shared/contract';
import { createDispatcher } from '../shared/ipc/dispatcher';
import { createEventHub } from '../shared/ipc/event-hub';
import { createElectronStoreSettings } from './adapters/electron-store-settings';
import { resolveAppLocation } from './app-location';
import { createIpcBinding } from './ipc-binding';
import { registerMailFrameScheme, serveMailFrame } from './mail-frame';
import { createMainWindow, hardenAllWebContents, hardenSession } from './window';

limitHeapGrowth();
const logger = createConsoleLogger();

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
// Before ready, as Electron requires: the mail frame's scheme must be a standard origin.
registerMailFrameScheme();

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the settings and the keychain session; it gets focus instead.
  app.quit();
} else {
  start();
}

function start(): void {
  const location = resolveAppLocation(process.env['ELECTRON_RENDERER_URL'], app.isPackaged);
  hardenAllWebContents(location, logger);
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession);
      serveMailFrame(session.defaultSession, location);
      const hub = createEventHub(contract);
      const deps: CoreDeps = {
        secrets: createKeytarSecretStore('mailcrm'),
        settings: createElectronStoreSettings(),
        dns: createNodeDnsResolver(),
        clock: { now: () => Date.now() },
        logger,
        events: hub,
        browser: {
          // Core has already checked the URL; openExternal is still given a parsed http(s) href.
          async open(url) {
            await shell.openExternal(new URL(url).href);
          },
        },
        files: {
          // shell.openPath answers with an error message, or '' when the file was opened.
          async openFile(path) {
            const problem = await shell.openPath(path);
            if (problem !== '') throw new Error(problem);
          },
        },
        appVersion: app.getVersion(),
        runtime: 'electron',
        downloadsDir: app.getPath('downloads'),
        stagingDir: join(app.getPath('userData'), 'outbox-files'),
      };
      const services = createCoreServices(deps, process.env);
      // Running syncs are cut at once; no IMAP connection outlives the app.
      app.on('before-quit', () => {
        services.close().catch((error: unknown) => logger.error('sync: close failed', { error }));
      });
      const dispatcher = createDispatcher(contract, createHandlers(deps, services), {
        onUnexpectedError: (name, error) => logger.error(`ipc: ${name} failed`, { error }),
      });
      const binding = createIpcBinding({ dispatcher, hub, isAppUrl: location.isAppUrl, logger });
      app.on('will-quit', () => binding.dispose());

      const openWindow = (): void => {
        const window = createMainWindow(location, logger);
        binding.attach(window);
        mainWindow = window;
        window.on('closed', () => {
          if (mainWindow === window) mainWindow = null;
        });
      };
      openWindow();
      app.on('activate', () => {
        // macOS: clicking the dock icon with no window open reopens it.
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch((error: unknown) => {
      logger.error('mailcrm failed to start', { error });
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
