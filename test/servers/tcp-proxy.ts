/**
 * A loopback TCP proxy for failure tests: it forwards bytes to a rig server and, on command,
 * cuts every connection, goes silent (reads and drops bytes both ways while keeping the sockets
 * open, like a NAT that forgot the flow or a laptop that slept), or refuses new connections.
 * It records what clients sent, so a test can count LOGIN commands on a plaintext connection.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** One client connection and its upstream connection. */
interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  silent: boolean;
  /** Bytes the client sent, as latin1 text. */
  sent: string;
}

/** How {@link TcpProxy.cut} ends connections. */
export type CutMode = 'reset' | 'close';

/** A running proxy on 127.0.0.1. */
export interface TcpProxy {
  readonly port: number;
  /** Client connections accepted so far, refused ones included. */
  connections(): number;
  /** What each forwarded client connection sent, in order of arrival (latin1 text). */
  transcripts(): readonly string[];
  /** Connections open now. */
  openConnections(): number;
  /** Ends every open connection: 'reset' sends the client an RST, 'close' a FIN. */
  cut(mode?: CutMode): void;
  /**
   * Open connections stop forwarding: bytes both ways are read and dropped, nothing is closed
   * (an upstream close is not passed on either). New connections forward normally.
   */
  silence(): void;
  /** While false, new connections are reset as soon as they are accepted. */
  setAccepting(accepting: boolean): void;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Starts a proxy on a free 127.0.0.1 port in front of `target` (a loopback address only). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  if (!LOOPBACK.has(target.host)) throw new Error(`tcp-proxy: ${target.host} is not loopback`);
  const pairs = new Set<Pair>();
  const transcripts: Pair[] = [];
  let accepted = 0;
  let accepting = true;

  const server: Server = createServer((client) => {
    accepted += 1;
    if (!accepting) {
      client.on('error', () => client.destroy());
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: Pair = { client, upstream, silent: false, sent: '' };
    pairs.add(pair);
    transcripts.push(pair);
    client.on('data', (chunk: Buffer) => {
      pair.sent += chunk.toString('latin1');
      if (!pair.silent) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!pair.silent) client.write(chunk);
    });
    const teardown = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // The client decides when a silent connection ends; the server's close is swallowed then.
    client.on('close', teardown);
    client.on('error', teardown);
    upstream.on('error', () => {
      if (!pair.silent) teardown();
    });
    upstream.on('close', () => {
      if (!pair.silent) teardown();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('tcp-proxy: no address');

  return {
    port: address.port,
    connections: () => accepted,
    transcripts: () => transcripts.map((pair) => pair.sent),
    openConnections: () => pairs.size,
    cut(mode = 'reset') {
      for (const pair of [...pairs]) {
        pairs.delete(pair);
        if (mode === 'reset') pair.client.resetAndDestroy();
        else pair.client.destroy();
        pair.upstream.destroy();
      }
    },
    silence() {
      for (const pair of pairs) pair.silent = true;
    },
    setAccepting(value) {
      accepting = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of [...pairs]) {
          pair.client.destroy();
          pair.upstream.destroy();
        }
        pairs.clear();
        server.close(() => resolve());
      }),
  };
}
