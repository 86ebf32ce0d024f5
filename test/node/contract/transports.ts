/**
 * Connects a client to handlers over each transport the app has outside Electron: the
 * in-memory transport and the real browser bridge (HTTP server, token, WebSocket, and the
 * renderer's own socket client driven by the `ws` package). Both record every message on the
 * wire, so tests can count what is in flight.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { Logger } from '../../../src/main/core/ports';
import type { Client, ContractShape, EventEmitterPort } from '../../../src/shared/ipc/define';
import {
  createMemoryTransport,
  type HandlersOrFactory,
} from '../../../src/shared/ipc/memory-transport';
import { startWebBridge, type WebBridge } from '../../../src/web/bridge';
import {
  connectSocketClient,
  type SocketClient,
  type SocketFactory,
} from '../../../src/renderer/api/socket-client';

export const TRANSPORTS = ['memory', 'websocket'] as const;
export type TransportKind = (typeof TRANSPORTS)[number];

/** One message seen on the wire. */
export interface Tapped {
  readonly direction: 'to-server' | 'to-client';
  readonly message: unknown;
}

/** A client connected to handlers. */
export interface Connected<C extends ContractShape> {
  readonly client: Client<C>;
  readonly events: EventEmitterPort<C>;
  readonly wire: Tapped[];
  /** What the server side logged. */
  readonly logs: string[];
  /** The bridge, over the websocket transport. */
  readonly bridge?: WebBridge;
  readonly socketClient?: SocketClient<C>;
  /** The server side goes away (the bridge stops, the memory transport closes). */
  readonly dropServer: () => Promise<void>;
  /** Closes both sides; safe to call more than once. */
  readonly close: () => Promise<void>;
}

/** A logger that keeps lines for assertions. */
export function recordingLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${fields === undefined ? '' : JSON.stringify(fields)}`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** A folder standing in for out/renderer. */
export async function fakeRendererDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mailcrm-renderer-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>mailcrm</title>');
  return dir;
}

/** The `ws` package as the renderer client's socket, with an Origin header like a browser's. */
export function wsSocketFactory(origin: string, wire: Tapped[]): SocketFactory {
  return (url, events) => {
    const socket = new WebSocket(url, { origin });
    socket.on('open', () => events.open());
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : (data as Buffer).toString('utf8');
      wire.push({ direction: 'to-client', message: JSON.parse(text) as unknown });
      events.message(text);
    });
    // Refusals surface as 'error' then 'close'; the client reacts to 'close'.
    socket.on('error', (error) =>
      wire.push({ direction: 'to-client', message: { error: error.message } }),
    );
    socket.on('close', () => events.close());
    return {
      send(data) {
        wire.push({ direction: 'to-server', message: JSON.parse(data) as unknown });
        socket.send(data);
      },
      close: () => socket.close(),
    };
  };
}

/** Connects over `kind`. */
export async function connect<C extends ContractShape>(
  kind: TransportKind,
  contract: C,
  handlers: HandlersOrFactory<C>,
): Promise<Connected<C>> {
  const wire: Tapped[] = [];
  const logs: string[] = [];
  const logger = recordingLogger(logs);
  if (kind === 'memory') {
    const transport = createMemoryTransport(contract, handlers, {
      tap: (direction, message) => wire.push({ direction, message }),
      onUnexpectedError: (name, error) => logger.error(`${name} failed`, { error: String(error) }),
    });
    const close = (): Promise<void> => {
      transport.close();
      return Promise.resolve();
    };
    return {
      client: transport.client,
      events: transport.events,
      wire,
      logs,
      dropServer: close,
      close,
    };
  }
  let events: EventEmitterPort<C> | undefined;
  const staticDir = await fakeRendererDir();
  const bridge = await startWebBridge({
    contract,
    staticDir,
    logger,
    handlers: (port) => {
      events = port;
      return typeof handlers === 'function' ? handlers(port) : handlers;
    },
  });
  if (events === undefined) throw new Error('The bridge did not create its event port');
  const socketClient = connectSocketClient<C>({
    url: `${bridge.socketUrl}?token=${bridge.token}`,
    createSocket: wsSocketFactory(`http://127.0.0.1:${bridge.port}`, wire),
    retryDelaysMs: [],
  });
  // Events go to connected sockets only: wait until this one is.
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      const state = socketClient.status().state;
      if (state === 'open') resolve();
      else if (state !== 'connecting') reject(new Error(`The socket did not open (${state})`));
    };
    const unsubscribe = socketClient.onStatus(() => {
      check();
      unsubscribe();
    });
    check();
  });
  let bridgeClosed: Promise<void> | undefined;
  const dropServer = (): Promise<void> => (bridgeClosed ??= bridge.close());
  return {
    client: socketClient,
    events,
    wire,
    logs,
    bridge,
    socketClient,
    dropServer,
    async close() {
      socketClient.close();
      await dropServer();
      await rm(staticDir, { recursive: true, force: true });
    },
  };
}

/** The largest number of stream items in flight (sent, not yet acknowledged) seen on the wire. */
export function maxUnacknowledged(wire: readonly Tapped[]): number {
  let inFlight = 0;
  let max = 0;
  for (const { message } of wire) {
    const kind = (message as { kind?: unknown }).kind;
    if (kind === 'stream-item') inFlight += 1;
    if (kind === 'stream-ack') inFlight -= 1;
    max = Math.max(max, inFlight);
  }
  return max;
}
