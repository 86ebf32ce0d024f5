/**
 * Downloads full messages (BODY.PEEK[], so nothing is marked \Seen) and parses them off the
 * main thread, several at a time. The download is one UID FETCH read as a stream; the loop
 * only hands sources to the parser (never another IMAP command, which would deadlock), and
 * waits when enough parses are in flight, which also pauses the download (imapflow reads on
 * only when asked).
 */
import type { ImapFlow } from 'imapflow';
import type { MessageBody } from '../../../shared/sync';
import { toUidSet } from './uid-set';

/**
 * Bytes of messages held for parsing at once, whatever their number: a few large messages (a
 * 25 MB attachment each) must not multiply the memory the count limit allows for small ones.
 */
export const MAX_PARSE_BYTES = 32 * 1024 * 1024;

/** Parses a raw RFC 5322 message into text, HTML and attachment metadata. */
export interface SourceParser {
  parse(source: Buffer): Promise<MessageBody>;
  /**
   * Parses it takes at once before parse() makes the caller wait (a pool: what its workers
   * hold plus its queue). A fill keeps this many in flight, so every worker stays busy.
   */
  readonly capacity?: number;
  /** Gets ready to parse (a pool starts a worker), when bodies are likely to come. */
  warm?(): void;
}

/** What happens to each message. */
export interface BodyHandlers {
  onBody(uid: number, body: MessageBody): void;
  onError(uid: number, cause: unknown): void;
}

/**
 * Downloads the bodies of `uids` and hands them to the parser, keeping up to `concurrency`
 * parses in flight, and no new one once they hold `maxBytes`. Resolves when the download is
 * done, with a promise for the parses still running, so the caller can start its next IMAP
 * command while the last parses finish. A message that fails to parse goes to onError and the
 * others go on; a failing connection rejects (parses already started still report through the
 * handlers).
 */
export async function fetchBodies(
  client: ImapFlow,
  uids: readonly number[],
  parser: SourceParser,
  handlers: BodyHandlers,
  concurrency: number,
  maxBytes = MAX_PARSE_BYTES,
): Promise<{ readonly parsed: Promise<void> }> {
  const inFlight = new Set<Promise<void>>();
  let bytes = 0;
  const settled = (): { parsed: Promise<void> } => ({
    parsed: Promise.all(inFlight).then(() => undefined),
  });
  if (uids.length === 0) return settled();
  const requested = new Set(uids);
  const start = (uid: number, source: Buffer): void => {
    // Both outcomes are handled here, so a parse never rejects unobserved.
    const task = parser.parse(source).then(
      (body) => handlers.onBody(uid, body),
      (cause: unknown) => handlers.onError(uid, cause),
    );
    bytes += source.length;
    const tracked = task.finally(() => {
      inFlight.delete(tracked);
      bytes -= source.length;
    });
    inFlight.add(tracked);
  };
  for await (const message of client.fetch(
    toUidSet(uids),
    { uid: true, source: true },
    { uid: true },
  )) {
    // An unsolicited FETCH (flags changed by another session) is not one of ours.
    if (!requested.has(message.uid)) continue;
    if (message.source === undefined) {
      handlers.onError(message.uid, new Error('The server sent no content for this message.'));
      continue;
    }
    start(message.uid, message.source);
    while (inFlight.size >= Math.max(1, concurrency) || (bytes >= maxBytes && inFlight.size > 0)) {
      await Promise.race(inFlight);
    }
  }
  return settled();
}
