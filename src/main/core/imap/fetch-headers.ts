/**
 * Fetches the header data of a set of messages by UID in one UID FETCH (RFC 3501 section
 * 6.4.8). A response imapflow cannot read fails the whole command, so on such a failure each
 * message is fetched alone and only the unreadable ones are reported: one malformed message
 * never costs the others.
 */
import type { FetchMessageObject, FetchQueryObject, ImapFlow } from 'imapflow';
import { ENVELOPE_HEADER_FIELDS } from './header-envelope';
import { EXTRA_HEADER_FIELDS, type HeaderMessage } from './normalize-message';
import { toUidSet } from './uid-set';

/**
 * Everything a MessageRecord needs: flags, size, internal date, the header fields of the
 * envelope (subject, addresses, Date, Message-ID, In-Reply-To) and a few more, and on Gmail
 * (X-GM-EXT-1) the thread id and labels; imapflow adds X-GM-MSGID by itself there and MODSEQ
 * where CONDSTORE is enabled. ENVELOPE and BODYSTRUCTURE are left out on purpose: they are
 * nested token lists that cost imapflow far more to parse than one header literal
 * (header-envelope.ts, attachmentHint in normalize-message.ts).
 */
export const HEADER_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  size: true,
  internalDate: true,
  headers: [...ENVELOPE_HEADER_FIELDS, ...EXTRA_HEADER_FIELDS],
  threadId: true,
  labels: true,
};

/** A message that could not be fetched, with what went wrong. */
export interface FetchFailure {
  readonly uid: number;
  readonly cause: unknown;
}

/** The messages fetched (in the server's order) and those that failed. */
export interface HeaderFetch {
  readonly messages: readonly HeaderMessage[];
  readonly failures: readonly FetchFailure[];
}

/**
 * Fetches `uids` (UIDs that no longer exist are simply absent from the answer). Throws when
 * the connection itself failed (`alive()` false): that is not one message's fault.
 */
export async function fetchHeaders(
  client: ImapFlow,
  uids: readonly number[],
  alive: () => boolean,
): Promise<HeaderFetch> {
  if (uids.length === 0) return { messages: [], failures: [] };
  try {
    const messages = await client.fetchAll(toUidSet(uids), HEADER_QUERY, { uid: true });
    return { messages, failures: [] };
  } catch (thrown) {
    if (!alive() || uids.length === 1) {
      if (!alive()) throw thrown;
      const [uid = 0] = uids;
      return { messages: [], failures: [{ uid, cause: thrown }] };
    }
  }
  const messages: FetchMessageObject[] = [];
  const failures: FetchFailure[] = [];
  // One at a time, each awaited before the next: no command runs inside another's response.
  for (const uid of uids) {
    try {
      messages.push(...(await client.fetchAll(String(uid), HEADER_QUERY, { uid: true })));
    } catch (thrown) {
      if (!alive()) throw thrown;
      failures.push({ uid, cause: thrown });
    }
  }
  return { messages, failures };
}
