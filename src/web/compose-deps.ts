/**
 * The bridge's composition root for core: real settings (conf, the same file format as the
 * desktop app), the OS keychain, DNS and the system browser, with runtime 'web'.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createConfSettingsStore } from '../main/core/adapters/conf-settings-store';
import { createKeytarSecretStore } from '../main/core/adapters/keytar-secret-store';
import { createNodeDnsResolver } from '../main/core/adapters/node-dns-resolver';
import type { CoreDeps, Logger } from '../main/core/ports';
import type { AppContract } from '../shared/contract';
import type { EventEmitterPort } from '../shared/ipc/define';
import { version } from '../../package.json';
import type { WebArgs } from './args';
import { createBrowserOpener, createFileOpener } from './browser-opener';

/** Reads the extra CA files before start, so a wrong path stops the bridge with a clear error. */
export async function readCaFiles(files: readonly string[]): Promise<string[]> {
  return Promise.all(
    files.map(async (file) => {
      const pem = await readFile(file, 'utf8');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        throw new Error(`${file} holds no PEM certificate`);
      }
      return pem;
    }),
  );
}

/** Everything core needs, for the given options and event port. */
export function composeWebDeps(
  args: WebArgs,
  extraCaPem: readonly string[],
  events: EventEmitterPort<AppContract>,
  logger: Logger,
): CoreDeps {
  return {
    secrets: createKeytarSecretStore(args.keychainService),
    settings: createConfSettingsStore({ cwd: args.dataDir }),
    dns: createNodeDnsResolver(args.dnsServer === undefined ? undefined : [args.dnsServer]),
    clock: { now: () => Date.now() },
    logger,
    events,
    browser: createBrowserOpener(),
    files: createFileOpener(),
    ...(extraCaPem.length > 0 ? { extraCaPem } : {}),
    appVersion: version,
    runtime: 'web',
    stagingDir: join(args.dataDir, 'outbox-files'),
  };
}
