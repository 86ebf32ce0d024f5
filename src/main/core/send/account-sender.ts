/**
 * Everything the send path does for one account, without the account service, so the app and
 * the CLI send the same way: SMTP submission (all recipients or none), the one Sent copy,
 * locating a Message-ID after a crash, and drafts. Its IMAP work runs on a connection of its
 * own, apart from sync's, so a send never waits behind a long folder sync; Sent copies go over
 * a bare second one where they can (raw-sent-append.ts).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../../../shared/account';
import type {
  DraftRef,
  LocateResult,
  OutgoingMessage,
  SendReceipt,
  SentCopy,
} from '../../../shared/compose';
import { AppFailure, fail, toAppError, type AppError } from '../../../shared/errors';
import type { MessageRef } from '../../../shared/sync';
import type { MailAuth } from '../connection/imap-check';
import type { ConnectionDeps } from '../connection/tls-trust';
import type { ImapSession } from '../imap/imap-session';
import type { Logger } from '../ports';
import { createConnectionLane } from '../sync/connection-lane';
import { buildMessage } from './build-message';
import { removeDraft, saveDraft } from './drafts';
import { downloadPart } from './forwarded-part';
import { findMessageIds, locateMessage, sendFolders, type SendFolders } from './sent-folder';
import { createRawSentAppender } from './raw-sent-append';
import { createSentLookup } from './sent-lookup';
import { createSmtpSubmitter } from './smtp-submit';

/** How long Sent is watched for the server's own copy before one is appended. */
const WAIT_UNKNOWN_MS = 1500;
const WAIT_KNOWN_FILING_MS = 5000;
const POLL_MS = 250;

/** The send path of one account. Every method rejects with AppFailure. */
export interface AccountSender {
  /** Submits over SMTP; any refused recipient fails the whole message (nobody gets it). */
  send(message: OutgoingMessage): Promise<SendReceipt>;
  /** Looks for the Message-ID in Sent, then All Mail where the server has one. */
  locate(messageId: string): Promise<LocateResult>;
  /** Makes sure Sent holds exactly one copy. */
  fileSent(message: OutgoingMessage): Promise<SentCopy>;
  /** Appends the draft to Drafts, then deletes the version it replaces. */
  saveDraft(message: OutgoingMessage, replaces?: DraftRef): Promise<DraftRef>;
  removeDraft(ref: DraftRef): Promise<void>;
  /** Copies a part of one of this account's messages to `file` (a forwarded attachment). */
  spoolPart?(ref: MessageRef, partId: string, file: string): Promise<void>;
  /** Ends the IMAP and SMTP connections; later calls are refused. */
  close(): Promise<void>;
}

/** What a sender needs. */
export interface AccountSenderOptions {
  readonly account: Account & { readonly enabled: boolean };
  /** Connects and logs in (openImapSession). */
  readonly openImap: () => Promise<ImapSession>;
  /** The SMTP login (undefined: none); `refresh` asks for a new OAuth token. */
  readonly smtpAuth: (refresh?: boolean) => Promise<MailAuth | undefined>;
  readonly connection: ConnectionDeps;
  readonly attachments: {
    stagedPath(token: string): Promise<string>;
    /** Parts of another account's messages (forwarded across accounts); refused without it. */
    spoolForeignPart?(ref: MessageRef, partId: string, file: string): Promise<void>;
  };
  /** Whether this account's server files sent mail itself, as learned from earlier sends. */
  readonly sentMemory: {
    get(): boolean | undefined;
    set(serverFiles: boolean): Promise<void>;
  };
  readonly logger: Logger;
  /** Overrides how long Sent is watched for the server's copy (tests use a short one). */
  readonly sentWaitMs?: number;
  /** Where forwarded parts are copied while a message is built; default the OS temp dir. */
  readonly spoolDir?: string;
}

/** Every envelope recipient: To, Cc and Bcc, each once. */
function recipientsOf(message: OutgoingMessage): string[] {
  const all = [...message.to, ...message.cc, ...message.bcc].map((entry) => entry.address);
  return [...new Set(all.map((address) => address.toLowerCase()))].map(
    (lower) => all.find((address) => address.toLowerCase() === lower) ?? lower,
  );
}

function partKey(ref: MessageRef, partId: string): string {
  return JSON.stringify([ref.accountId, ref.folder, ref.uidValidity, ref.uid, partId]);
}

/** Creates the sender; nothing connects until the first call. */
export function createAccountSender(options: AccountSenderOptions): AccountSender {
  const { account, logger } = options;
  const lane = createConnectionLane(options.openImap, logger, `${account.id}:send`);
  const submitter = createSmtpSubmitter({
    server: account.smtp,
    auth: (refresh) => options.smtpAuth(refresh),
    connection: options.connection,
    context: {
      protocol: 'smtp',
      host: account.smtp.host,
      port: account.smtp.port,
      security: account.smtp.security,
      provider: account.provider,
    },
  });
  /** Messages submitted by this sender whose Sent copy is not settled yet: they teach. */
  const justSent = new Set<string>();
  /**
   * What send() submitted, for the Sent copy right after: without Bcc the copy is the same
   * bytes, so the message is not built twice. Taken (and dropped) by the next fileSent.
   */
  const submitted = new Map<string, Buffer>();
  let folders: SendFolders | undefined;

  async function foldersOf(session: ImapSession): Promise<SendFolders> {
    folders ??= await sendFolders(session.client, account.folders);
    return folders;
  }

  /** How the session that opened the raw connection classifies failures. */
  let classifyRaw: ((thrown: unknown) => AppError) | undefined;
  const rawAppender = createRawSentAppender(
    () =>
      lane.run((session) => {
        classifyRaw = (thrown) => session.classify(thrown);
        return session.openRawConnection();
      }),
    logger,
  );

  /** Appends one copy to Sent (\Seen): over the raw connection where it can, else imapflow's. */
  async function appendCopy(raw: Buffer): Promise<void> {
    const sent =
      folders?.sent ?? (await lane.run(async (session) => (await foldersOf(session)).sent));
    let appended: boolean;
    try {
      appended = await rawAppender.append(sent, raw);
    } catch (thrown) {
      throw new AppFailure((classifyRaw ?? toAppError)(thrown));
    }
    if (!appended) await lane.run((session) => session.client.append(sent, raw, ['\\Seen']));
  }

  function checkMessage(message: OutgoingMessage): void {
    if (!account.enabled) {
      fail('INVALID_INPUT', `The account "${account.name}" is disabled, so it cannot send.`, {
        hint: 'Enable it in the account settings, or send from another account.',
      });
    }
    if (message.accountId !== account.id) {
      fail('INVALID_INPUT', 'This message belongs to another account.');
    }
    if (message.from.address.toLowerCase() !== account.email.toLowerCase()) {
      fail(
        'INVALID_INPUT',
        `"${account.name}" sends as ${account.email}, not as ${message.from.address}.`,
        { hint: 'Choose the account that owns the From address.' },
      );
    }
  }

  async function spool(ref: MessageRef, partId: string, file: string): Promise<void> {
    if (ref.accountId === account.id) {
      await lane.run((session) => downloadPart(session.client, ref, partId, file));
      return;
    }
    const { attachments } = options;
    if (attachments.spoolForeignPart === undefined) {
      fail('INVALID_INPUT', 'An attachment forwarded from another account cannot be sent here.', {
        hint: 'Save the attachment and attach the file instead.',
      });
    }
    await attachments.spoolForeignPart(ref, partId, file);
  }

  /** Builds the MIME message, forwarded parts copied to temp files first. */
  async function build(message: OutgoingMessage, keepBcc: boolean): Promise<Buffer> {
    const forwarded = message.attachments.flatMap((entry) =>
      entry.kind === 'forwarded' ? [entry] : [],
    );
    if (forwarded.length === 0) {
      return buildMessage(
        message,
        {
          stagedPath: (token) => options.attachments.stagedPath(token),
          forwardedPart: () => Promise.reject(new Error('No forwarded parts')),
        },
        { keepBcc },
      );
    }
    const dir = await mkdtemp(join(options.spoolDir ?? tmpdir(), 'mailcrm-forward-'));
    try {
      const files = new Map<string, string>();
      for (const [index, entry] of forwarded.entries()) {
        const key = partKey(entry.ref, entry.partId);
        if (files.has(key)) continue;
        const file = join(dir, String(index));
        await spool(entry.ref, entry.partId, file);
        files.set(key, file);
      }
      return await buildMessage(
        message,
        {
          stagedPath: (token) => options.attachments.stagedPath(token),
          forwardedPart: (ref, partId) => {
            const file = files.get(partKey(ref, partId));
            if (file === undefined) return Promise.reject(new Error('Part not spooled'));
            return Promise.resolve(createReadStream(file));
          },
        },
        { keepBcc },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Whether the server's copy is in Sent; concurrent sends share one SEARCH. */
  const sentLookup = createSentLookup((messageIds) =>
    lane.run(async (session) =>
      findMessageIds(session.client, (await foldersOf(session)).sent, messageIds),
    ),
  );

  /**
   * Makes sure Sent holds one copy: the server's own when it shows up within `wait` ms, else
   * this one appended now (\Seen). Never appends when a copy is there, so a repeated call (after
   * a crash, or twice) still leaves one. The connection is not held while waiting.
   */
  async function fileSentCopy(messageId: string, raw: Buffer, wait: number): Promise<SentCopy> {
    for (let waited = 0; ; waited += POLL_MS) {
      if (await sentLookup.has(messageId)) return 'server';
      if (waited >= wait) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    await appendCopy(raw);
    return 'appended';
  }

  function waitMs(): number {
    if (options.sentWaitMs !== undefined) return options.sentWaitMs;
    switch (options.sentMemory.get()) {
      case true:
        return WAIT_KNOWN_FILING_MS;
      case false:
        return 0;
      case undefined:
        return WAIT_UNKNOWN_MS;
      default:
        return WAIT_UNKNOWN_MS;
    }
  }

  return {
    async send(message) {
      checkMessage(message);
      const to = recipientsOf(message);
      if (to.length === 0) fail('INVALID_INPUT', 'Add at least one recipient.');
      const raw = await build(message, false);
      const result = await submitter.submit({ from: account.email, to }, raw);
      justSent.add(message.messageId);
      if (message.bcc.length === 0) submitted.set(message.messageId, raw);
      logger.info('Message sent', { accountId: account.id, recipients: to.length });
      return { messageId: message.messageId, accepted: result.accepted, response: result.response };
    },

    async locate(messageId) {
      const found = await lane.run(async (session) => {
        const { sent, all } = await foldersOf(session);
        return locateMessage(session.client, all === undefined ? [sent] : [sent, all], messageId);
      });
      const serverFilesSent = options.sentMemory.get();
      return { ...found, ...(serverFilesSent !== undefined ? { serverFilesSent } : {}) };
    },

    async fileSent(message) {
      checkMessage(message);
      // The user says the server files sent mail itself: never add a second copy.
      const built = submitted.get(message.messageId);
      submitted.delete(message.messageId);
      if (!account.copySentToSentFolder) return 'server';
      const raw = built ?? (await build(message, true));
      // Taken before any network step: a retry after a failed append is not a first attempt.
      const firstAfterSend = justSent.delete(message.messageId);
      // Just submitted here, on a server known not to file sent mail: no copy can exist yet
      // (ours is appended only by this call), so the search is skipped. It halves the IMAP
      // round trips per message; every later attempt searches first.
      if (firstAfterSend && options.sentMemory.get() === false) {
        await appendCopy(raw);
        return 'appended';
      }
      const copy = await fileSentCopy(message.messageId, raw, waitMs());
      // Only a message this sender just submitted tells whether the server files by itself;
      // a copy found on a repeated call may be our own earlier append.
      if (firstAfterSend) await options.sentMemory.set(copy === 'server');
      return copy;
    },

    async saveDraft(message, replaces) {
      checkMessage(message);
      if (replaces !== undefined && replaces.accountId !== account.id) {
        fail('INVALID_INPUT', 'The draft to replace belongs to another account.');
      }
      const raw = await build(message, true);
      return lane.run(async (session) =>
        saveDraft(
          session.client,
          account.id,
          (await foldersOf(session)).drafts,
          raw,
          message.messageId,
          replaces,
        ),
      );
    },

    async removeDraft(ref) {
      if (ref.accountId !== account.id) {
        fail('INVALID_INPUT', 'This draft belongs to another account.');
      }
      await lane.run((session) => removeDraft(session.client, ref));
    },

    spoolPart: spool,

    async close() {
      await rawAppender.close();
      await Promise.allSettled([lane.close(), submitter.close()]);
    },
  };
}
