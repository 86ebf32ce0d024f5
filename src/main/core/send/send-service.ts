/**
 * The send use cases behind the contract (outbox.*, drafts.*, attachments.*): one AccountSender
 * per account, built on first use and rebuilt when the account's connection or send settings
 * change, plus the staging area of attached files. close() ends every connection.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AccountView } from '../../../shared/account';
import type {
  DraftRef,
  LocateResult,
  OutgoingMessage,
  SendReceipt,
  SentCopy,
} from '../../../shared/compose';
import { appError, AppFailure } from '../../../shared/errors';
import type { AccountService } from '../accounts/account-service';
import { openImapSession } from '../imap/imap-session';
import type { AccessTokenSource } from '../oauth/token-manager';
import type { CoreDeps } from '../ports';
import { loadSyncAccount } from '../sync/sync-account';
import { createAccountSender, type AccountSender } from './account-sender';
import type { AttachmentStaging } from './attachment-staging';
import { smtpAuthFor } from './smtp-auth';

/** The send use cases. Every method rejects with AppFailure. */
export interface SendService {
  send(message: OutgoingMessage): Promise<SendReceipt>;
  locate(accountId: string, messageId: string): Promise<LocateResult>;
  fileSent(message: OutgoingMessage): Promise<SentCopy>;
  saveDraft(message: OutgoingMessage, replaces?: DraftRef): Promise<DraftRef>;
  removeDraft(ref: DraftRef): Promise<void>;
  /** Files being attached, staged in main. */
  readonly staging: AttachmentStaging;
  /** Ends every connection; later calls are refused. */
  close(): Promise<void>;
}

/** Choices for the service. */
export interface SendServiceOptions {
  /** Access tokens for OAuth accounts (XOAUTH2). */
  readonly oauth?: AccessTokenSource;
  readonly staging: AttachmentStaging;
  /** Overrides how long Sent is watched for the server's own copy (tests). */
  readonly sentWaitMs?: number;
}

/** The staging folder of attached files: the composition root's, else one in the home folder. */
export function stagingDirOf(deps: Pick<CoreDeps, 'stagingDir'>): string {
  return deps.stagingDir ?? join(homedir(), '.mailcrm', 'outbox-files');
}

/** The settings key remembering whether an account's server files sent mail itself. */
export function serverFilesSentKey(accountId: string): string {
  return `send.serverFilesSent.${accountId}`;
}

/** What a sender depends on: a change means a new sender (new connections, new folders). */
function senderFingerprint(view: AccountView, connection: string): string {
  return JSON.stringify([
    connection,
    view.email,
    view.name,
    view.enabled,
    view.folders,
    view.copySentToSentFolder,
  ]);
}

/** Creates the service. Nothing connects until the first call. */
export function createSendService(
  deps: CoreDeps,
  accounts: AccountService,
  options: SendServiceOptions,
): SendService {
  const senders = new Map<string, { fingerprint: string; sender: AccountSender }>();
  let closed = false;

  const sources = {
    readCredentials: (accountId: string) => accounts.readCredentials(accountId),
    ...(options.oauth !== undefined ? { oauth: options.oauth } : {}),
  };
  const connection = {
    dns: deps.dns,
    ...(deps.extraCaPem !== undefined ? { extraCaPem: deps.extraCaPem } : {}),
    ...(deps.connectTimeoutMs !== undefined ? { timeoutMs: deps.connectTimeoutMs } : {}),
    logger: deps.logger,
  };

  async function senderOf(accountId: string): Promise<AccountSender> {
    if (closed) {
      throw new AppFailure(
        appError('CONNECTION_RESET', 'The app is shutting down; try again after restarting it.'),
      );
    }
    const loaded = await loadSyncAccount(accounts, accountId);
    const fingerprint = senderFingerprint(loaded.view, loaded.fingerprint);
    const existing = senders.get(accountId);
    if (existing !== undefined && existing.fingerprint === fingerprint) return existing.sender;
    senders.delete(accountId);
    if (existing !== undefined) await existing.sender.close();
    const key = serverFilesSentKey(accountId);
    const sender = createAccountSender({
      account: loaded.view,
      // Each (re)connection reads the account again: a new password applies at once.
      openImap: async () =>
        openImapSession((await loadSyncAccount(accounts, accountId)).view, {
          ...connection,
          ...sources,
        }),
      smtpAuth: async (refresh = false) =>
        smtpAuthFor((await loadSyncAccount(accounts, accountId)).view, sources, refresh),
      connection,
      attachments: {
        stagedPath: (token) => options.staging.stagedPath(token),
        spoolForeignPart: async (ref, partId, file) => {
          const owner = await senderOf(ref.accountId);
          if (owner.spoolPart === undefined) throw new Error('The sender cannot copy parts');
          await owner.spoolPart(ref, partId, file);
        },
      },
      sentMemory: {
        get: () => deps.settings.get<boolean>(key),
        set: (serverFiles) => {
          deps.settings.set(key, serverFiles);
          return Promise.resolve();
        },
      },
      logger: deps.logger,
      ...(options.sentWaitMs !== undefined ? { sentWaitMs: options.sentWaitMs } : {}),
    });
    senders.set(accountId, { fingerprint, sender });
    return sender;
  }

  return {
    staging: options.staging,
    async send(message) {
      return (await senderOf(message.accountId)).send(message);
    },
    async locate(accountId, messageId) {
      return (await senderOf(accountId)).locate(messageId);
    },
    async fileSent(message) {
      return (await senderOf(message.accountId)).fileSent(message);
    },
    async saveDraft(message, replaces) {
      return (await senderOf(message.accountId)).saveDraft(message, replaces);
    },
    async removeDraft(ref) {
      return (await senderOf(ref.accountId)).removeDraft(ref);
    },
    async close() {
      if (closed) return;
      closed = true;
      const closing = [...senders.values()].map((entry) => entry.sender.close());
      senders.clear();
      await Promise.allSettled(closing);
    },
  };
}
