/**
 * Sent copies appended over a bare IMAP connection (imap/raw/raw-imap-connection.ts, the header
 * pass's) rather than imapflow: imapflow compiles each APPEND twice (once for its logger),
 * tokenises the reply and runs its command queue, about 0.5 ms of CPU a copy, which in a mail
 * merge costs more than the SMTP submission itself. Here an APPEND is one write and one reply
 * line, pipelined: the message's bytes as a non-synchronising literal (LITERAL+, RFC 7888). A
 * message with a NUL byte (no IMAP literal may carry one, RFC 3501 CHAR8) or a server without
 * LITERAL+ is left to imapflow.
 */
import { mailboxArgument } from '../imap/raw/imap-arguments';
import type { RawImapConnection } from '../imap/raw/raw-imap-connection';
import type { Logger } from '../ports';

/**
 * An idle connection is logged out well before a server's autologout (RFC 3501 section 5.4: at
 * least 30 minutes) could end it unseen: an APPEND on a connection that died idle would leave
 * the copy unsure, where a new connection costs a login.
 */
const IDLE_MS = 20_000;
/** After a connection would not open, copies go through imapflow this long before a new try. */
const REOPEN_AFTER_MS = 60_000;

/** Appends Sent copies over one raw connection, opened on first use, pipelined. */
export interface RawSentAppender {
  /**
   * Appends `raw` to `folder` with \Seen. Resolves false, having sent nothing, when this copy
   * cannot go this way (a NUL byte, no LITERAL+, the connection would not open): the caller
   * appends it another way. Rejects when the APPEND went out and failed or got no answer: the
   * copy may be there, so the caller must look before appending again.
   */
  append(folder: string, raw: Buffer): Promise<boolean>;
  /** Logs out; never throws. */
  close(): Promise<void>;
}

/** Whether the server answered (a tagged NO or BAD, see raw-imap-connection.ts). */
function answered(thrown: unknown): boolean {
  return typeof thrown === 'object' && thrown !== null && 'responseStatus' in thrown;
}

/**
 * What a failed APPEND is reported as: the server's tagged NO or BAD as it is, anything else (a
 * socket error keeps its code) as the connection lost (ECONNRESET, CONNECTION_RESET once
 * classified) rather than an unexpected error: the copy's fate is unknown, and trying again
 * later (after a search) is what helps.
 */
function appendFailure(thrown: unknown): unknown {
  if (!(thrown instanceof Error) || 'code' in thrown || answered(thrown)) return thrown;
  return Object.assign(new Error(thrown.message, { cause: thrown }), { code: 'ECONNRESET' });
}

/** Creates the appender; `open` gives a logged-in raw connection (ImapSession.openRawConnection). */
export function createRawSentAppender(
  open: () => Promise<RawImapConnection>,
  logger: Logger,
): RawSentAppender {
  /** The connection, undefined until opened; null once it proved unusable (imapflow then). */
  let connection: Promise<RawImapConnection | null> | undefined;
  /** The open connection, once `connection` resolved to one. */
  let live: RawImapConnection | undefined;
  /** Appends under way: pipelined on the connection (LITERAL+ needs no go-ahead per copy). */
  const pending = new Set<Promise<boolean>>();
  let closed = false;
  let idleTimer: NodeJS.Timeout | undefined;
  /** When a connection that would not open may be tried again (a network blip passes). */
  let reopenAt: number | undefined;

  /** Forgets the connection (a later copy opens a new one) and logs it out. */
  async function drop(current: RawImapConnection): Promise<void> {
    if (live === current) {
      live = undefined;
      connection = undefined;
    }
    await current.close();
  }

  function connected(): Promise<RawImapConnection | null> {
    if (reopenAt !== undefined && Date.now() >= reopenAt) {
      reopenAt = undefined;
      connection = undefined;
    }
    connection ??= open().then(
      (opened) => {
        if (opened.capabilities.has('LITERAL+')) {
          live = opened;
          return opened;
        }
        void opened.close();
        return null;
      },
      (thrown: unknown) => {
        logger.warn('Sent copies go through the main IMAP connection for now', {
          cause: thrown instanceof Error ? thrown.message : String(thrown),
        });
        reopenAt = Date.now() + REOPEN_AFTER_MS;
        return null;
      },
    );
    return connection;
  }

  async function appendNow(folder: string, raw: Buffer): Promise<boolean> {
    if (closed || raw.includes(0)) return false;
    const current = await connected();
    if (current === null) return false;
    clearTimeout(idleTimer);
    const command = [`APPEND ${mailboxArgument(folder)} (\\Seen) {${raw.length}+}\r\n`, raw];
    try {
      await current.run(command);
    } catch (thrown) {
      // Without an answer its state is unknown: the next copy opens a new connection.
      if (!answered(thrown)) void drop(current);
      throw appendFailure(thrown);
    }
    if (pending.size <= 1) {
      idleTimer = setTimeout(() => {
        if (pending.size === 0) void drop(current);
      }, IDLE_MS);
      idleTimer.unref();
    }
    return true;
  }

  return {
    append(folder, raw) {
      const appending = appendNow(folder, raw);
      pending.add(appending);
      void appending.finally(() => pending.delete(appending)).catch(() => undefined);
      return appending;
    },
    async close() {
      closed = true;
      clearTimeout(idleTimer);
      await Promise.allSettled(pending);
      const current = live;
      live = undefined;
      connection = undefined;
      await current?.close();
    },
  };
}
