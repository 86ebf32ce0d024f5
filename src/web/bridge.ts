/**
 * The browser bridge: an HTTP server on 127.0.0.1 only that serves the built renderer and
 * carries the contract over a WebSocket at /ipc, guarded by a per-run secret token. Exported for
 * tests, which start it in-process with their own handlers; src/web/server.ts is the entry.
 */
import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '../main/core/ports';
import { contentSecurityPolicy } from '../shared/ipc/content-security-policy';
import type { ContractShape } from '../shared/ipc/define';
import { createDispatcher } from '../shared/ipc/dispatcher';
import { createEventHub } from '../shared/ipc/event-hub';
import type { HandlersOrFactory } from '../shared/ipc/memory-transport';
import { MAIL_FRAME_ORIGIN_PATH, startMailFrameServer } from './mail-frame';
import {
  bridgeOrigin,
  checkPageRequest,
  checkUpgrade,
  SOCKET_PATH,
  type BridgeIdentity,
} from './socket-auth';
import { createStaticFiles, sendText } from './static-files';
import { bindWebSockets } from './ws-binding';

/** Loopback only: the bridge is never reachable from another machine. */
export const BRIDGE_HOST = '127.0.0.1';

/** Largest message accepted from a page, in bytes (drafts with attachments stay well below). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Options of {@link startWebBridge}. */
export interface WebBridgeOptions<C extends ContractShape> {
  readonly contract: C;
  /** The handlers, or a factory that first receives the event port (createHandlers needs it). */
  readonly handlers: HandlersOrFactory<C>;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly logger: Logger;
}

/** A running bridge. */
export interface WebBridge {
  /** The page to open: `http://127.0.0.1:PORT/#token=TOKEN` (the fragment never reaches HTTP). */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The socket endpoint, without the token: `ws://127.0.0.1:PORT/ipc`. */
  readonly socketUrl: string;
  /** The mail frame host's origin (another loopback port): `http://127.0.0.1:PORT2`. */
  readonly mailFrameOrigin: string;
  /** Disconnects every client and stops listening. */
  close(): Promise<void>;
}

/** Headers on every HTTP answer, files and errors alike. */
function secureHeaders(response: ServerResponse, policy: string): void {
  response.setHeader('Content-Security-Policy', policy);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Cache-Control', 'no-store');
}

/** Answers a refused upgrade with a plain HTTP status and closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Starts the bridge and resolves once it listens. */
export async function startWebBridge<C extends ContractShape>(
  options: WebBridgeOptions<C>,
): Promise<WebBridge> {
  const { logger } = options;
  const token = randomBytes(32).toString('base64url');
  const hub = createEventHub(options.contract);
  const handlers =
    typeof options.handlers === 'function' ? options.handlers(hub) : options.handlers;
  const dispatcher = createDispatcher(options.contract, handlers, {
    onUnexpectedError: (name, error) => logger.error(`web bridge: ${name} failed`, { error }),
  });
  const staticFiles = createStaticFiles(options.staticDir, logger);
  // Filled in once listening; no request can arrive before.
  const identity: { -readonly [K in keyof BridgeIdentity]: BridgeIdentity[K] } = { port: 0, token };
  // Mail is shown from another origin (another port), never the app's; see mail-frame.ts.
  const mailFrame = await startMailFrameServer(
    BRIDGE_HOST,
    () => [bridgeOrigin(identity.port), `http://localhost:${identity.port}`],
    logger,
  );
  const policy = contentSecurityPolicy(mailFrame.origin);

  const server = createServer((request, response) => {
    secureHeaders(response, policy);
    const verdict = checkPageRequest(request, identity);
    if (!verdict.ok) return sendText(response, verdict.status, verdict.reason);
    if (request.url === MAIL_FRAME_ORIGIN_PATH) {
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.end(JSON.stringify({ origin: mailFrame.origin }));
      return;
    }
    staticFiles(request, response).catch((error: unknown) => {
      logger.error('web bridge: request failed', { error });
      if (!response.headersSent) sendText(response, 500, 'Internal error');
      else response.destroy();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const unbind = bindWebSockets(sockets, dispatcher, hub, logger);

  server.on('upgrade', (request, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => logger.warn('web bridge: upgrade socket error', { error }));
    const verdict = checkUpgrade(request, identity);
    if (!verdict.ok) {
      logger.warn('web bridge: refused a socket', {
        status: verdict.status,
        reason: verdict.reason,
      });
      return refuseUpgrade(socket, verdict.status, verdict.reason);
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      sockets.emit('connection', webSocket, request);
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: options.port ?? 0, host: BRIDGE_HOST, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // The port is taken: the frame host must not outlive a bridge that never started.
    await mailFrame.close();
    throw error;
  }
  server.on('error', (error) => logger.error('web bridge: server error', { error }));
  const { port } = server.address() as AddressInfo;
  identity.port = port;
  const origin = `http://${BRIDGE_HOST}:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    port,
    token,
    socketUrl: `ws://${BRIDGE_HOST}:${port}${SOCKET_PATH}`,
    mailFrameOrigin: mailFrame.origin,
    async close() {
      unbind();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await mailFrame.close();
    },
  };
}
