/**
 * Just enough line-based talk on a plaintext socket to reach a STARTTLS upgrade (RFC 3501
 * section 6.2.1, RFC 3207) without a full client: send a command, read the reply lines.
 */
import type { Socket } from 'node:net';
import { appError, AppFailure } from '../../../shared/errors';

/** A server that sends more than this before the awaited line is not one we want to parse. */
const MAX_REPLY_BYTES = 64 * 1024;

/** Resolves when `socket` is connected; rejects on its error or close. */
export function whenConnected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      socket.off('connect', onConnect);
      reject(error);
    };
    const onConnect = (): void => {
      socket.off('error', onError);
      resolve();
    };
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
}

/**
 * Writes `command` (if any, CRLF added) and reads lines until one satisfies `isLast`; resolves
 * with all lines read. The socket is paused afterwards so no byte meant for a TLS handshake is
 * consumed here; a server that talks past the awaited line is refused, as RFC 3207 section 4.2
 * forbids pipelining across STARTTLS.
 */
export function exchange(
  socket: Socket,
  command: string | undefined,
  isLast: (line: string) => boolean,
): Promise<readonly string[]> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const finish = (error: Error | undefined, lines?: readonly string[]): void => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      socket.pause();
      if (error !== undefined) reject(error);
      else resolve(lines ?? []);
    };
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      const lines = buffer.split('\r\n');
      const complete = lines.slice(0, -1);
      const lastIndex = complete.findIndex(isLast);
      if (lastIndex >= 0) {
        const trailing = lines.slice(lastIndex + 1).join('\r\n');
        if (trailing.length > 0) {
          finish(
            new AppFailure(
              appError('PROTOCOL', 'The server sent data out of turn before the TLS upgrade.'),
            ),
          );
          return;
        }
        finish(undefined, complete.slice(0, lastIndex + 1));
        return;
      }
      if (buffer.length > MAX_REPLY_BYTES) {
        finish(
          new AppFailure(
            appError('PROTOCOL', 'The server sent an overlong reply before the TLS upgrade.'),
          ),
        );
      }
    };
    const onError = (error: Error): void => finish(error);
    const onClose = (): void => {
      const error = new Error(
        'The server closed the connection before the TLS upgrade',
      ) as Error & { code: string };
      error.code = 'ECONNRESET';
      finish(error);
    };
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.resume();
    if (command !== undefined) socket.write(`${command}\r\n`);
  });
}
