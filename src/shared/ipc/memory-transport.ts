/**
 * The contract in one process, for tests: a real client and a real server connection joined by
 * a pair of asynchronous "wires". Every message is serialised and parsed on the way, exactly as
 * the WebSocket bridge does, so what passes here passes there (no shared objects, no Error
 * instances crossing).
 */
import { AppFailure, appError } from '../errors';
import type { Client, ContractShape, EventEmitterPort, Handlers } from './define';
import { createDispatcher, type DispatcherOptions } from './dispatcher';
import { createEventHub } from './event-hub';
import { createRemoteClient } from './remote-client';
import { openServerConnection } from './server-connection';
import { asClientMessage } from './wire-guard';
import type { ServerMessage } from './wire';

/** A connected client and the event port its handlers emit on. */
export interface MemoryTransport<C extends ContractShape> {
  readonly client: Client<C>;
  readonly events: EventEmitterPort<C>;
  /** Drops the connection: pending calls reject with CONNECTION_RESET, handlers are aborted. */
  close(): void;
}

/** Handlers, or a factory that needs the event port first (as createHandlers(deps) does). */
export type HandlersOrFactory<C extends ContractShape> =
  Handlers<C> | ((events: EventEmitterPort<C>) => Handlers<C>);

/** Options of {@link createMemoryTransport}. */
export interface MemoryTransportOptions extends DispatcherOptions {
  /** Sees every message as it crosses (after serialisation), e.g. to count unacknowledged items. */
  readonly tap?: (direction: 'to-server' | 'to-client', message: unknown) => void;
}

const CLOSED = appError('CONNECTION_RESET', 'The memory transport was closed.');

/** Same as a trip over a socket: JSON out, JSON in. */
function overTheWire(message: object): unknown {
  return JSON.parse(JSON.stringify(message));
}

/** Connects a client to `handlers` in memory. */
export function createMemoryTransport<C extends ContractShape>(
  contract: C,
  handlers: HandlersOrFactory<C>,
  options: MemoryTransportOptions = {},
): MemoryTransport<C> {
  const hub = createEventHub(contract);
  const resolved = typeof handlers === 'function' ? handlers(hub) : handlers;
  const dispatcher = createDispatcher(contract, resolved, options);
  const clientListeners = new Set<(message: unknown) => void>();
  let open = true;

  function toClient(message: ServerMessage): void {
    if (!open) return;
    const copy = overTheWire(message);
    void Promise.resolve().then(() => {
      options.tap?.('to-client', copy);
      for (const listener of [...clientListeners]) listener(copy);
    });
  }

  const connection = openServerConnection(dispatcher, { transport: 'memory', sendItem: toClient });
  const unsubscribeEvents = hub.subscribe(toClient);

  const client = createRemoteClient<C>({
    send(message) {
      if (!open) throw new AppFailure(CLOSED);
      const raw = overTheWire(message);
      const copy = asClientMessage(raw);
      if (copy === null) throw new Error(`Malformed ${message.kind} message.`);
      void Promise.resolve().then(async () => {
        options.tap?.('to-server', raw);
        const reply = await connection.handle(copy);
        if (reply !== undefined) toClient(reply);
      });
    },
    onMessage(listener) {
      clientListeners.add(listener);
      return () => {
        clientListeners.delete(listener);
      };
    },
  });

  return {
    client,
    events: hub,
    close() {
      if (!open) return;
      open = false;
      unsubscribeEvents();
      connection.close();
      client.failPending(CLOSED);
    },
  };
}
