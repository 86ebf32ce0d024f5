/**
 * One client connection on the server side, whatever carries it (a WebSocket, an Electron
 * window, the in-memory transport): routes client messages to the dispatcher, runs streams
 * through an acknowledgement window, and aborts everything in flight when the client goes away.
 */
import { appError, toAppError, type AppError, type Result } from '../errors';
import { createAckWindow, type AckWindow } from './ack-window';
import type { CallContext, CancelSignal } from './define';
import type { Dispatcher } from './dispatcher';
import { failure, type ClientMessage, type ResultMessage, type StreamItemMessage } from './wire';

/** Options of {@link openServerConnection}. */
export interface ServerConnectionOptions {
  readonly transport: CallContext['transport'];
  /** Puts a stream item on the wire (results are returned by `handle` instead). */
  readonly sendItem: (message: StreamItemMessage) => void;
}

/** The server's view of one client. */
export interface ServerConnection {
  /**
   * Handles one client message. Resolves with the reply for a call or a finished stream, and
   * with undefined for acknowledgements and cancellations. Never rejects.
   */
  handle(message: ClientMessage): Promise<ResultMessage | undefined>;
  /** The client went away: running handlers see their signal aborted, streams stop. */
  close(): void;
}

interface Abortable {
  readonly signal: CancelSignal;
  abort(): void;
}

function abortable(parent?: CancelSignal): Abortable {
  let aborted = false;
  return {
    signal: {
      get aborted() {
        return aborted || parent?.aborted === true;
      },
    },
    abort() {
      aborted = true;
    },
  };
}

interface OpenStream {
  readonly window: AckWindow<unknown>;
  readonly control: Abortable;
}

const CANCELLED = appError('CONNECTION_RESET', 'The receiver cancelled the stream.', {
  retryable: false,
});
const GONE = appError('CONNECTION_RESET', 'The client disconnected.');

/** Opens the server side of a connection over `dispatcher`. */
export function openServerConnection(
  dispatcher: Dispatcher,
  options: ServerConnectionOptions,
): ServerConnection {
  const connection = abortable();
  const streams = new Map<number, OpenStream>();

  function reply(id: number, result: Result<unknown>): ResultMessage {
    return { kind: 'result', id, result };
  }

  function stop(id: number, error: AppError): void {
    const open = streams.get(id);
    if (open === undefined) return;
    streams.delete(id);
    open.control.abort();
    open.window.close(error);
  }

  async function runStream(id: number, name: string, input: unknown): Promise<ResultMessage> {
    const size = dispatcher.streamWindow(name);
    if (size === undefined)
      return reply(id, await dispatcher.stream(name, input, noSink, context()));
    if (streams.has(id)) {
      return reply(id, failure(appError('INVALID_INPUT', `Stream id ${id} is already open.`)));
    }
    const window = createAckWindow<unknown>(size, (seq, item) =>
      options.sendItem({ kind: 'stream-item', id, seq, item }),
    );
    const control = abortable(connection.signal);
    streams.set(id, { window, control });
    try {
      const result = await dispatcher.stream(name, input, window.sink, {
        transport: options.transport,
        signal: control.signal,
      });
      if (!result.ok) return reply(id, result);
      // The final result promises the receiver has every item: wait for the last acknowledgement.
      try {
        await window.drained();
      } catch (thrown) {
        return reply(id, failure(toAppError(thrown)));
      }
      return reply(id, result);
    } finally {
      streams.delete(id);
    }
  }

  function context(): CallContext {
    return { transport: options.transport, signal: connection.signal };
  }

  return {
    async handle(message) {
      switch (message.kind) {
        case 'call':
          if (connection.signal.aborted) return reply(message.id, failure(GONE));
          return reply(message.id, await dispatcher.call(message.name, message.input, context()));
        case 'stream-open':
          if (connection.signal.aborted) return reply(message.id, failure(GONE));
          return runStream(message.id, message.name, message.input);
        case 'stream-ack':
          streams.get(message.id)?.window.ack(message.seq);
          return undefined;
        case 'stream-cancel':
          stop(message.id, CANCELLED);
          return undefined;
        default: {
          const unreachable: never = message;
          return unreachable;
        }
      }
    },
    close() {
      connection.abort();
      for (const id of [...streams.keys()]) stop(id, GONE);
    },
  };
}

/** A sink for a name that is not a stream: the dispatcher refuses the name before using it. */
const noSink = {
  send(): Promise<void> {
    return Promise.reject(new Error('not a stream'));
  },
};
