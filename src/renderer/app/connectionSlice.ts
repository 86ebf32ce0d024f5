/**
 * The connection to the app's back end (Electron main or the browser bridge) and the facts it
 * reports at start. It follows the transport's own state (the browser bridge's socket reconnects
 * by itself) and asks app.info whenever the transport opens, so the whole app shows one
 * "not connected" banner instead of each screen guessing on its own.
 */
import { create } from 'zustand';
import { toAppError, type AppError, type ErrorCode } from '../../shared/errors';
import type { AppInfo } from '../../shared/contract';
import { api, apiConnection } from '../api/client';
import type { BridgeStatus } from '../api/socket-client';

/**
 * connecting: not reached yet; connected: app.info answered; reconnecting: the transport dropped
 * and is trying again by itself; lost: nothing more will happen without the user.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'lost';

/** How long to wait before asking app.info again when it failed over an open transport. */
const RETRY_MS = 3000;

/** Codes a failed call may carry when the transport itself (not a mail server) went away. */
const TRANSPORT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CONNECTION_RESET',
  'CONNECTION_REFUSED',
]);

interface ConnectionSlice {
  readonly status: ConnectionStatus;
  readonly info?: AppInfo;
  /** Why the back end cannot be reached. */
  readonly error?: AppError;
  /** Follows the transport's state; returns the unsubscribe. */
  readonly start: () => () => void;
  /** Asks the back end for app.info; marks the connection lost when that fails. */
  readonly probe: () => Promise<void>;
  /** Called with any failed call's error: re-probes when the transport may be at fault. */
  readonly noteFailure: (error: AppError) => void;
}

let retryTimer: ReturnType<typeof setTimeout> | undefined;
let probing: Promise<void> | undefined;

export const useConnection = create<ConnectionSlice>()((set, get) => {
  function follow(transport: BridgeStatus): void {
    switch (transport.state) {
      case 'connecting':
        set({ status: 'connecting' });
        return;
      case 'open':
        void get().probe();
        return;
      case 'reconnecting':
        clearTimeout(retryTimer);
        set({ status: 'reconnecting', error: transport.error });
        return;
      case 'failed':
        clearTimeout(retryTimer);
        set({ status: 'lost', error: transport.error });
        return;
      default: {
        const unknown: never = transport;
        throw new Error(`Unknown transport state: ${JSON.stringify(unknown)}`);
      }
    }
  }

  return {
    status: 'connecting',
    info: undefined,
    error: undefined,

    start() {
      follow(apiConnection.status());
      return apiConnection.onStatus(follow);
    },

    probe() {
      // One probe at a time: several screens may report the same dropped socket together.
      probing ??= (async () => {
        clearTimeout(retryTimer);
        try {
          const info = await api.call('app.info', {});
          set({ status: 'connected', info, error: undefined });
        } catch (thrown) {
          const error = toAppError(thrown);
          const transport = apiConnection.status().state;
          // A socket that is reconnecting or gone reports through follow(); retry only when the
          // transport claims to be fine but the back end did not answer.
          if (transport === 'open') {
            set({ status: 'lost', error });
            retryTimer = setTimeout(() => void get().probe(), RETRY_MS);
          } else if (transport !== 'connecting') {
            set({ status: transport === 'failed' ? 'lost' : 'reconnecting', error });
          }
        } finally {
          probing = undefined;
        }
      })();
      return probing;
    },

    noteFailure(error) {
      if (TRANSPORT_CODES.has(error.code) && apiConnection.status().state === 'open') {
        void get().probe();
      }
    },
  };
});
