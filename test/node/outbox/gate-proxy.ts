/**
 * A loopback proxy that can freeze a client at a chosen protocol step, for kill tests. With
 * `tls` it terminates TLS itself (with the rig's certificate) and speaks TLS upstream, so it
 * sees the SMTP dialogue in clear and can stop, say, right after the message's final dot:
 * the server has the message, the client never hears its 250. It can also refuse connections
 * (a closed port: ECONNREFUSED) and accept them again on the same port.
 */
import {
  connect as netConnect,
  createServer as netServer,
  type Server,
  type Socket,
} from 'node:net';
import { connect as tlsConnect, createServer as tlsServer } from 'node:tls';

/** One client connection and its upstream. */
interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  frozen: boolean;
  /** Client bytes so far (latin1). */
  sent: string;
}

export interface GateProxyOptions {
  readonly target: { readonly host: '127.0.0.1'; readonly port: number };
  /** Terminate TLS here and upstream (implicit-TLS ports only). */
  readonly tls?: { readonly key: string; readonly cert: string; readonly servername: string };
}

export interface GateProxy {
  readonly port: number;
  /**
   * From the moment a connection's client bytes match `pattern`, it forwards nothing more
   * either way; 'before' drops the matching chunk too, 'after' forwards it first.
   */
  freezeOn(pattern: RegExp, when: 'before' | 'after'): void;
  /** Every connection, open or new, forwards nothing (a black hole that keeps sockets open). */
  freezeAll(): void;
  /** True once a freezeOn pattern matched. */
  triggered(): boolean;
  /** Stops listening: new connections are refused. */
  refuse(): Promise<void>;
  /** Listens again, on the same port. */
  accept(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a gate proxy on a free 127.0.0.1 port. */
export async function startGateProxy(options: GateProxyOptions): Promise<GateProxy> {
  const pairs = new Set<Pair>();
  let rule: { pattern: RegExp; when: 'before' | 'after' } | undefined;
  let allFrozen = false;
  let matched = false;
  const { tls, target } = options;

  const onClient = (client: Socket): void => {
    const upstream = tls
      ? tlsConnect({
          host: target.host,
          port: target.port,
          servername: tls.servername,
          ca: tls.cert,
        })
      : netConnect(target.port, target.host);
    const pair: Pair = { client, upstream, frozen: allFrozen, sent: '' };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      pair.sent += chunk.toString('latin1');
      if (!pair.frozen && rule !== undefined && rule.pattern.test(pair.sent)) {
        matched = true;
        if (rule.when === 'after') upstream.write(chunk);
        pair.frozen = true;
      }
      if (!pair.frozen) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!pair.frozen) client.write(chunk);
    });
    const teardown = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', teardown);
    client.on('error', teardown);
    // A frozen connection looks alive to the client until the client gives up.
    upstream.on('error', () => {
      if (!pair.frozen) teardown();
    });
    upstream.on('close', () => {
      if (!pair.frozen) teardown();
    });
  };

  // Raw sockets too: a TLS handshake under way is no pair yet, but must not keep close() waiting.
  const sockets = new Set<Socket>();
  const makeServer = (): Server => {
    const created = tls
      ? tlsServer({ key: tls.key, cert: tls.cert }, onClient)
      : netServer(onClient);
    created.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return created;
  };
  const listen = (server: Server, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        if (address === null || typeof address === 'string') reject(new Error('no address'));
        else resolve(address.port);
      });
    });
  const stop = (server: Server): Promise<void> =>
    new Promise((resolve) => server.close(() => resolve()));

  let server = makeServer();
  const port = await listen(server, 0);
  let listening = true;

  return {
    port,
    freezeOn(pattern, when) {
      rule = { pattern, when };
    },
    freezeAll() {
      allFrozen = true;
      for (const pair of pairs) pair.frozen = true;
    },
    triggered: () => matched,
    async refuse() {
      if (!listening) return;
      listening = false;
      await stop(server);
    },
    async accept() {
      if (listening) return;
      server = makeServer();
      await listen(server, port);
      listening = true;
    },
    async close() {
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      for (const socket of sockets) socket.destroy();
      if (listening) await stop(server);
      listening = false;
    },
  };
}
