/**
 * The client side of the contract over any message port (a WebSocket, Electron IPC in the
 * preload, the in-memory transport). Results arrive as data and are rethrown here as AppFailure,
 * so `error.code` survives every transport.
 */
import { AppFailure, appError, toAppError, type AppError, type Result } from '../errors';
import type {
  CallInput,
  CallOutput,
  Client,
  ContractShape,
  EventPayload,
  StreamDone,
  StreamInput,
  StreamItem,
} from './define';
import { asServerMessage } from './wire-guard';
import type { ClientMessage, ServerMessage } from './wire';

/** The least a transport must offer the client. */
export interface MessagePortLike {
  /** Sends a message; may throw (e.g. an AppFailure when the connection is down). */
  send(message: ClientMessage): void;
  /** Delivers every message from the server; checked here before use. Returns unsubscribe. */
  onMessage(listener: (message: unknown) => void): () => void;
}

/** Options of {@link createRemoteClient}. */
export interface RemoteClientOptions {
  /** Told about a message that is not part of the protocol; by default it throws. */
  readonly onProtocolError?: (message: unknown) => void;
}

/** A Client that can be told its transport went away. */
export interface RemoteClient<C extends ContractShape> extends Client<C> {
  /** Rejects every pending call and stream with `error` (the connection dropped). */
  failPending(error: AppError): void;
  /** Stops listening to the port and fails whatever is pending. */
  dispose(): void;
}

interface PendingCall {
  settle(result: Result<unknown>): void;
}

interface PendingStream extends PendingCall {
  item(seq: number, item: unknown): void;
  fail(error: AppError): void;
}

/** Creates a client of contract C over `port`. */
export function createRemoteClient<C extends ContractShape>(
  port: MessagePortLike,
  options: RemoteClientOptions = {},
): RemoteClient<C> {
  const calls = new Map<number, PendingCall>();
  const streams = new Map<number, PendingStream>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  function send(message: ClientMessage): AppError | null {
    try {
      port.send(message);
      return null;
    } catch (thrown) {
      return toAppError(thrown);
    }
  }

  function deliverEvent(name: string, payload: unknown): void {
    const errors: unknown[] = [];
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (thrown) {
        errors.push(thrown);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, `A listener of "${name}" failed.`);
  }

  function receive(raw: unknown): void {
    const message: ServerMessage | null = asServerMessage(raw);
    if (message === null) {
      if (options.onProtocolError) return options.onProtocolError(raw);
      throw new Error('The server sent a message outside the protocol.');
    }
    switch (message.kind) {
      case 'result': {
        const call = calls.get(message.id);
        if (call !== undefined) {
          calls.delete(message.id);
          return call.settle(message.result);
        }
        return streams.get(message.id)?.settle(message.result);
      }
      case 'stream-item':
        return streams.get(message.id)?.item(message.seq, message.item);
      case 'event':
        return deliverEvent(message.name, message.payload);
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  const unsubscribe = port.onMessage(receive);

  function failPending(error: AppError): void {
    const failed = { ok: false, error } as const;
    for (const [id, call] of [...calls]) {
      calls.delete(id);
      call.settle(failed);
    }
    for (const stream of [...streams.values()]) stream.fail(error);
  }

  function openStream(
    name: string,
    input: unknown,
    onItem: (item: unknown) => Promise<void> | void,
  ): Promise<unknown> {
    const id = nextId++;
    return new Promise<unknown>((resolve, reject) => {
      // Items are handled one at a time, in order; the result waits behind them.
      let chain: Promise<void> = Promise.resolve();
      let over = false;
      const end = (error: AppError): void => {
        if (over) return;
        over = true;
        streams.delete(id);
        reject(new AppFailure(error));
      };
      streams.set(id, {
        item(seq, item) {
          chain = chain.then(async () => {
            if (over) return;
            try {
              await onItem(item);
            } catch (thrown) {
              // The receiver could not store the item: stop the sender, report the receiver's error.
              send({ kind: 'stream-cancel', id });
              return end(toAppError(thrown));
            }
            const error = over ? null : send({ kind: 'stream-ack', id, seq });
            if (error !== null) end(error);
          });
        },
        settle(result) {
          chain = chain.then(() => {
            if (over) return;
            over = true;
            streams.delete(id);
            if (result.ok) resolve(result.value);
            else reject(new AppFailure(result.error));
          });
        },
        fail: end,
      });
      const error = send({ kind: 'stream-open', id, name, input });
      if (error !== null) end(error);
    });
  }

  return {
    call<K extends keyof C['calls'] & string>(
      name: K,
      input: CallInput<C, K>,
    ): Promise<CallOutput<C, K>> {
      const id = nextId++;
      return new Promise<CallOutput<C, K>>((resolve, reject) => {
        calls.set(id, {
          settle(result) {
            // Outputs are typed by the contract and produced by our own handlers.
            if (result.ok) resolve(result.value as CallOutput<C, K>);
            else reject(new AppFailure(result.error));
          },
        });
        const error = send({ kind: 'call', id, name, input });
        if (error !== null) {
          calls.delete(id);
          reject(new AppFailure(error));
        }
      });
    },
    on<K extends keyof C['events'] & string>(
      name: K,
      listener: (payload: EventPayload<C, K>) => void,
    ): () => void {
      const wrapped = (payload: unknown): void => listener(payload as EventPayload<C, K>);
      const set = listeners.get(name) ?? new Set();
      set.add(wrapped);
      listeners.set(name, set);
      return () => {
        set.delete(wrapped);
      };
    },
    async stream<K extends keyof C['streams'] & string>(
      name: K,
      input: StreamInput<C, K>,
      onItem: (item: StreamItem<C, K>) => Promise<void> | void,
    ): Promise<StreamDone<C, K>> {
      const done = await openStream(name, input, (item) => onItem(item as StreamItem<C, K>));
      return done as StreamDone<C, K>;
    },
    failPending,
    dispose() {
      unsubscribe();
      failPending(appError('CONNECTION_RESET', 'The connection to the app was closed.'));
    },
  };
}
