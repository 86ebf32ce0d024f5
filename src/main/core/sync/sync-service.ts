/**
 * The sync use cases behind the contract: folders and their selection, folder syncs streamed
 * to the renderer, drift facts, bodies and attachments on demand, user actions, and push.
 *
 * Each account has two IMAP connections, opened on first use and reopened when found dead:
 * one for folder syncs (one at a time), one for what the user waits on (a body, an action), so
 * opening a message never waits behind an initial sync of 50,000 messages. Push has a third,
 * owned by the push watcher. close() ends them all; every composition root calls it on exit.
 */
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appError, AppFailure, toAppError, type AppError } from '../../../shared/errors';
import type { CancelSignal, StreamSink } from '../../../shared/ipc/define';
import type {
  ActionOutcome,
  FolderCheckpoint,
  FolderDrift,
  FolderSyncSummary,
  MessageAction,
  MessageBody,
  MessageRef,
  SyncBatch,
  SyncFolder,
} from '../../../shared/sync';
import type { AccountService } from '../accounts/account-service';
import {
  applySelection,
  checkSelection,
  defaultSelection,
  discoverFolders,
} from '../imap/folder-discovery';
import { syncFolder } from '../imap/folder-sync';
import { imapErrorContext, openImapSession, type ImapSession } from '../imap/imap-session';
import { applyMessageAction } from '../imap/message-actions';
import { startPushWatcher, type PushTuning, type PushWatcher } from '../imap/push-watcher';
import { createBodyParserPool, type BodyParser } from '../mime/body-parser-pool';
import { fetchBody } from '../mime/fetch-body';
import { fetchInlinePart } from '../mime/inline-part';
import { saveAttachment } from '../mime/save-attachment';
import type { CoreDeps } from '../ports';
import type { AccessTokenSource } from '../oauth/token-manager';
import { createConnectionLane, type ConnectionLane } from './connection-lane';
import { checkDrift } from './drift-check';
import { searchFolder } from '../imap/server-search';
import type { ServerSearchCriteria, ServerSearchResult } from '../../../shared/contract';
import { draftOf, loadSyncAccount, type SyncAccount } from './sync-account';

/** The sync use cases. Every method rejects with AppFailure. */
export interface SyncService {
  folders(accountId: string): Promise<readonly SyncFolder[]>;
  /** Stores the folders to sync; refuses folders that are not mail, naming them and why. */
  selectFolders(accountId: string, folders: readonly string[]): Promise<readonly SyncFolder[]>;
  /** Syncs one folder from `checkpoint`, sending each batch through `sink` (backpressure). */
  syncFolder(
    request: {
      readonly accountId: string;
      readonly folder: string;
      readonly checkpoint: FolderCheckpoint | null;
    },
    sink: StreamSink<SyncBatch>,
    signal: CancelSignal,
  ): Promise<FolderSyncSummary>;
  drift(
    accountId: string,
    folder: string,
    sampleMessageIds: readonly string[],
  ): Promise<FolderDrift>;
  body(ref: MessageRef): Promise<MessageBody>;
  /** Streams the part to a file in `dir` (default: the downloads folder). */
  saveAttachment(ref: MessageRef, partId: string, dir?: string): Promise<{ readonly path: string }>;
  /** One small inline part (a cid: image) as base64; refuses parts over 2 MB. */
  inlinePart(
    ref: MessageRef,
    partId: string,
  ): Promise<{ readonly contentType: string; readonly base64: string }>;
  apply(ref: MessageRef, action: MessageAction): Promise<ActionOutcome>;
  /** IMAP SEARCH in one folder, for mail whose body is not cached. */
  search(
    accountId: string,
    folder: string,
    criteria: ServerSearchCriteria,
  ): Promise<ServerSearchResult>;
  /** Starts push for the account (idempotent): IDLE on the inbox, polling for the rest. */
  watch(accountId: string): Promise<void>;
  unwatch(accountId: string): Promise<void>;
  /**
   * Push tries to connect now: the way out of 'auth-failed' once the user signed in again or
   * entered a new password (push does not retry a refused login by itself).
   */
  reconnect(accountId: string): void;
  /** Ends push and every connection; later calls are refused. */
  close(): Promise<void>;
}

/** Choices for tests and tools; the app uses the defaults. */
export interface SyncServiceOptions {
  /** Parses bodies; default a worker pool created on first use and closed by close(). */
  readonly parser?: BodyParser;
  /** A fixed batch size (tests); by default batches adapt to about a quarter second. */
  readonly batchSize?: number;
  readonly pushTuning?: Partial<PushTuning>;
  /** Access tokens for OAuth accounts (XOAUTH2); without it they are refused with a reason. */
  readonly oauth?: AccessTokenSource;
}

interface AccountLanes {
  readonly fingerprint: string;
  /** Folder syncs, one at a time. */
  readonly sync: ConnectionLane;
  /** Bodies, attachments, actions, folder lists and drift: what the user waits for. */
  readonly interactive: ConnectionLane;
}

const CLOSED: AppError = appError(
  'CONNECTION_RESET',
  'The app is shutting down; try again after restarting it.',
  {
    retryable: false,
  },
);

/** Creates the service. Nothing connects until the first call. */
export function createSyncService(
  deps: CoreDeps,
  accounts: AccountService,
  options: SyncServiceOptions = {},
): SyncService {
  const lanes = new Map<string, AccountLanes>();
  const watchers = new Map<string, PushWatcher>();
  const selections = new Map<string, readonly string[]>();
  let ownParser: BodyParser | undefined;
  let closed = false;

  function parser(): BodyParser {
    if (options.parser !== undefined) return options.parser;
    ownParser ??= createBodyParserPool();
    return ownParser;
  }

  function checkOpen(): void {
    if (closed) throw new AppFailure(CLOSED);
  }

  /** Opens a session; a failure to connect or log in becomes the account's state. */
  async function openSession(account: SyncAccount): Promise<ImapSession> {
    const id = account.view.id;
    try {
      const session = await openImapSession(account.view, {
        dns: deps.dns,
        ...(deps.extraCaPem !== undefined ? { extraCaPem: deps.extraCaPem } : {}),
        ...(deps.connectTimeoutMs !== undefined ? { timeoutMs: deps.connectTimeoutMs } : {}),
        logger: deps.logger,
        readCredentials: (accountId) => accounts.readCredentials(accountId),
        ...(options.oauth !== undefined ? { oauth: options.oauth } : {}),
      });
      if (account.view.lastError !== undefined) await recordOutcome(id, undefined);
      return session;
    } catch (thrown) {
      if (thrown instanceof AppFailure && thrown.error.code !== 'INVALID_INPUT')
        await recordOutcome(id, thrown.error);
      throw thrown;
    }
  }

  /** Records a connection outcome; failing to write it must not hide the outcome itself. */
  async function recordOutcome(id: string, error: AppError | undefined): Promise<void> {
    try {
      await accounts.recordConnectionOutcome(id, error);
    } catch (thrown) {
      deps.logger.warn('Could not record the connection state of an account', {
        accountId: id,
        cause: thrown instanceof Error ? thrown.message : String(thrown),
      });
    }
  }

  /** The account's lanes; new ones when the connection settings changed. */
  async function lanesOf(account: SyncAccount): Promise<AccountLanes> {
    checkOpen();
    const id = account.view.id;
    const existing = lanes.get(id);
    if (existing !== undefined && existing.fingerprint === account.fingerprint) return existing;
    lanes.delete(id);
    if (existing !== undefined) {
      await Promise.all([existing.sync.close(), existing.interactive.close()]);
    }
    // Each (re)connection reads the account again: a new password applies at once.
    const open = async (): Promise<ImapSession> => openSession(await loadSyncAccount(accounts, id));
    const created: AccountLanes = {
      fingerprint: account.fingerprint,
      sync: createConnectionLane(open, deps.logger, `${id}:sync`),
      interactive: createConnectionLane(open, deps.logger, `${id}:interactive`),
    };
    lanes.set(id, created);
    return created;
  }

  async function interactive<T>(
    accountId: string,
    work: (session: ImapSession, account: SyncAccount) => Promise<T>,
  ): Promise<T> {
    const account = await loadSyncAccount(accounts, accountId);
    const lane = (await lanesOf(account)).interactive;
    return lane.run((session) => work(session, account));
  }

  /** The stored selection, or Inbox and Sent. */
  async function selectionOf(account: SyncAccount): Promise<readonly string[]> {
    const stored = account.settings.folders;
    if (stored !== undefined) return stored;
    const known = selections.get(account.view.id);
    if (known !== undefined) return known;
    const folders = await interactive(account.view.id, (session) =>
      discoverFolders(session.client),
    );
    const chosen = defaultSelection(folders, account.view.folders);
    selections.set(account.view.id, chosen);
    return chosen;
  }

  /**
   * The selection for push. When the server cannot be asked (the app started offline), the
   * mapped Inbox and Sent stand in, uncached, so the watcher still starts, reports the
   * connection state and retries; the real selection is read on a later call.
   */
  async function watchSelectionOf(account: SyncAccount): Promise<readonly string[]> {
    try {
      const selection = await selectionOf(account);
      selections.set(account.view.id, selection);
      return selection;
    } catch (error) {
      deps.logger.warn('Folder list unavailable; watching Inbox and Sent', {
        accountId: account.view.id,
        error: toAppError(error).code,
      });
      const { inbox, sent } = account.view.folders;
      return [inbox ?? 'INBOX', ...(sent === undefined ? [] : [sent])];
    }
  }

  function refFor(ref: MessageRef): { folder: string; uid: number; uidValidity: number } {
    return { folder: ref.folder, uid: ref.uid, uidValidity: ref.uidValidity };
  }

  return {
    async folders(accountId) {
      return interactive(accountId, async (session, account) => {
        const folders = await discoverFolders(session.client);
        const selected =
          account.settings.folders ?? defaultSelection(folders, account.view.folders);
        return applySelection(folders, selected);
      });
    },

    async selectFolders(accountId, requested) {
      const { folders, account } = await interactive(accountId, async (session, loaded) => ({
        folders: await discoverFolders(session.client),
        account: loaded,
      }));
      const selection = checkSelection(folders, requested);
      await accounts.update(
        accountId,
        { ...draftOf(account.view), sync: { ...account.settings, folders: selection } },
        {},
      );
      selections.set(accountId, selection);
      deps.logger.info('Sync folders chosen', { accountId, folders: selection.length });
      return applySelection(folders, selection);
    },

    async syncFolder(request, sink, signal) {
      const account = await loadSyncAccount(accounts, request.accountId);
      const lane = (await lanesOf(account)).sync;
      return lane.run((session) =>
        syncFolder(
          session.client,
          {
            accountId: request.accountId,
            folder: request.folder,
            checkpoint: request.checkpoint,
            settings: account.settings,
            ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
          },
          (batch) => sink.send(batch),
          {
            parser: parser(),
            clock: deps.clock,
            logger: deps.logger,
            onProgress: (progress) => deps.events.emit('sync.progress', progress),
            signal,
            classify: (thrown) => session.classify(thrown),
            alive: () => session.alive(),
            openRawConnection: () => session.openRawConnection(),
          },
        ),
      );
    },

    drift(accountId, folder, sampleMessageIds) {
      return interactive(accountId, (session) =>
        checkDrift(session.client, folder, sampleMessageIds),
      );
    },

    body(ref) {
      return interactive(ref.accountId, (session) =>
        fetchBody(session.client, refFor(ref), parser()),
      );
    },

    async saveAttachment(ref, partId, into) {
      const dir = into ?? deps.downloadsDir ?? join(homedir(), 'Downloads');
      await mkdir(dir, { recursive: true });
      return interactive(ref.accountId, (session) =>
        saveAttachment(session.client, refFor(ref), partId, dir),
      );
    },

    inlinePart(ref, partId) {
      return interactive(ref.accountId, (session) =>
        fetchInlinePart(session.client, refFor(ref), partId),
      );
    },

    search(accountId, folder, criteria) {
      return interactive(accountId, (session) => searchFolder(session.client, folder, criteria));
    },

    apply(ref, action) {
      return interactive(ref.accountId, (session, account) =>
        applyMessageAction(session.client, ref, action, account.view.folders, deps.logger),
      );
    },

    async watch(accountId) {
      checkOpen();
      if (watchers.has(accountId)) return;
      const account = await loadSyncAccount(accounts, accountId);
      const selection = await watchSelectionOf(account);
      const inbox = account.view.folders.inbox ?? 'INBOX';
      if (watchers.has(accountId)) return;
      const watcher = startPushWatcher({
        accountId,
        openClient: async () =>
          (await openSession(await loadSyncAccount(accounts, accountId))).client,
        inbox,
        pollFolders: () =>
          (selections.get(accountId) ?? selection).filter((path) => path !== inbox),
        pollIntervalMs: account.settings.pollIntervalMinutes * 60_000,
        onChange: (folder, reason) =>
          deps.events.emit('sync.folderChanged', { accountId, folder, reason }),
        onState: (state) => deps.events.emit('sync.connection', state),
        logger: deps.logger,
        clock: deps.clock,
        errorContext: imapErrorContext(account.view),
        ...(options.pushTuning !== undefined ? { tuning: options.pushTuning } : {}),
      });
      watchers.set(accountId, watcher);
      deps.logger.info('Push started', { accountId, polled: selection.length });
    },

    reconnect(accountId) {
      watchers.get(accountId)?.reconnectNow();
    },

    async unwatch(accountId) {
      const watcher = watchers.get(accountId);
      watchers.delete(accountId);
      await watcher?.stop();
    },

    async close() {
      if (closed) return;
      closed = true;
      const stopping = [...watchers.values()].map((watcher) => watcher.stop());
      watchers.clear();
      const closing = [...lanes.values()].flatMap((entry) => [
        entry.sync.close(),
        entry.interactive.close(),
      ]);
      lanes.clear();
      await Promise.allSettled([...stopping, ...closing]);
      await ownParser?.close();
      ownParser = undefined;
    },
  };
}
