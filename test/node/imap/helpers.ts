/**
 * Helpers for the sync engine tests: accounts and sessions on the rig, generated mail, a cache
 * that applies batches the way the renderer does, an in-process body parser, and doveadm.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Account } from '../../../src/shared/account';
import type {
  FolderCheckpoint,
  MessageBody,
  MessageRecord,
  SyncBatch,
  SyncSettings,
} from '../../../src/shared/sync';
import { syncSettingsSchema } from '../../../src/shared/sync';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import type { SourceParser } from '../../../src/main/core/imap/fetch-bodies';
import { syncFolder, type FolderSyncDeps } from '../../../src/main/core/imap/folder-sync';
import { openImapSession, type ImapSession } from '../../../src/main/core/imap/imap-session';
import type { Logger } from '../../../src/main/core/ports';
import type { RigInfo, RigUser } from '../../servers/rig-info';
import { rigDraft } from '../connection/helpers';

const run = promisify(execFile);

/** A logger that keeps quiet (tests look at results, not logs). */
export const quietLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A logger that keeps its warnings, to show that nothing fell back. */
export function warningLogger(): Logger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  return { ...quietLogger, warn: (message) => void warnings.push(message), warnings };
}

/** Settings with every default, overridden where given. */
export function settings(overrides: Partial<SyncSettings> = {}): SyncSettings {
  return { ...syncSettingsSchema.parse({}), ...overrides };
}

/** A stored account for a rig user over implicit TLS with the rig's certificate pinned. */
export function rigAccount(
  rig: RigInfo,
  user: RigUser,
  overrides: Partial<Account & { enabled: boolean }> = {},
): Account & { enabled: boolean } {
  return {
    ...rigDraft(rig, user),
    id: `test-${user.login}`,
    createdAt: new Date(0).toISOString(),
    awaitingPassword: false,
    ...overrides,
  };
}

/** Opens the product's session for a rig user (QRESYNC enabled). */
export function rigSession(rig: RigInfo, user: RigUser): Promise<ImapSession> {
  return openImapSession(rigAccount(rig, user), {
    dns: createNodeDnsResolver([rig.dnsServer]),
    timeoutMs: 10_000,
    logger: quietLogger,
    readCredentials: () => Promise.resolve({ password: user.password }),
  });
}

/**
 * A plain imapflow client for setting mailboxes up (APPEND, STORE, EXPUNGE) or for syncing as
 * a server without QRESYNC / CONDSTORE would (`extensions`).
 */
export async function rigClient(
  rig: RigInfo,
  user: RigUser,
  extensions: 'all' | 'condstore' | 'none' = 'all',
): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: rig.imap.tlsPort,
    secure: true,
    servername: rig.hostname,
    tls: { ca: [rig.certificate.pem], servername: rig.hostname },
    auth: { user: user.login, pass: user.password },
    logger: false,
    disableAutoIdle: true,
    qresync: extensions === 'all',
    disableAutoEnable: extensions === 'none',
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** One generated message. */
export interface TestMail {
  readonly subject: string;
  readonly from?: string;
  readonly to?: string;
  readonly date?: Date;
  /** undefined: generated; null: no Message-ID header at all. */
  readonly messageId?: string | null;
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An RFC 5322 message with CRLF line ends. */
export function rawMail(mail: TestMail, index = 0): string {
  const lines = [
    `From: ${mail.from ?? `Sender ${index} <sender${index}@example.test>`}`,
    `To: ${mail.to ?? 'Reader <reader@example.test>'}`,
    `Subject: ${mail.subject}`,
    `Date: ${(mail.date ?? new Date()).toUTCString()}`,
    ...(mail.messageId === null
      ? []
      : [
          `Message-ID: ${mail.messageId ?? `<m${index}.${Math.random().toString(36).slice(2)}@example.test>`}`,
        ]),
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    mail.text ?? `Body of message ${index}.`,
    '',
  ];
  return lines.join('\r\n');
}

/** APPENDs messages in order; returns their UIDs (UIDPLUS, RFC 4315). */
export async function appendAll(
  client: ImapFlow,
  folder: string,
  raws: readonly (string | Buffer)[],
  flags: string[] = [],
): Promise<number[]> {
  const uids: number[] = [];
  for (const raw of raws) {
    const result = await client.append(folder, raw, flags);
    if (result === false || result.uid === undefined) throw new Error('APPEND gave no UID');
    uids.push(result.uid);
  }
  return uids;
}

/** Subjects by UID as the server reports them in ENVELOPE. */
export async function serverSubjects(
  client: ImapFlow,
  folder: string,
): Promise<Map<number, string>> {
  const lock = await client.getMailboxLock(folder);
  try {
    const found = new Map<number, string>();
    const messages = await client.fetchAll('1:*', { uid: true, envelope: true }, { uid: true });
    for (const message of messages)
      found.set(message.uid, (message.envelope?.subject ?? '').trim());
    return found;
  } finally {
    lock.release();
  }
}

/**
 * The renderer's cache in miniature: records keyed by folder, UIDVALIDITY and UID, and each
 * folder's checkpoint, changed by batches exactly as the Dexie writer does.
 */
export interface TestCache {
  readonly records: Map<string, MessageRecord>;
  readonly checkpoints: Map<string, FolderCheckpoint>;
  readonly batches: SyncBatch[];
  apply(batch: SyncBatch): Promise<void>;
  /** The cached records of a folder, by UID. */
  folder(folder: string): Map<number, MessageRecord>;
}

/** Creates an empty cache. */
export function createTestCache(): TestCache {
  const records = new Map<string, MessageRecord>();
  const checkpoints = new Map<string, FolderCheckpoint>();
  const batches: SyncBatch[] = [];
  const key = (folder: string, uidValidity: number, uid: number): string =>
    `${folder}\u0000${uidValidity}\u0000${uid}`;
  const inFolder = (folder: string): [string, MessageRecord][] =>
    [...records].filter(([, record]) => record.folder === folder);
  return {
    records,
    checkpoints,
    batches,
    apply(batch) {
      batches.push(batch);
      const validity = batch.checkpoint.uidValidity;
      switch (batch.kind) {
        case 'reset':
          for (const [k] of inFolder(batch.folder)) records.delete(k);
          break;
        case 'messages':
          for (const record of batch.records)
            records.set(key(record.folder, record.uidValidity, record.uid), record);
          break;
        case 'vanished':
          for (const uid of batch.uids) records.delete(key(batch.folder, validity, uid));
          break;
        case 'present': {
          const keep = new Set(batch.uids);
          for (const [k, record] of inFolder(batch.folder)) {
            if (record.uid >= batch.fromUid && record.uid <= batch.toUid && !keep.has(record.uid))
              records.delete(k);
          }
          break;
        }
        case 'flags':
          for (const change of batch.changes) {
            const k = key(batch.folder, validity, change.uid);
            const record = records.get(k);
            if (record !== undefined) records.set(k, { ...record, flags: change.flags });
          }
          break;
        default: {
          const unreachable: never = batch;
          throw new Error(`unknown batch ${JSON.stringify(unreachable)}`);
        }
      }
      checkpoints.set(batch.folder, batch.checkpoint);
      return Promise.resolve();
    },
    folder(folder) {
      return new Map(inFolder(folder).map(([, record]) => [record.uid, record]));
    },
  };
}

/** mailparser in this process, behind the parser interface (the product uses the worker pool). */
export const inProcessParser: SourceParser = {
  async parse(source: Buffer): Promise<MessageBody> {
    const parsed = await simpleParser(source, {
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      skipHtmlToText: true,
    });
    return {
      ...(parsed.text !== undefined ? { text: parsed.text } : {}),
      ...(parsed.html !== false ? { html: parsed.html } : {}),
      attachments: parsed.attachments.map((attachment, index) => ({
        partId: String(index + 2),
        filename: attachment.filename ?? `attachment-${index + 2}`,
        contentType: attachment.contentType,
        size: attachment.size,
        inline: attachment.related,
      })),
    };
  },
};

/**
 * An initial sync of one folder into `cache` as account 'a': quietly, parsing in this process,
 * unless `deps` says otherwise.
 */
export function syncInto(
  session: ImapSession,
  folder: string,
  cache: TestCache,
  options: { settings?: SyncSettings; batchSize?: number; deps?: Partial<FolderSyncDeps> } = {},
) {
  return syncFolder(
    session.client,
    {
      accountId: 'a',
      folder,
      checkpoint: null,
      settings: options.settings ?? settings(),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    },
    (batch) => cache.apply(batch),
    {
      parser: inProcessParser,
      clock: { now: () => Date.now() },
      logger: quietLogger,
      ...options.deps,
    },
  );
}

/** The rig's dovecot.conf (test/servers/dovecot.ts writes it into <tempDir>/dovecot). */
export function dovecotConfig(rig: RigInfo): string {
  return join(rig.tempDir, 'dovecot', 'dovecot.conf');
}

/** Runs doveadm against the rig's Dovecot. */
export async function doveadm(rig: RigInfo, args: readonly string[]): Promise<string> {
  const { stdout } = await run('doveadm', ['-c', dovecotConfig(rig), ...args]);
  return stdout;
}

/** Every regular file under `dir`, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * APPENDs every non-empty file under `dir` (the shared corpora) to a new `folder`; returns the
 * UIDs. Dovecot refuses some inputs outright (e.g. NUL bytes): those never reach a sync.
 */
export async function appendCorpora(
  admin: ImapFlow,
  dir: string,
  folder: string,
): Promise<number[]> {
  await admin.mailboxCreate(folder);
  const appended: number[] = [];
  for (const file of await filesUnder(dir)) {
    const content = await readFile(file);
    if (content.length === 0) continue;
    const result = await admin.append(folder, content).catch(() => false as const);
    if (result !== false && result.uid !== undefined) appended.push(result.uid);
  }
  return appended;
}
