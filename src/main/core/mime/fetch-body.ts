/**
 * One message body on demand (outside the history window, or evicted from the cache): the full
 * source by UID, parsed in the worker pool.
 */
import type { ImapFlow } from 'imapflow';
import { AppFailure, appError } from '../../../shared/errors';
import type { MessageBody } from '../../../shared/sync';
import { errorFacts } from '../connection/error-facts';
import type { BodyParser } from './body-parser-pool';

/** A message on the server: folder path and UID (UIDs are only valid within their folder). */
export interface ServerMessageRef {
  readonly folder: string;
  readonly uid: number;
  /**
   * The folder's UIDVALIDITY when the UID was seen. When given and the server's differs, the
   * UID may name another message now (RFC 3501 §2.3.1.1), so the message counts as gone.
   */
  readonly uidValidity?: number;
}

/** The error for a message the server no longer has (expunged, or moved by another client). */
export function messageGone(): AppFailure {
  return new AppFailure(
    appError('NOT_FOUND', 'The message is no longer on the server', {
      hint: 'It was deleted or moved elsewhere; sync the folder to bring the list up to date.',
    }),
  );
}

/**
 * True when SELECT failed because the folder does not exist: the RFC 5530 NONEXISTENT code, or
 * imapflow's `mailboxMissing` (Dovecot says "Mailbox doesn't exist" without the code).
 */
function folderMissing(error: unknown): boolean {
  const missing =
    typeof error === 'object' && error !== null && 'mailboxMissing' in error
      ? error.mailboxMissing === true
      : false;
  return missing || errorFacts(error).imapResponseCode === 'NONEXISTENT';
}

/**
 * Opens the folder under imapflow's mailbox lock (so no other command of ours changes the
 * selected folder meanwhile), checks UIDVALIDITY, runs `work`, and releases the lock whatever
 * happens. A folder the server does not have becomes NOT_FOUND; other failures (a dropped
 * connection) are thrown as imapflow threw them, for the connection layer to classify.
 */
export async function withFolder<T>(
  client: ImapFlow,
  ref: ServerMessageRef,
  work: () => Promise<T>,
): Promise<T> {
  const folder = ref.folder;
  let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>;
  try {
    lock = await client.getMailboxLock(folder, { description: 'mailcrm: message on demand' });
  } catch (error) {
    if (folderMissing(error)) {
      throw new AppFailure(
        appError('NOT_FOUND', `The folder "${folder}" is no longer on the server`, {
          hint: 'It was renamed or deleted; refresh the folder list.',
        }),
      );
    }
    throw error;
  }
  try {
    const current = client.mailbox === false ? undefined : client.mailbox.uidValidity;
    if (ref.uidValidity !== undefined && current !== BigInt(ref.uidValidity)) throw messageGone();
    return await work();
  } finally {
    lock.release();
  }
}

/**
 * Downloads the full source of one message (BODY.PEEK[]: it stays unread) and parses it.
 * Throws NOT_FOUND "The message is no longer on the server" when the UID is gone.
 */
export async function fetchBody(
  client: ImapFlow,
  ref: ServerMessageRef,
  parser: BodyParser,
): Promise<MessageBody> {
  const source = await withFolder(client, ref, async () => {
    const message = await client.fetchOne(
      String(ref.uid),
      { uid: true, source: true },
      { uid: true },
    );
    // imapflow answers `false` when the server sent no FETCH for that UID: it was expunged.
    if (!message || message.source === undefined) throw messageGone();
    return message.source;
  });
  // Parsed after the lock is released: the folder is free for the next command meanwhile.
  return parser.parse(source);
}
