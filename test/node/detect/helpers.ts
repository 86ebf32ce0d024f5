/** Small helpers for the detection tests: real sockets on 127.0.0.1, nothing mocked. */
import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { expect } from 'vitest';
import { AppFailure, type AppError, type ErrorCode } from '../../../src/shared/errors';

/** A UDP "DNS server" that counts queries and never answers (to prove no lookup, or a timeout). */
export interface SilentDns {
  readonly address: string;
  readonly queries: () => number;
  close(): Promise<void>;
}

/** Starts a {@link SilentDns} on a free 127.0.0.1 port. */
export async function startSilentDns(): Promise<SilentDns> {
  const socket = createSocket('udp4');
  let queries = 0;
  socket.on('message', () => {
    queries += 1;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries: () => queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A TCP server on 127.0.0.1 that accepts and drops connections, like a mail port would answer. */
export interface Listener {
  readonly port: number;
  /** How many connections it accepted. */
  readonly accepted: () => number;
  close(): Promise<void>;
}

/** Opens a {@link Listener} on a free port. */
export async function listenTcp(): Promise<Listener> {
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Awaits a promise that must reject with an AppFailure of `code`, and returns its AppError. */
export async function expectFailure(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppFailure);
  const failure = (error as AppFailure).error;
  expect(failure.code).toBe(code);
  return failure;
}
