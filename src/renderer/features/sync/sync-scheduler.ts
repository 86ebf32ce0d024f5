/**
 * Decides when folders sync. Per enabled account: its selected folders sync one at a time
 * (never two syncs of one account at once, so never two of one folder), requests for a folder
 * already waiting or running are coalesced into one follow-up run, push is started with
 * 'sync.watch', and main's 'sync.folderChanged' (IDLE or a due poll) syncs that folder. The
 * outbox replays in its own lane, so a user's flag does not wait behind a long first sync; when
 * the connection comes back it replays first, then catches up on every folder.
 */
import type { AccountView } from '../../../shared/account';
import { toAppError } from '../../../shared/errors';
import type { MessageAction, MessageRef } from '../../../shared/sync';
import { queueAction } from '../../db/action-queue';
import { readCacheStatus } from '../../db/cache-status';
import type { MailDb } from '../../db/mail-db';
import { lastSyncAt, recentRuns } from '../../db/sync-runs';
import { checkFolderDrift, type DriftReport } from './drift-check';
import { replayAccount, type ReplayReport } from './replay-queue';
import { createSerialLane, type SerialLane } from './serial-lane';
import { syncFolderNow, type SyncApi } from './sync-folder';
import { useSync, type FolderRunResult, type SyncStore } from './syncSlice';

/** Options of {@link createSyncScheduler}. */
export interface SchedulerOptions {
  readonly store?: SyncStore;
  readonly now?: () => Date;
  /** A folder's drift is checked after a sync at most this often (default 15 minutes). */
  readonly driftIntervalMs?: number;
  readonly random?: () => number;
}

/** The running sync of the app. */
export interface SyncScheduler {
  /** Subscribes to main's events, then starts every enabled account. */
  start(): Promise<void>;
  /** Reads the account list again (after the back end came back) and follows it. */
  reloadAccounts(): Promise<void>;
  /** Unsubscribes; later requests are ignored. */
  stop(): void;
  /** Sync Now: replays the outbox, then syncs every selected folder of the account. */
  syncNow(accountId: string): Promise<FolderRunResult[]>;
  syncFolder(accountId: string, folder: string): Promise<FolderRunResult>;
  replay(accountId: string): Promise<ReplayReport | undefined>;
  /** Queues a user action (applied to the cache at once) and sends it when connected. */
  act(ref: MessageRef, action: MessageAction): Promise<number>;
  checkDrift(accountId: string, folder: string): Promise<DriftReport>;
  /** Resolves when nothing is running or waiting (tests, orderly shutdown). */
  idle(): Promise<void>;
}

/** The folders an account syncs: its choice, else Inbox and its Sent folder. */
export function selectedFolders(account: AccountView): string[] {
  const chosen = account.sync?.folders;
  const folders = chosen ?? [account.folders.inbox ?? 'INBOX', account.folders.sent];
  return [...new Set(folders.filter((f): f is string => f !== undefined && f !== ''))];
}

interface ActiveAccount {
  account: AccountView;
  readonly folders: SerialLane<FolderRunResult>;
  readonly outbox: SerialLane<ReplayReport | undefined>;
}

const NOT_ACTIVE: FolderRunResult = {
  ok: false,
  error: {
    code: 'NOT_FOUND',
    message: 'This account is not syncing (disabled or removed).',
    retryable: false,
  },
};

/** Creates the scheduler; nothing happens until start(). */
export function createSyncScheduler(
  api: SyncApi,
  db: MailDb,
  options: SchedulerOptions = {},
): SyncScheduler {
  const store = options.store ?? useSync;
  const now = options.now ?? (() => new Date());
  const driftIntervalMs = options.driftIntervalMs ?? 15 * 60 * 1000;
  const active = new Map<string, ActiveAccount>();
  const unsubscribers: (() => void)[] = [];
  let stopped = false;

  const state = () => store.getState();

  async function refreshHistory(accountId: string): Promise<void> {
    const entry = active.get(accountId);
    if (entry === undefined) return;
    try {
      const [cache, runs, last] = await Promise.all([
        readCacheStatus(db, accountId, entry.account.folders, now()),
        recentRuns(db, accountId),
        lastSyncAt(db, accountId),
      ]);
      state().setHistory(accountId, { cache, recentRuns: runs, lastSyncAt: last });
    } catch (thrown) {
      state().noteProblem(accountId, {
        what: 'Could not read the sync status',
        error: toAppError(thrown),
      });
    }
  }

  async function driftAfterSync(accountId: string, folder: string): Promise<void> {
    const previous = state().accounts[accountId]?.drift[folder];
    // A folder found drifting is checked after every sync, so the report clears once fixed.
    const due =
      previous === undefined ||
      previous.status === 'drift' ||
      now().getTime() - Date.parse(previous.checkedAt) >= driftIntervalMs;
    if (!due) return;
    try {
      state().setDrift(await checkFolderDrift(api, db, accountId, folder, options));
    } catch (thrown) {
      state().noteProblem(accountId, {
        what: `Could not check ${folder} against the server`,
        folder,
        error: toAppError(thrown),
      });
    }
  }

  async function runFolder(accountId: string, folder: string): Promise<FolderRunResult> {
    let result: FolderRunResult;
    try {
      result = { ok: true, summary: await syncFolderNow(api, db, accountId, folder, { now }) };
    } catch (thrown) {
      result = { ok: false, error: toAppError(thrown) };
    }
    state().folderFinished(accountId, folder, result);
    if (result.ok && result.summary.checkpoint.initialComplete) {
      await driftAfterSync(accountId, folder);
    }
    await refreshHistory(accountId);
    return result;
  }

  async function runReplay(accountId: string): Promise<ReplayReport | undefined> {
    let report: ReplayReport;
    try {
      report = await replayAccount(api, db, accountId, { now });
    } catch (thrown) {
      state().noteProblem(accountId, {
        what: 'Could not send your changes',
        error: toAppError(thrown),
      });
      return undefined;
    }
    state().setReplay(report);
    // Confirm what the actions changed, but only in folders this account keeps in the cache.
    const entry = active.get(accountId);
    const keep = new Set(entry === undefined ? [] : selectedFolders(entry.account));
    for (const folder of report.touchedFolders) {
      if (keep.has(folder)) void syncFolder(accountId, folder);
    }
    await refreshHistory(accountId);
    return report;
  }

  function activate(account: AccountView): void {
    const existing = active.get(account.id);
    if (existing !== undefined) {
      // Settings changed: a newly selected folder syncs now; the others keep their schedule.
      const before = new Set(selectedFolders(existing.account));
      existing.account = account;
      for (const folder of selectedFolders(account)) {
        if (!before.has(folder)) void existing.folders.request(folder);
      }
      return;
    }
    const entry: ActiveAccount = {
      account,
      folders: createSerialLane(
        (folder) => runFolder(account.id, folder),
        () => state().setLane(account.id, entry.folders.running, entry.folders.waiting),
      ),
      outbox: createSerialLane(() => runReplay(account.id)),
    };
    active.set(account.id, entry);
    void entry.outbox.request('replay');
    for (const folder of selectedFolders(account)) void entry.folders.request(folder);
    void refreshHistory(account.id);
    api.call('sync.watch', { accountId: account.id }).catch((thrown: unknown) => {
      state().noteProblem(account.id, {
        what: `Could not start push for ${account.name}`,
        error: toAppError(thrown),
      });
    });
  }

  function deactivate(accountId: string): void {
    if (!active.delete(accountId)) return;
    state().forget(accountId);
    api.call('sync.unwatch', { accountId }).catch((thrown: unknown) => {
      state().noteProblem(accountId, { what: 'Could not stop push', error: toAppError(thrown) });
    });
  }

  function follow(accounts: readonly AccountView[]): void {
    const enabled = new Map(accounts.filter((a) => a.enabled).map((a) => [a.id, a]));
    for (const id of [...active.keys()]) if (!enabled.has(id)) deactivate(id);
    for (const account of enabled.values()) activate(account);
  }

  function syncFolder(accountId: string, folder: string): Promise<FolderRunResult> {
    const entry = active.get(accountId);
    if (stopped || entry === undefined) return Promise.resolve(NOT_ACTIVE);
    return entry.folders.request(folder);
  }

  function replay(accountId: string): Promise<ReplayReport | undefined> {
    const entry = active.get(accountId);
    if (stopped || entry === undefined) return Promise.resolve(undefined);
    return entry.outbox.request('replay');
  }

  function listen(): void {
    unsubscribers.push(
      api.on('sync.progress', (progress) => state().setProgress(progress)),
      api.on('sync.folderChanged', ({ accountId, folder }) => void syncFolder(accountId, folder)),
      api.on('accounts.changed', (accounts) => {
        if (!stopped) follow(accounts);
      }),
      api.on('sync.connection', (connection) => {
        const before = state().accounts[connection.accountId]?.connection ?? 'unknown';
        state().setConnection(connection);
        const entry = active.get(connection.accountId);
        if (stopped || entry === undefined || connection.state !== 'connected') return;
        if (before === 'connected') return;
        void replay(connection.accountId);
        // Back after an outage: catch up on every folder (the start already asked for them).
        if (before !== 'unknown') {
          for (const folder of selectedFolders(entry.account))
            void syncFolder(entry.account.id, folder);
        }
      }),
    );
  }

  return {
    async start() {
      listen();
      follow(await api.call('accounts.list', {}));
    },
    async reloadAccounts() {
      const accounts = await api.call('accounts.list', {});
      if (!stopped) follow(accounts);
    },
    stop() {
      stopped = true;
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    },
    async syncNow(accountId) {
      const entry = active.get(accountId);
      if (entry === undefined) return [NOT_ACTIVE];
      await replay(accountId);
      return Promise.all(selectedFolders(entry.account).map((f) => syncFolder(accountId, f)));
    },
    syncFolder,
    replay,
    async act(ref, action) {
      const entry = active.get(ref.accountId);
      const id = await queueAction(db, ref, action, {
        trashFolder: entry?.account.folders.trash,
        now,
      });
      const connection = state().accounts[ref.accountId]?.connection ?? 'unknown';
      // Offline, the action waits for the 'connected' report; otherwise it goes now.
      if (connection === 'connected' || connection === 'unknown') void replay(ref.accountId);
      else void refreshHistory(ref.accountId);
      return id;
    },
    checkDrift(accountId, folder) {
      return checkFolderDrift(api, db, accountId, folder, options).then((report) => {
        state().setDrift(report);
        return report;
      });
    },
    async idle() {
      for (;;) {
        const busy = [...active.values()].filter(
          (e) =>
            e.folders.running !== undefined ||
            e.folders.waiting.length > 0 ||
            e.outbox.running !== undefined ||
            e.outbox.waiting.length > 0,
        );
        if (busy.length === 0) return;
        await Promise.all(busy.flatMap((e) => [e.folders.idle(), e.outbox.idle()]));
      }
    },
  };
}
