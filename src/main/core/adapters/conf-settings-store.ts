/**
 * Non-secret settings in one JSON file through `conf`, the library electron-store is built on:
 * the Electron app (electron-store in userData), the browser bridge and the CLI read and write
 * the same `config.json`. conf re-reads the file on every access and writes it atomically
 * (temp file + rename), so another process's change is seen and a crash never leaves half a file.
 */
import { join } from 'node:path';
import Conf from 'conf';
import { fail } from '../../../shared/errors';
import type { SettingsStore } from '../ports';

/** Where the settings file lives. */
export interface ConfSettingsStoreOptions {
  /** The folder holding the file: Electron's userData folder in the app. */
  readonly cwd: string;
  /** The file name without `.json`; electron-store's default is 'config'. */
  readonly configName?: string;
}

/** A SettingsStore backed by `<cwd>/<configName>.json`, schema-free, in electron-store's format. */
export function createConfSettingsStore(options: ConfSettingsStoreOptions): SettingsStore & {
  /** The settings file's path, for messages and tests. */
  readonly path: string;
} {
  function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }

  function unreadable(path: string, error: unknown): string {
    return `The settings file ${path} cannot be read (${describe(error)}). Fix it or move it aside; mailcrm then starts with empty settings.`;
  }

  const configName = options.configName ?? 'config';
  let conf: Conf<Record<string, unknown>>;
  try {
    conf = new Conf<Record<string, unknown>>({
      cwd: options.cwd,
      configName,
      // Settings are not secret, but they name the user's servers and logins: owner-only.
      configFileMode: 0o600,
      // A damaged file must be reported, not silently replaced by an empty one (conf's default too).
      clearInvalidConfig: false,
    });
  } catch (error) {
    // conf reads the file in its constructor, so a damaged file already shows here.
    return fail('INTERNAL', unreadable(join(options.cwd, `${configName}.json`), error));
  }

  return {
    path: conf.path,
    get<T>(key: string): T | undefined {
      let value: unknown;
      try {
        value = conf.get(key);
      } catch (error) {
        fail('INTERNAL', unreadable(conf.path, error));
      }
      // The port is generic by design; callers validate what they read (e.g. with zod).
      return value as T | undefined;
    },
    set(key: string, value: unknown): void {
      try {
        conf.set(key, value);
      } catch (error) {
        fail(
          'INTERNAL',
          `Settings could not be saved to ${conf.path} (${describe(error)}). Check that the disk has space and the folder is writable, then try again.`,
        );
      }
    },
  };
}
