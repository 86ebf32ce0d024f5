/**
 * The renderer's client for the browser bridge: the contract over one WebSocket, reconnecting
 * with backoff when it drops. While the socket is down, calls fail at once with
 * CONNECTION_RESET (nothing hangs); after the last attempt the state is "failed" and the
 * message tells the user to restart `npm run web`, whose new run has a new token.
 *
 * Runs in the browser; it takes the socket from a factory so tests drive it with the `ws`
 * package against the real bridge.
 */
import { AppFailure, appError, type AppError } from '../../shared/errors';
import type { ContractShape } from '../../shared/ipc/define';
import { createRemoteClient, type RemoteClient } from '../../shared/ipc/remote-client';
import type { ClientMessage } from '../../shared/ipc/wire';

/** Where the connection stands, for a banner. */
export type BridgeStatus =
  | { readonly state: 'connecting' }
  | { readonly state: 'open' }
  | { readonly state: 'reconnecting'; readonly attempt: number; readonly error: AppError }
  | { readonly state: 'failed'; readonly error: AppError };

/** What a socket reports. */
export interface SocketEvents {
  open(): void;
  message(data: string): void;
  /** The socket closed or could not connect (browsers do not say which, nor why). */
  close(): void;
}

/** The least the client needs of a WebSocket. */
export interface SocketLike {
  send(data: string): void;
  close(): void;
}

/** Opens a socket to `url` reporting to `events`. */
export type SocketFactory = (url: string, events: SocketEvents) => SocketLike;

/** Options of {@link connectSocketClient}. */
export interface SocketClientOptions {
  /** `ws://127.0.0.1:PORT/ipc?token=TOKEN` */
  readonly url: string;
  readonly createSocket: SocketFactory;
  /** The wait before each reconnection attempt; after the last one the client gives up. */
  readonly retryDelaysMs?: readonly number[];
}

/** A Client with its connection state. */
export interface SocketClient<C extends ContractShape> extends RemoteClient<C> {
  status(): BridgeStatus;
  /** Called on every change of state; returns unsubscribe. */
  onStatus(listener: (status: BridgeStatus) => void): () => void;
  /** Closes the socket for good. */
  close(): void;
}

const RESTART = 'Restart `npm run web` and open the new link it prints.';

/** The error while a reconnection is under way. */
export const CONNECTION_LOST = appError(
  'CONNECTION_RESET',
  `The connection to the mailcrm web server was lost; reconnecting. If this lasts, ${RESTART}`,
);

/** The error once the client has given up. */
export const CONNECTION_GONE = appError(
  'CONNECTION_RESET',
  `The mailcrm web server cannot be reached (it stopped, or was restarted with a new token). ${RESTART}`,
  { retryable: false, hint: RESTART },
);

const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/** Connects at once and returns the client; calls made before the socket opens wait for it. */
export function connectSocketClient<C extends ContractShape>(
  options: SocketClientOptions,
): SocketClient<C> {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const messageListeners = new Set<(message: unknown) => void>();
  const statusListeners = new Set<(status: BridgeStatus) => void>();
  let status: BridgeStatus = { state: 'connecting' };
  let socket: SocketLike | null = null;
  /** Messages sent before the first open; later, a closed socket fails calls at once. */
  let queued: string[] = [];
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closedByUs = false;

  function setStatus(next: BridgeStatus): void {
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  }

  function currentError(): AppError {
    return status.state === 'failed' ? status.error : CONNECTION_LOST;
  }

  function receive(data: string): void {
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      // The remote client reports what is outside the protocol.
      message = undefined;
    }
    for (const listener of [...messageListeners]) listener(message);
  }

  function dropped(): void {
    socket = null;
    if (closedByUs) return;
    queued = [];
    const exhausted = attempt >= delays.length;
    const error = exhausted ? CONNECTION_GONE : CONNECTION_LOST;
    setStatus(
      exhausted
        ? { state: 'failed', error }
        : { state: 'reconnecting', attempt: attempt + 1, error },
    );
    remote.failPending(error);
    if (exhausted) return;
    timer = setTimeout(connect, delays[attempt]);
    attempt += 1;
  }

  function connect(): void {
    timer = undefined;
    const current = options.createSocket(options.url, {
      open() {
        attempt = 0;
        const pending = queued;
        queued = [];
        setStatus({ state: 'open' });
        for (const text of pending) current.send(text);
      },
      message: receive,
      close() {
        // A socket replaced or closed by us reports nothing.
        if (socket === current) dropped();
      },
    });
    socket = current;
  }

  const remote = createRemoteClient<C>({
    send(message: ClientMessage) {
      const text = JSON.stringify(message);
      if (status.state === 'open' && socket !== null) return socket.send(text);
      if (status.state === 'connecting') {
        queued.push(text);
        return;
      }
      throw new AppFailure(currentError());
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => {
        messageListeners.delete(listener);
      };
    },
  });

  connect();

  return {
    ...remote,
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close() {
      closedByUs = true;
      clearTimeout(timer);
      socket?.close();
      socket = null;
      setStatus({ state: 'failed', error: CONNECTION_GONE });
      remote.dispose();
    },
  };
}
