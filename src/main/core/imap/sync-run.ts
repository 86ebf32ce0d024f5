/**
 * The state of one folder sync while it runs: the checkpoint that goes with the next batch, the
 * counts for the summary, the per-message errors, and the one place batches leave through, so
 * every batch carries a checkpoint and a cancelled sync stops between batches.
 */
import { AppFailure, appError, toAppError, type AppError } from '../../../shared/errors';
import type { CancelSignal } from '../../../shared/ipc/define';
import type {
  FolderCheckpoint,
  FolderSyncSummary,
  MessageRecord,
  SyncBatch,
  SyncMessageError,
} from '../../../shared/sync';
import type { Logger } from '../ports';
import type { ProgressMeter } from './sync-progress';

/** Counters of one run, as the summary reports them. */
interface Counts {
  fetched: number;
  stored: number;
  excluded: number;
  vanished: number;
  flagsChanged: number;
  bodiesFetched: number;
}

/** Cap on errors kept: a folder of broken mail must not turn the summary into megabytes. */
const MAX_ERRORS = 200;

/** One folder sync in progress. */
export interface SyncRun {
  readonly accountId: string;
  readonly folder: string;
  readonly meter: ProgressMeter;
  readonly counts: Counts;
  /** The checkpoint the next batch carries; update it before sending. */
  checkpoint: FolderCheckpoint;
  /** Sends messages with the current checkpoint (also when empty, to save the checkpoint). */
  sendMessages(records: readonly MessageRecord[]): Promise<void>;
  /** Sends any other batch; its checkpoint becomes the current one. */
  send(batch: Exclude<SyncBatch, { kind: 'messages' }>): Promise<void>;
  /** Sends an empty batch when the current checkpoint differs from the last one sent. */
  flushCheckpoint(): Promise<void>;
  /** Counts a message left out by a rule. */
  exclude(rule: string): void;
  /** Records that one message could not be read. */
  messageError(uid: number, what: string, cause: unknown): void;
  /** Throws when the caller has gone away. */
  checkCancelled(): void;
  summary(mode: FolderSyncSummary['mode']): FolderSyncSummary;
}

/** Compares checkpoints field by field (they are flat records of primitives). */
function sameCheckpoint(a: FolderCheckpoint | undefined, b: FolderCheckpoint): boolean {
  if (a === undefined) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof FolderCheckpoint>;
  return [...keys].every((key) => a[key] === b[key]);
}

/** The text of whatever was thrown, for an error message. */
function causeText(cause: unknown, classify?: (thrown: unknown) => AppError): string {
  if (classify !== undefined) return classify(cause).message;
  return cause instanceof Error ? cause.message : toAppError(cause).message;
}

/** Starts a run. `previousSent` is the checkpoint the receiver already has, if any. */
export function startSyncRun(options: {
  readonly accountId: string;
  readonly folder: string;
  readonly checkpoint: FolderCheckpoint;
  readonly previousSent: FolderCheckpoint | undefined;
  readonly sink: (batch: SyncBatch) => Promise<void>;
  readonly meter: ProgressMeter;
  readonly logger: Logger;
  readonly signal?: CancelSignal;
  readonly classify?: (thrown: unknown) => AppError;
}): SyncRun {
  const counts: Counts = {
    fetched: 0,
    stored: 0,
    excluded: 0,
    vanished: 0,
    flagsChanged: 0,
    bodiesFetched: 0,
  };
  const excludedBy: Record<string, number> = {};
  const errors: SyncMessageError[] = [];
  let lastSent = options.previousSent;

  const run: SyncRun = {
    accountId: options.accountId,
    folder: options.folder,
    meter: options.meter,
    counts,
    checkpoint: options.checkpoint,

    async sendMessages(records) {
      run.checkCancelled();
      const checkpoint = run.checkpoint;
      await options.sink({ kind: 'messages', folder: options.folder, records, checkpoint });
      lastSent = checkpoint;
      counts.stored += records.length;
    },

    async send(batch) {
      run.checkCancelled();
      run.checkpoint = batch.checkpoint;
      await options.sink(batch);
      lastSent = batch.checkpoint;
    },

    async flushCheckpoint() {
      if (!sameCheckpoint(lastSent, run.checkpoint)) await run.sendMessages([]);
    },

    exclude(rule) {
      counts.excluded += 1;
      excludedBy[rule] = (excludedBy[rule] ?? 0) + 1;
    },

    messageError(uid, what, cause) {
      const text = causeText(cause, options.classify);
      options.logger.warn('A message could not be read during sync', {
        accountId: options.accountId,
        folder: options.folder,
        uid,
        what,
        cause: text,
      });
      if (errors.length >= MAX_ERRORS) return;
      errors.push({
        ...appError(
          'PROTOCOL',
          `Message ${uid} in "${options.folder}" could not be ${what}: ${text}`,
          {
            hint: 'The other messages were synced. Open this message to try again, or view it in the provider’s webmail.',
            retryable: false,
          },
        ),
        uid,
      });
    },

    checkCancelled() {
      if (options.signal?.aborted === true) {
        throw new AppFailure(
          appError('CONNECTION_RESET', `The sync of "${options.folder}" was cancelled.`, {
            hint: 'It resumes from its last checkpoint next time.',
          }),
        );
      }
    },

    summary(mode) {
      return {
        folder: options.folder,
        ...counts,
        excludedBy: { ...excludedBy },
        errors: [...errors],
        checkpoint: run.checkpoint,
        mode,
      };
    },
  };
  return run;
}
