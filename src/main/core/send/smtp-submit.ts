/**
 * SMTP submission of finished messages for one account, over a few reused connections.
 *
 * All or nothing: when the server refuses any recipient, nobody gets the message. nodemailer
 * goes on to DATA as soon as one recipient is accepted, so the message bytes come from a gate
 * stream that nodemailer reads only after the server's 354 reply to DATA. By then every RCPT
 * reply is in the envelope object handed to `send()` (nodemailer fills it in place, typed as
 * SMTPConnectionEnvelope); with any refusal the gate fails, the connection is dropped without
 * the final "." and the server discards the transaction (RFC 5321 section 4.1.1.4).
 */
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type {
  SMTPConnectionAuth,
  SMTPConnectionEnvelope,
  SMTPConnectionSendInfo,
} from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import type { ServerSettings } from '../../../shared/account';
import { appError, AppFailure, type AppError } from '../../../shared/errors';
import type { ErrorContext } from '../connection/classify-error';
import type { MailAuth } from '../connection/imap-check';
import { smtpConnectionOptions } from '../connection/smtp-check';
import type { ConnectionDeps } from '../connection/tls-trust';
import { classifySmtpError, recipientsRefused, type RefusedRecipient } from './smtp-errors';

/** Idle connections are closed well before servers drop them (RFC 5321 asks 5 minutes). */
const IDLE_MS = 30_000;
const MAX_CONNECTIONS = 3;

/** What the server said when it took a message. */
export interface SubmitResult {
  readonly accepted: readonly string[];
  readonly response: string;
}

/** Submits raw messages for one account. Rejects with AppFailure. */
export interface SmtpSubmitter {
  submit(envelope: { from: string; to: readonly string[] }, raw: Buffer): Promise<SubmitResult>;
  /** Says QUIT on idle connections; later submits are refused. */
  close(): Promise<void>;
}

export interface SmtpSubmitterOptions {
  readonly server: ServerSettings;
  /** The login; `refresh` asks for a new OAuth token after the server refused the last one. */
  readonly auth: (refresh: boolean) => Promise<MailAuth | undefined>;
  readonly connection: ConnectionDeps;
  readonly context: ErrorContext;
  readonly maxConnections?: number;
}

/** A connection and whether it can still be used. */
interface Pooled {
  readonly connection: SMTPConnection;
  dead: boolean;
  idleTimer?: NodeJS.Timeout;
}

/** The `auth` value for SMTPConnection.login. */
function loginData(auth: MailAuth): SMTPConnectionAuth {
  if ('accessToken' in auth) {
    // A token without a refresh token: nodemailer uses it as is and never calls a token endpoint.
    return {
      type: 'OAuth2',
      user: auth.user,
      oauth2: new XOAuth2({ user: auth.user, accessToken: auth.accessToken }),
    };
  }
  return { user: auth.user, pass: auth.password };
}

/** Runs one callback-style step, failing too on an 'error' or 'end' event meanwhile. */
function step<T>(
  connection: SMTPConnection,
  start: (done: (error: Error | null, value?: T) => void) => void,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const settle = (error: Error | null, value?: T): void => {
      connection.off('error', settle);
      connection.off('end', onEnd);
      if (error) reject(error);
      else resolve(value);
    };
    const onEnd = (): void =>
      settle(Object.assign(new Error('The server closed the connection'), { code: 'ECONNECTION' }));
    connection.once('error', settle);
    connection.once('end', onEnd);
    start(settle);
  });
}

/** Creates the submitter; connections open on first use. */
export function createSmtpSubmitter(options: SmtpSubmitterOptions): SmtpSubmitter {
  const idle: Pooled[] = [];
  const waiting: (() => void)[] = [];
  const max = options.maxConnections ?? MAX_CONNECTIONS;
  let active = 0;
  let closed = false;

  const classify = (thrown: unknown): AppError => classifySmtpError(thrown, options.context);

  async function connect(auth: MailAuth | undefined): Promise<Pooled> {
    const connection = new SMTPConnection(
      await smtpConnectionOptions(options.server, options.connection),
    );
    const pooled: Pooled = { connection, dead: false };
    // Heard for the connection's whole life: an unheard 'error' would crash the process.
    connection.on('error', () => {
      pooled.dead = true;
    });
    connection.on('end', () => {
      pooled.dead = true;
    });
    try {
      await step(connection, (done) => connection.connect(() => done(null)));
      if (auth !== undefined) {
        await step(connection, (done) => connection.login(loginData(auth), (error) => done(error)));
      }
      return pooled;
    } catch (thrown) {
      connection.close();
      throw thrown;
    }
  }

  /** A logged-in connection; an OAuth token the server refuses is refreshed once. */
  async function open(): Promise<Pooled> {
    const auth = await options.auth(false);
    try {
      return await connect(auth);
    } catch (thrown) {
      const error = classify(thrown);
      if (error.code !== 'AUTH_FAILED' || auth === undefined || !('accessToken' in auth)) {
        throw new AppFailure(error);
      }
    }
    try {
      return await connect(await options.auth(true));
    } catch (thrown) {
      throw new AppFailure(classify(thrown));
    }
  }

  async function acquire(): Promise<Pooled> {
    while (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      for (let pooled = idle.pop(); pooled !== undefined; pooled = idle.pop()) {
        clearTimeout(pooled.idleTimer);
        if (!pooled.dead) return pooled;
        pooled.connection.close();
      }
      return await open();
    } catch (thrown) {
      release();
      throw thrown;
    }
  }

  function release(): void {
    active -= 1;
    waiting.shift()?.();
  }

  function keep(pooled: Pooled): void {
    if (closed || pooled.dead) {
      pooled.connection.close();
      return;
    }
    pooled.idleTimer = setTimeout(() => {
      const index = idle.indexOf(pooled);
      if (index >= 0) idle.splice(index, 1);
      // A connection the server already dropped has nobody to say QUIT to.
      if (pooled.dead) pooled.connection.close();
      else pooled.connection.quit();
    }, IDLE_MS);
    pooled.idleTimer.unref();
    idle.push(pooled);
  }

  async function transmit(
    pooled: Pooled,
    from: string,
    to: readonly string[],
    raw: Buffer,
  ): Promise<SubmitResult> {
    const envelope = { from, to: [...to], size: raw.length } as Partial<SMTPConnectionEnvelope>;
    let refused: readonly RefusedRecipient[] = [];
    const gate = new Readable({
      read() {
        const rejected = envelope.rejectedErrors ?? [];
        if (rejected.length > 0) {
          refused = rejected.map((error) => ({
            recipient: typeof error.recipient === 'string' ? error.recipient : '',
            response: error.response ?? error.message,
            ...(error.responseCode !== undefined ? { responseCode: error.responseCode } : {}),
          }));
          this.destroy(new Error('Recipients refused; message withheld'));
          return;
        }
        this.push(raw);
        this.push(null);
      },
    });
    try {
      const info = await step<SMTPConnectionSendInfo>(pooled.connection, (done) =>
        pooled.connection.send(envelope, gate, (error, result) => done(error, result)),
      );
      return {
        accepted: (info?.accepted ?? []).map(String),
        response: info?.response ?? '',
      };
    } catch (thrown) {
      pooled.dead = true;
      if (refused.length > 0) {
        throw new AppFailure(recipientsRefused(options.context.host, refused));
      }
      throw new AppFailure(classify(thrown));
    }
  }

  return {
    async submit({ from, to }, raw) {
      if (closed) {
        throw new AppFailure(
          appError('CONNECTION_RESET', 'The app is shutting down; the message was not sent.', {
            retryable: false,
          }),
        );
      }
      const pooled = await acquire();
      try {
        const result = await transmit(pooled, from, to, raw);
        keep(pooled);
        return result;
      } catch (thrown) {
        // After any failure the connection's state is unknown: never reuse it.
        pooled.connection.close();
        throw thrown;
      } finally {
        release();
      }
    },
    close() {
      closed = true;
      for (const pooled of idle.splice(0)) {
        clearTimeout(pooled.idleTimer);
        if (pooled.dead) pooled.connection.close();
        else pooled.connection.quit();
      }
      return Promise.resolve();
    },
  };
}
