/**
 * The rows of the offline cache. A message is stored once per account (keyed by its messageKey)
 * and belongs to folders through memberships (keyed by account, folder, UIDVALIDITY and UID), so
 * the same mail in Inbox and in a Gmail label is one message row and two membership rows, and
 * each membership has its own flags, as IMAP has them per mailbox. Nothing secret is stored here.
 */
import type { AppError } from '../../shared/errors';
import type {
  AttachmentInfo,
  FolderCheckpoint,
  MessageAction,
  MessageRecord,
  MessageRef,
} from '../../shared/sync';

/**
 * Header data of one message, shared by all its folder memberships; light enough for lists. The
 * record main sent, less what belongs to one folder (uid, flags) and the body (its own table).
 */
export type CachedMessage = Omit<
  MessageRecord,
  'folder' | 'uidValidity' | 'uid' | 'flags' | 'body'
> & {
  /** True once the body is in the bodies table. */
  readonly hasBody: boolean;
  /** The first words of the text, for list previews (bodies stay out of list reads). */
  readonly snippet?: string;
};

/** 0 or 1: IndexedDB cannot index booleans, and unread counts need an index. */
export type Bit = 0 | 1;

/** One message in one folder. */
export interface Membership {
  readonly accountId: string;
  readonly folder: string;
  readonly uidValidity: number;
  /** Negative for a placeholder of an optimistic move (minus the action id): no server UID yet. */
  readonly uid: number;
  readonly messageKey: string;
  readonly flags: readonly string[];
  /** The message date in ms since the epoch: the list index sorts by it. */
  readonly time: number;
  readonly unread: Bit;
  readonly flagged: Bit;
  /** On a placeholder: the queued action that created it. */
  readonly pendingAction?: number;
}

/** The primary key of a membership: [accountId, folder, uidValidity, uid]. */
export type MembershipKey = [string, string, number, number];

/** A downloaded body, kept apart from the message row so list reads never load HTML. */
export interface CachedBody {
  readonly accountId: string;
  readonly messageKey: string;
  readonly text?: string;
  readonly html?: string;
  readonly attachments: readonly AttachmentInfo[];
  readonly parseWarning?: string;
}

/** A folder's sync checkpoint, written in the same transaction as the batch it follows. */
export interface CheckpointRow {
  readonly accountId: string;
  readonly folder: string;
  readonly checkpoint: FolderCheckpoint;
  /**
   * Messages the server has that exclude patterns or import conditions kept out, summed over
   * runs since the last reset: the drift check expects the server to have this many more.
   */
  readonly excludedTally: number;
}

/** How a run ended: partial when some messages were excluded or could not be read. */
export type RunStatus = 'success' | 'partial' | 'failed';

/** What a run moved: 'download' is a folder sync, 'upload' a replay of queued actions. */
export type RunDirection = 'download' | 'upload';

/** Counters of one run; which ones are present depends on the direction. */
export interface RunCounts {
  readonly batches?: number;
  readonly fetched?: number;
  readonly stored?: number;
  readonly excluded?: number;
  readonly vanished?: number;
  readonly flagsChanged?: number;
  readonly bodiesFetched?: number;
  readonly actionsDone?: number;
  readonly actionsGone?: number;
  readonly actionsFailed?: number;
}

/** One entry of the sync history shown in the status view. */
export interface SyncRunRow {
  readonly id?: number;
  readonly accountId: string;
  readonly folders: readonly string[];
  readonly direction: RunDirection;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly status: RunStatus;
  readonly mode?: string;
  readonly counts: RunCounts;
  readonly errors: readonly AppError[];
  /**
   * Quiet successful runs folded into this row (sync-runs.ts): how many, and when the first of
   * them started (ISO 8601). Absent for a single run.
   */
  readonly runs?: number;
  readonly since?: string;
}

/** Where a queued action stands. */
export type ActionState = 'queued' | 'sending' | 'done' | 'failed' | 'gone';

/** What undoes an action's optimistic change when the server did not carry it out. */
export type ActionUndo =
  | {
      readonly kind: 'flags';
      /** Flags the action added that were not there before, and removed that were. */
      readonly added: readonly string[];
      readonly removed: readonly string[];
    }
  | {
      readonly kind: 'relocate';
      /** The source membership as it was, restored on undo. */
      readonly source: Membership;
      /** The placeholder put in the target folder, when that folder is cached. */
      readonly placeholder?: MembershipKey;
    }
  /** The message was not in the cache: nothing was changed locally. */
  | { readonly kind: 'none' };

/** One user action in the local outbox, replayed to the server in id order. */
export interface QueuedAction {
  readonly id?: number;
  readonly accountId: string;
  /** ref.folder, copied out for the [accountId+folder+state] index. */
  readonly folder: string;
  readonly ref: MessageRef;
  readonly action: MessageAction;
  readonly messageKey?: string;
  readonly state: ActionState;
  readonly attempts: number;
  readonly lastError?: AppError;
  readonly undo: ActionUndo;
  /** ISO 8601. */
  readonly queuedAt: string;
  readonly updatedAt: string;
}
