/**
 * Opens URLs in the user's browser from the bridge process (there is no Electron shell here):
 * the platform's opener is started directly, never through a shell, so no character of the URL
 * can become a command.
 */
import { spawn } from 'node:child_process';
import { AppFailure, appError, fail, type AppError } from '../shared/errors';
import type { ExternalOpener, FileOpener } from '../main/core/ports';

/**
 * The program that opens a URL: the user's $BROWSER (the freedesktop convention xdg-open
 * follows too: the first of its colon-separated commands), else the platform's opener.
 */
function opener(
  platform: NodeJS.Platform,
  browserEnv: string | undefined,
): { readonly command: string; readonly args: string[] } {
  const chosen = browserEnv?.split(':')[0]?.trim();
  if (chosen !== undefined && chosen.length > 0) return { command: chosen, args: [] };
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'explorer.exe', args: [] };
  // Linux and the BSDs: the freedesktop opener.
  return { command: 'xdg-open', args: [] };
}

/** Creates the opener; only http(s) URLs are opened. */
export function createBrowserOpener(
  platform: NodeJS.Platform = process.platform,
  browserEnv: string | undefined = process.env.BROWSER,
): ExternalOpener {
  return {
    open(url) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return Promise.reject(
          new AppFailure(appError('INVALID_INPUT', 'This link is not a valid URL.')),
        );
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        fail('INVALID_INPUT', `Only web links can be opened, not ${parsed.protocol} links.`);
      }
      const { command, args } = opener(platform, browserEnv);
      return launch(command, [...args, parsed.href], () =>
        appError('INTERNAL', `The browser could not be started (${command}).`, {
          hint: `Open this link yourself: ${parsed.href}`,
        }),
      );
    },
  };
}

/**
 * Starts `command` detached (it outlives the bridge), never through a shell, so no character of
 * the argument can become a command. Resolves once it started.
 */
function launch(command: string, args: readonly string[], failure: () => AppError): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', shell: false });
    child.once('error', (error) => {
      const base = failure();
      reject(new AppFailure({ ...base, message: `${base.message} ${error.message}` }));
    });
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

/**
 * Opens files with the desktop's program for their type: MAILCRM_FILE_OPENER when set (a
 * program taking the path), else the platform's opener.
 */
export function createFileOpener(
  platform: NodeJS.Platform = process.platform,
  openerEnv: string | undefined = process.env.MAILCRM_FILE_OPENER,
): FileOpener {
  return {
    openFile(path) {
      const chosen = openerEnv?.trim();
      const { command, args } =
        chosen !== undefined && chosen.length > 0
          ? { command: chosen, args: [] }
          : opener(platform, undefined);
      return launch(command, [...args, path], () =>
        appError('INTERNAL', `The file could not be opened (${command}).`, {
          hint: `It was saved as ${path}; open it from there.`,
        }),
      );
    },
  };
}
