/**
 * Carries the wire protocol over WebSocket connections: one server connection per socket, JSON
 * text frames, events to every socket. A peer that sends anything outside the protocol is
 * disconnected (it is either broken or hostile).
 */
import { WebSocket, type RawData, type WebSocketServer } from 'ws';
import type { ContractShape } from '../shared/ipc/define';
import type { Dispatcher } from '../shared/ipc/dispatcher';
import type { EventHub } from '../shared/ipc/event-hub';
import { openServerConnection } from '../shared/ipc/server-connection';
import type { ServerMessage } from '../shared/ipc/wire';
import { asClientMessage } from '../shared/ipc/wire-guard';
import type { Logger } from '../main/core/ports';

/** WebSocket close codes (RFC 6455 §7.4.1). */
const UNSUPPORTED_DATA = 1003;
const POLICY_VIOLATION = 1008;

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Reported by the caller as a protocol violation.
    return undefined;
  }
}

/** Serves every connection `server` accepts; returns a function that stops listening. */
export function bindWebSockets<C extends ContractShape>(
  server: WebSocketServer,
  dispatcher: Dispatcher,
  hub: EventHub<C>,
  logger: Logger,
): () => void {
  function onConnection(socket: WebSocket): void {
    function send(message: ServerMessage): void {
      // A socket closing while a handler runs: its results have nobody to go to.
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send(JSON.stringify(message), (error) => {
        if (error) logger.warn('web bridge: a message could not be sent', { error });
      });
    }

    const connection = openServerConnection(dispatcher, { transport: 'web', sendItem: send });
    const unsubscribe = hub.subscribe(send);

    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        socket.close(UNSUPPORTED_DATA, 'Text frames only');
        return;
      }
      const message = asClientMessage(parse(textOf(data)));
      if (message === null) {
        logger.warn('web bridge: closing a socket that broke the protocol');
        socket.close(POLICY_VIOLATION, 'Not a protocol message');
        return;
      }
      void connection.handle(message).then((reply) => {
        if (reply !== undefined) send(reply);
      });
    });
    socket.on('close', () => {
      unsubscribe();
      connection.close();
    });
    socket.on('error', (error) => {
      logger.warn('web bridge: socket error', { error });
    });
  }

  server.on('connection', onConnection);
  return () => {
    server.off('connection', onConnection);
  };
}
