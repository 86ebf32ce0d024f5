/** Small network helpers for the rig: free loopback ports and waiting for a server's greeting. */
import { createServer, connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * A port on 127.0.0.1 that was free a moment ago. Only for servers that cannot listen on port 0
 * and report the port back (Dovecot); there is a small race, so callers retry on EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

export interface GreetingOptions {
  readonly port: number;
  /** Implicit TLS: the greeting comes after the handshake. */
  readonly tls?: { readonly ca: string; readonly servername: string };
  /** The greeting must start with this, e.g. "* OK". */
  readonly expect: string;
}

/** Resolves with the first line a server sends, or rejects if it closes or errors first. */
export function readGreeting(options: GreetingOptions): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket: Socket =
      options.tls === undefined
        ? connectTcp(options.port, '127.0.0.1')
        : connectTls({
            host: '127.0.0.1',
            port: options.port,
            ca: options.tls.ca,
            servername: options.tls.servername,
          });
    let received = '';
    socket.setEncoding('utf8');
    socket.setTimeout(2000, () => socket.destroy(new Error('no greeting within 2 s')));
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\r\n');
      if (end < 0) return;
      socket.destroy();
      const line = received.slice(0, end);
      if (line.startsWith(options.expect)) resolve(line);
      else reject(new Error(`unexpected greeting: ${line}`));
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('closed before the greeting')));
  });
}

/**
 * Polls until `readGreeting` succeeds. `alive` lets the caller stop early when the server
 * process has already died, instead of waiting out the whole deadline.
 */
export async function waitForGreeting(
  options: GreetingOptions,
  alive: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline && alive()) {
    try {
      await readGreeting(options);
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`port ${options.port} did not greet: ${reason}`);
}
