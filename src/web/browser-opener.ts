/**
 * Opens URLs in the user's browser from the bridge process (there is no Electron shell here):
 * the platform's opener is started directly, never through a shell, so no character of the URL
 * can become a command.
 */
import { spawn } from 'node:child_process';
import { AppFailure, appError, fail } from '../shared/errors';
import type { ExternalOpener } from '../main/core/ports';

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
      return new Promise<void>((resolve, reject) => {
        const child = spawn(command, [...args, parsed.href], {
          detached: true,
          stdio: 'ignore',
          shell: false,
        });
        child.once('error', (error) => {
          reject(
            new AppFailure(
              appError(
                'INTERNAL',
                `The browser could not be started (${command}: ${error.message}).`,
                {
                  hint: `Open this link yourself: ${parsed.href}`,
                },
              ),
            ),
          );
        });
        child.once('spawn', () => {
          // The browser outlives us; do not keep the bridge waiting for it.
          child.unref();
          resolve();
        });
      });
    },
  };
}
