/**
 * The bridge's mail frame host: a second HTTP server on another loopback port, so mail is shown
 * under an origin of its own, never the app's (src/shared/ipc/mail-frame-host.ts says why). It
 * serves two fixed documents, the host page and its script, and nothing else: no files, no
 * socket, no token needed because it holds no data; only the app's page may frame it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../main/core/ports';
import {
  MAIL_FRAME_SCRIPT,
  MAIL_FRAME_SCRIPT_PATH,
  mailFrameHostHtml,
  mailFrameHostPolicy,
} from '../shared/ipc/mail-frame-host';
import { isOwnHost } from './socket-auth';
import { sendText } from './static-files';

/** The path where the app page asks for the mail frame's origin (on the app's own server). */
export const MAIL_FRAME_ORIGIN_PATH = '/mail-frame-origin';

/** A running mail frame host. */
export interface MailFrameServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT`: what the app's frame-src and postMessage target name. */
  readonly origin: string;
  close(): Promise<void>;
}

function answer(
  response: ServerResponse,
  request: IncomingMessage,
  type: string,
  body: string,
): void {
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/**
 * Starts the host on `host` (a free port unless `port` is given). `appOrigins` gives the app
 * page's origins, the only ones that may frame the host and post mail to it; it is asked per
 * request because the host starts before the app's server knows its own port.
 */
export async function startMailFrameServer(
  host: string,
  appOrigins: () => readonly string[],
  logger: Logger,
  port = 0,
): Promise<MailFrameServer> {
  const identity = { port: 0 };

  const server = createServer((request, response) => {
    const origins = appOrigins();
    response.setHeader('Content-Security-Policy', mailFrameHostPolicy(origins));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cache-Control', 'no-store');
    // DNS rebinding: another site's name pointing at 127.0.0.1 gets nothing.
    if (!isOwnHost(request.headers.host, identity.port)) {
      return sendText(response, 403, 'Unknown Host header');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendText(response, 405, 'Method not allowed');
    }
    const path = (request.url ?? '/').split('?', 1)[0];
    if (path === '/') {
      return answer(response, request, 'text/html; charset=utf-8', mailFrameHostHtml(origins));
    }
    if (path === MAIL_FRAME_SCRIPT_PATH) {
      return answer(response, request, 'text/javascript; charset=utf-8', MAIL_FRAME_SCRIPT);
    }
    return sendText(response, 404, 'Not found');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.error('mail frame host: server error', { error }));
  const bound = (server.address() as AddressInfo).port;
  identity.port = bound;
  return {
    port: bound,
    origin: `http://${host}:${bound}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
