/**
 * Real core dependencies for tests: the keytar store on the test keyring (a unique service name
 * per run), a conf settings file in a fresh folder of the rig's temp dir, the rig's DNS server,
 * and a logger, an event port and a browser that record what they were given.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AccountDraft } from '../../../src/shared/account';
import type { AppContract } from '../../../src/shared/contract';
import type { EventEmitterPort, EventPayload } from '../../../src/shared/ipc/define';
import { createConfSettingsStore } from '../../../src/main/core/adapters/conf-settings-store';
import { createKeytarSecretStore } from '../../../src/main/core/adapters/keytar-secret-store';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import type { CoreDeps, Logger } from '../../../src/main/core/ports';
import type { RigInfo, RigUser } from '../../servers/rig-info';

/** keytar itself, to read the keychain behind the store's back. */
export const keytar = createRequire(import.meta.url)('keytar') as typeof import('keytar');

/** One logged line. */
export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

/** Core deps plus what tests inspect. */
export interface TestCore {
  readonly deps: CoreDeps;
  /** The keychain service name of this test's entries. */
  readonly service: string;
  readonly settingsDir: string;
  readonly settingsFile: string;
  readonly logs: LogLine[];
  readonly emitted: { name: string; payload: EventPayload<AppContract, 'accounts.changed'> }[];
  readonly opened: string[];
  /** The settings file as text (empty when it does not exist yet). */
  readSettingsText(): Promise<string>;
}

/** Builds real core deps for one test. */
export async function createTestCore(rig: RigInfo): Promise<TestCore> {
  const service = `mailcrm-test-${randomUUID()}`;
  const settingsDir = await mkdtemp(join(rig.tempDir, 'settings-'));
  const settings = createConfSettingsStore({ cwd: settingsDir });
  const logs: LogLine[] = [];
  const emitted: TestCore['emitted'] = [];
  const opened: string[] = [];
  const logger: Logger = {
    info: (message, fields) => logs.push({ level: 'info', message, ...(fields ? { fields } : {}) }),
    warn: (message, fields) => logs.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
    error: (message, fields) =>
      logs.push({ level: 'error', message, ...(fields ? { fields } : {}) }),
  };
  const events: EventEmitterPort<AppContract> = {
    emit(name, payload) {
      emitted.push({ name, payload: payload as EventPayload<AppContract, 'accounts.changed'> });
    },
  };
  const deps: CoreDeps = {
    secrets: createKeytarSecretStore(service),
    settings,
    dns: createNodeDnsResolver([rig.dnsServer]),
    clock: { now: () => Date.now() },
    logger,
    events,
    browser: {
      open: (url) => {
        opened.push(url);
        return Promise.resolve();
      },
    },
    extraCaPem: [rig.certificate.pem],
    connectTimeoutMs: 10_000,
    appVersion: '0.0.0-test',
    runtime: 'web',
  };
  return {
    deps,
    service,
    settingsDir,
    settingsFile: settings.path,
    logs,
    emitted,
    opened,
    async readSettingsText() {
      try {
        return await readFile(settings.path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
        throw error;
      }
    },
  };
}

/** A draft for a rig user: IMAP over TLS, SMTP with STARTTLS, same credentials. */
export function rigDraft(
  rig: RigInfo,
  user: RigUser,
  overrides: Partial<AccountDraft> = {},
): AccountDraft {
  return {
    name: `${user.login} on the rig`,
    provider: 'custom',
    senderName: user.login.split('@')[0] ?? 'Tester',
    email: user.email,
    login: user.login,
    auth: 'password',
    imap: { host: rig.hostname, port: rig.imap.tlsPort, security: 'tls' },
    smtp: {
      host: rig.hostname,
      port: rig.smtp.starttlsPort,
      security: 'starttls',
      noAuth: false,
      sameCredentialsAsImap: true,
    },
    folders: {},
    copySentToSentFolder: true,
    isDefaultSender: false,
    enabled: true,
    scope: 'personal',
    ...overrides,
  };
}

/** The first rig user (anna). */
export function firstUser(rig: RigInfo): RigUser {
  const user = rig.users[0];
  if (user === undefined) throw new Error('The rig has no users');
  return user;
}
