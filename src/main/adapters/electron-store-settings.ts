/**
 * SettingsStore on electron-store (config.json in the app's userData folder). electron-store is
 * conf underneath, so the browser bridge and the CLI (conf-settings-store) read the same file.
 */
import ElectronStore from 'electron-store';
import { fail } from '../../shared/errors';
import type { SettingsStore } from '../core/ports';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates the store; call after `app` is importable (electron-store reads userData). */
export function createElectronStoreSettings(): SettingsStore & { readonly path: string } {
  const store = new ElectronStore<Record<string, unknown>>({
    // Settings name the user's servers and logins: owner-only, like the bridge's.
    configFileMode: 0o600,
    // A damaged file is reported, never silently replaced by empty settings.
    clearInvalidConfig: false,
  });
  return {
    path: store.path,
    get<T>(key: string): T | undefined {
      try {
        // The port is generic by design; callers validate what they read.
        return store.get(key) as T | undefined;
      } catch (error) {
        return fail(
          'INTERNAL',
          `The settings file ${store.path} cannot be read (${describe(error)}). Fix it or move it aside; mailcrm then starts with empty settings.`,
        );
      }
    },
    set(key: string, value: unknown): void {
      try {
        store.set(key, value);
      } catch (error) {
        fail(
          'INTERNAL',
          `Settings could not be saved to ${store.path} (${describe(error)}). Check that the disk has space and the folder is writable, then try again.`,
        );
      }
    },
  };
}
