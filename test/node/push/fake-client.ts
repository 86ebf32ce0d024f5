/**
 * A scripted stand-in for imapflow's client, for the watcher's timing tests under fake time.
 * It behaves as imapflow does where the watcher relies on it: a NOOP breaks IDLE first,
 * close() rejects what is pending and emits 'close' once.
 */
import { EventEmitter } from 'node:events';
import type { PushClient } from '../../../src/main/core/imap/push-client';

/** A FakeClient and what was done with it. */
export class FakeClient extends EventEmitter implements PushClient {
  usable = true;
  mailbox: false | { readonly path: string } = false;
  /** IDLE commands issued. */
  idles = 0;
  noops = 0;
  /** When true, commands are never answered (a connection that went silent). */
  silent = false;
  private endIdle: (() => void) | undefined;
  private readonly pending = new Set<(error: Error) => void>();

  /** A command that never completes until close() rejects it. */
  private hang(): Promise<never> {
    return new Promise<never>((_resolve, reject) => {
      this.pending.add(reject);
    });
  }

  mailboxOpen(path: string): Promise<unknown> {
    if (!this.usable) return Promise.reject(new Error('Connection not available'));
    if (this.silent) return this.hang();
    this.mailbox = { path };
    return Promise.resolve(this.mailbox);
  }

  idle(): Promise<unknown> {
    if (!this.usable) return Promise.reject(new Error('Connection not available'));
    this.idles += 1;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.add(reject);
      this.endIdle = () => {
        this.pending.delete(reject);
        this.endIdle = undefined;
        resolve(true);
      };
    });
  }

  noop(): Promise<unknown> {
    if (!this.usable) return Promise.reject(new Error('Connection not available'));
    this.noops += 1;
    if (this.silent) return this.hang();
    this.endIdle?.();
    return Promise.resolve();
  }

  close(): void {
    if (!this.usable) return;
    this.usable = false;
    this.mailbox = false;
    const error = Object.assign(new Error('Connection not available'), { code: 'NoConnection' });
    for (const reject of this.pending) reject(error);
    this.pending.clear();
    this.emit('close');
  }

  /** The server reports a mailbox change. */
  change(kind: 'exists' | 'expunge' | 'flags' = 'exists'): void {
    this.emit(kind, {});
  }

  /** The connection breaks with a socket error, as imapflow reports it. */
  drop(code = 'ECONNRESET'): void {
    this.emit('error', Object.assign(new Error(`read ${code}`), { code }));
    this.close();
  }
}
