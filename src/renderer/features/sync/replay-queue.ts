/**
 * Sends the outbox to the server, strictly in the order the user acted, one action at a time.
 * A connection-type failure stops the replay and keeps the action and all after it for the next
 * one; 'gone' (the message no longer exists there) drops that action's local change and goes on;
 * a server refusal marks the action failed, with the error to show, and goes on.
 */
import { toAppError, type AppError, type ErrorCode } from '../../../shared/errors';
import {
  markSending,
  pendingActions,
  accountsWithPendingActions,
  pruneFinished,
  settleFailed,
  settleLater,
  settleOutcome,
} from '../../db/action-queue';
import type { MailDb } from '../../db/mail-db';
import type { QueuedAction } from '../../db/records';
import { recordRun } from '../../db/sync-runs';
import type { SyncApi } from './sync-folder';

/** How long finished actions stay visible before they are pruned. */
const KEEP_FINISHED_MS = 7 * 24 * 60 * 60 * 1000;

/** What one account's replay did. */
export interface ReplayReport {
  readonly accountId: string;
  readonly done: number;
  readonly gone: number;
  readonly failed: number;
  /** Set when a connection problem stopped the replay; the remaining actions wait. */
  readonly stoppedBy?: AppError;
  readonly remaining: number;
  /** Folders a sync should confirm: sources and targets of moves, and where actions were gone. */
  readonly touchedFolders: readonly string[];
}

/** Options of {@link replayQueue}. */
export interface ReplayOptions {
  /** Only this account; otherwise every account with something to send. */
  readonly accountId?: string;
  readonly now?: () => Date;
}

/**
 * True when the failure says nothing about the action itself (the server could not be reached,
 * the account cannot log in now, or main does not offer the call yet): the action must wait,
 * not fail.
 */
export function waitsForConnection(code: ErrorCode): boolean {
  switch (code) {
    case 'CONNECTION_REFUSED':
    case 'CONNECTION_RESET':
    case 'TIMEOUT':
    case 'THROTTLED':
    case 'DNS_NOT_FOUND':
    case 'TLS_CERT_UNTRUSTED':
    case 'TLS_CERT_EXPIRED':
    case 'TLS_HOSTNAME_MISMATCH':
    case 'TLS_HANDSHAKE_FAILED':
    case 'STARTTLS_UNAVAILABLE':
    case 'AUTH_FAILED':
    case 'AUTH_MECHANISM_UNSUPPORTED':
    case 'SECRET_STORE_UNAVAILABLE':
    case 'DISK_FULL':
    case 'UNKNOWN_CALL':
      return true;
    // Send-side codes never come from a message action; if one did, it is about the action.
    case 'PROTOCOL':
    case 'NOT_FOUND':
    case 'ACCESS_DENIED':
    case 'INVALID_INPUT':
    case 'INTERNAL':
    case 'RECIPIENT_REJECTED':
    case 'MESSAGE_TOO_LARGE':
    case 'SENDING_LIMIT':
    case 'TEMPLATE_VARIABLE_MISSING':
      return false;
    default: {
      const unknown: never = code;
      throw new Error(`Unknown error code: ${String(unknown)}`);
    }
  }
}

function foldersOf(queued: QueuedAction): string[] {
  const undo = queued.undo;
  const target = undo.kind === 'relocate' ? undo.placeholder?.[1] : undefined;
  const moved = queued.action.kind === 'move' ? queued.action.toFolder : undefined;
  return [queued.ref.folder, ...[target, moved].filter((f): f is string => f !== undefined)];
}

/** Replays one account's outbox. Rejects only when the cache itself cannot be written. */
export async function replayAccount(
  api: SyncApi,
  db: MailDb,
  accountId: string,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const counts = { done: 0, gone: 0, failed: 0 };
  const errors: AppError[] = [];
  const touched = new Set<string>();
  let stoppedBy: AppError | undefined;
  let previousId: number | undefined;

  for (;;) {
    const [next] = await pendingActions(db, accountId);
    // The same action twice means its state could not move on: stop rather than loop.
    if (next?.id === undefined || next.id === previousId) break;
    const id = next.id;
    previousId = id;
    await markSending(db, id, now().toISOString());
    try {
      const outcome = await api.call('messages.apply', { ref: next.ref, action: next.action });
      await settleOutcome(db, id, outcome, now().toISOString());
      counts[outcome.status] += 1;
      // A flag change the server confirmed needs no resync to check it.
      if (outcome.status === 'done' && next.action.kind === 'flags') continue;
    } catch (thrown) {
      const error = toAppError(thrown);
      if (waitsForConnection(error.code)) {
        await settleLater(db, id, error, now().toISOString());
        stoppedBy = error;
        break;
      }
      await settleFailed(db, id, error, now().toISOString());
      counts.failed += 1;
      errors.push(error);
    }
    for (const folder of foldersOf(next)) touched.add(folder);
  }

  const remaining = (await pendingActions(db, accountId)).length;
  const attempted = counts.done + counts.gone + counts.failed;
  if (attempted > 0 || stoppedBy !== undefined) {
    await recordRun(db, {
      accountId,
      folders: [...touched],
      direction: 'upload',
      startedAt,
      finishedAt: now().toISOString(),
      status:
        stoppedBy !== undefined && attempted === 0
          ? 'failed'
          : stoppedBy !== undefined || counts.failed > 0
            ? 'partial'
            : 'success',
      counts: { actionsDone: counts.done, actionsGone: counts.gone, actionsFailed: counts.failed },
      errors: stoppedBy === undefined ? errors : [...errors, stoppedBy],
    });
  }
  await pruneFinished(db, accountId, new Date(now().getTime() - KEEP_FINISHED_MS).toISOString());
  return { accountId, ...counts, stoppedBy, remaining, touchedFolders: [...touched] };
}

/** Replays the outbox of one account (options.accountId) or of every account with one. */
export async function replayQueue(
  api: SyncApi,
  db: MailDb,
  options: ReplayOptions = {},
): Promise<ReplayReport[]> {
  const accounts =
    options.accountId === undefined ? await accountsWithPendingActions(db) : [options.accountId];
  const reports: ReplayReport[] = [];
  for (const accountId of accounts) reports.push(await replayAccount(api, db, accountId, options));
  return reports;
}
