/**
 * One account's connection in words: what state it is in, since when or until when, why, and
 * what the user can do. Anything short of a live connection reads as a problem or as unknown,
 * never as healthy.
 */
import type { AppError } from '../../../shared/errors';
import { clockTime } from '../mailbox/format';
import { waitsForConnection } from '../sync/replay-queue';
import type { AccountSync } from '../sync/syncSlice';

/** How the state is shown: green, busy, amber, red, or grey. */
export type ConnectionTone = 'ok' | 'busy' | 'warn' | 'error' | 'idle';

export interface ConnectionSummary {
  readonly tone: ConnectionTone;
  /** A few words: "Connected", "Reconnecting at 14:03". */
  readonly label: string;
  /** A sentence about what it means for the user. */
  readonly detail: string;
  readonly error?: AppError;
  /** What to do, when the user has to act. */
  readonly hint?: string;
}

const OFFLINE_DETAIL =
  'Mail saved on this computer stays readable; changes you make are sent when the connection is back.';

const AUTH_HINT =
  'Edit the account under Email Accounts and enter the current password (or an app password, where the provider requires one).';

function at(prefix: string, retryAt: string | undefined): string {
  return retryAt === undefined ? prefix : `${prefix} at ${clockTime(retryAt)}`;
}

/** Summarises `sync` for an account that is `enabled`. */
export function summarizeConnection(sync: AccountSync, enabled: boolean): ConnectionSummary {
  if (!enabled) {
    return { tone: 'idle', label: 'Disabled', detail: 'This account does not sync.' };
  }
  const error = sync.connectionError;
  switch (sync.connection) {
    case 'connected':
      return {
        tone: 'ok',
        label: 'Connected',
        detail: 'New mail arrives as the server announces it.',
      };
    case 'reconnecting':
      return {
        tone: 'warn',
        label: at('Reconnecting', sync.retryAt),
        detail: `The connection to the server was lost. ${OFFLINE_DETAIL}`,
        error,
      };
    case 'offline':
      return {
        tone: 'warn',
        label: sync.retryAt === undefined ? 'Offline' : at('Offline, next try', sync.retryAt),
        detail: `The server cannot be reached. ${OFFLINE_DETAIL}`,
        error,
        hint: error?.hint,
      };
    case 'throttled':
      return {
        tone: 'warn',
        label: at('Throttled by the server, next try', sync.retryAt),
        detail: 'The server asked mailcrm to slow down; it waits before trying again.',
        error,
      };
    case 'auth-failed':
      return {
        tone: 'error',
        label: 'Sign-in refused',
        detail: 'The server refused the login. mailcrm does not retry on its own.',
        error,
        hint: error?.hint ?? AUTH_HINT,
      };
    case 'unknown': {
      const problem = sync.lastError?.error;
      if (problem !== undefined && problem.code === 'AUTH_FAILED') {
        return {
          tone: 'error',
          label: 'Sign-in refused',
          detail: 'The server refused the login.',
          error: problem,
          hint: problem.hint ?? AUTH_HINT,
        };
      }
      if (problem !== undefined && waitsForConnection(problem.code)) {
        return {
          tone: 'warn',
          label: 'Cannot reach the server',
          detail: OFFLINE_DETAIL,
          error: problem,
          hint: problem.hint,
        };
      }
      if (sync.runningFolder !== undefined) {
        return { tone: 'busy', label: 'Connecting…', detail: 'The first sync is under way.' };
      }
      return {
        tone: 'idle',
        label: 'Not connected yet',
        detail: 'mailcrm has not heard from the server since it started.',
      };
    }
    default: {
      const unknown: never = sync.connection;
      throw new Error(`Unknown connection state: ${String(unknown)}`);
    }
  }
}
