/**
 * Sync status per account for the UI: connection, the folder syncing now and its progress, last
 * sync, cache counts, recent runs, the outbox replay and the drift report. The scheduler writes
 * it; screens read it. The numbers come from the cache (Dexie), so they survive a restart.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { SyncConnectionState } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { FolderSyncSummary, SyncProgress } from '../../../shared/sync';
import type { CacheStatus } from '../../db/cache-status';
import type { SyncRunRow } from '../../db/records';
import type { DriftReport } from './drift-check';
import type { ReplayReport } from './replay-queue';

/** The connection as last reported by main; 'unknown' until the first report. */
export type ConnectionState = SyncConnectionState['state'] | 'unknown';

/** Progress of the running folder, for a progress bar. */
export interface FolderProgress {
  readonly folder: string;
  readonly phase: SyncProgress['phase'];
  readonly done: number;
  readonly total: number;
  readonly rate: number;
}

/** One account's sync state. */
export interface AccountSync {
  readonly connection: ConnectionState;
  readonly connectionError?: AppError;
  readonly retryAt?: string;
  readonly runningFolder?: string;
  readonly waitingFolders: readonly string[];
  readonly progress?: FolderProgress;
  /** ISO 8601: the last folder sync that did not fail. */
  readonly lastSyncAt?: string;
  /** The latest problem (a failed folder sync, push that could not start), until it clears. */
  readonly lastError?: SyncProblem;
  readonly lastSummaries: Readonly<Record<string, FolderSyncSummary>>;
  readonly cache?: CacheStatus;
  readonly recentRuns: readonly SyncRunRow[];
  readonly drift: Readonly<Record<string, DriftReport>>;
  readonly replay?: ReplayReport;
}

/** A problem to show: what failed (a sentence), for which folder if any, and the error. */
export interface SyncProblem {
  readonly what: string;
  readonly folder?: string;
  readonly error: AppError;
}

/** How a folder run ended. */
export type FolderRunResult =
  | { readonly ok: true; readonly summary: FolderSyncSummary }
  | { readonly ok: false; readonly error: AppError };

export interface SyncSlice {
  readonly accounts: Readonly<Record<string, AccountSync>>;
  readonly setConnection: (state: SyncConnectionState) => void;
  readonly setProgress: (progress: SyncProgress) => void;
  readonly setLane: (
    accountId: string,
    running: string | undefined,
    waiting: readonly string[],
  ) => void;
  readonly folderFinished: (accountId: string, folder: string, result: FolderRunResult) => void;
  readonly setHistory: (
    accountId: string,
    history: { cache: CacheStatus; recentRuns: readonly SyncRunRow[]; lastSyncAt?: string },
  ) => void;
  readonly setDrift: (report: DriftReport) => void;
  readonly setReplay: (report: ReplayReport) => void;
  readonly noteProblem: (accountId: string, problem: SyncProblem) => void;
  /** Forgets an account (removed or disabled). */
  readonly forget: (accountId: string) => void;
}

/** The state of an account nothing has been heard of yet. */
export const EMPTY_ACCOUNT: AccountSync = {
  connection: 'unknown',
  waitingFolders: [],
  lastSummaries: {},
  recentRuns: [],
  drift: {},
};

/** The store type, for code that writes it without React (the scheduler). */
export type SyncStore = StoreApi<SyncSlice>;

/** A new, empty sync store; the app uses {@link useSync}, tests make their own. */
export function createSyncStore(): UseBoundStore<StoreApi<SyncSlice>> {
  return create<SyncSlice>()((set) => {
    function patch(accountId: string, change: (account: AccountSync) => Partial<AccountSync>) {
      set((state) => {
        const account = state.accounts[accountId] ?? EMPTY_ACCOUNT;
        return { accounts: { ...state.accounts, [accountId]: { ...account, ...change(account) } } };
      });
    }

    return {
      accounts: {},
      setConnection(connection) {
        patch(connection.accountId, () => ({
          connection: connection.state,
          connectionError: connection.error,
          retryAt: connection.retryAt,
        }));
      },
      setProgress(progress) {
        patch(progress.accountId, () => ({
          progress: {
            folder: progress.folder,
            phase: progress.phase,
            done: progress.done,
            total: progress.total,
            rate: progress.ratePerSecond,
          },
        }));
      },
      setLane(accountId, running, waiting) {
        patch(accountId, (account) => ({
          runningFolder: running,
          waitingFolders: waiting,
          // A progress report belongs to the folder that runs; drop it when that one ends.
          progress: account.progress?.folder === running ? account.progress : undefined,
        }));
      },
      folderFinished(accountId, folder, result) {
        patch(accountId, (account) => {
          if (!result.ok) {
            return { lastError: { what: `Could not sync ${folder}`, folder, error: result.error } };
          }
          return {
            lastSummaries: { ...account.lastSummaries, [folder]: result.summary },
            lastError: account.lastError?.folder === folder ? undefined : account.lastError,
          };
        });
      },
      setHistory(accountId, history) {
        patch(accountId, () => history);
      },
      setDrift(report) {
        patch(report.accountId, (account) => ({
          drift: { ...account.drift, [report.folder]: report },
        }));
      },
      setReplay(report) {
        patch(report.accountId, () => ({ replay: report }));
      },
      noteProblem(accountId, problem) {
        patch(accountId, () => ({ lastError: problem }));
      },
      forget(accountId) {
        set((state) => {
          const accounts = { ...state.accounts };
          delete accounts[accountId];
          return { accounts };
        });
      },
    };
  });
}

/** The app's sync status. */
export const useSync = createSyncStore();
