/**
 * The header pass over a raw connection (raw-imap-connection.ts): EXAMINE the folder, check it
 * is the same UIDVALIDITY generation the sync selected, then UID FETCH the header query for
 * each chunk. imapflow parses every response into a token tree, formats it again for its
 * logger and compiles each item name back to text: about 100 µs a message, more than the
 * server takes to send it. This reads the same items in a few µs (bench:sync).
 */
import { ENVELOPE_HEADER_FIELDS } from '../header-envelope';
import { EXTRA_HEADER_FIELDS } from '../normalize-message';
import { toUidSet } from '../uid-set';
import type { HeaderMessage } from '../normalize-message';
import { headerMessageOf } from './header-fetch-response';
import { mailboxArgument } from './imap-arguments';
import type { RawImapConnection } from './raw-imap-connection';

/** Reads the header pass's items of messages in the folder it was opened on. */
export interface HeaderReader {
  /** The FETCH responses to a UID FETCH of `uids`, in the server's order; throws on any failure. */
  fetch(uids: readonly number[]): Promise<HeaderMessage[]>;
  /** Ends the connection; never throws. */
  close(): Promise<void>;
}

/** The FETCH items: what imapflow asks for HEADER_QUERY (fetch-headers.ts), MODSEQ aside. */
export function headerItems(capabilities: ReadonlySet<string>): string {
  const items = ['UID', 'FLAGS', 'RFC822.SIZE', 'INTERNALDATE'];
  if (capabilities.has('OBJECTID')) items.push('EMAILID', 'THREADID');
  else if (capabilities.has('X-GM-EXT-1')) items.push('X-GM-MSGID', 'X-GM-THRID', 'X-GM-LABELS');
  const fields = [...ENVELOPE_HEADER_FIELDS, ...EXTRA_HEADER_FIELDS].join(' ');
  items.push(`BODY.PEEK[HEADER.FIELDS (${fields})]`);
  return `(${items.join(' ')})`;
}

/**
 * EXAMINEs `folder` on `connection` (read-only: no \Recent taken, no flags changed) and checks
 * its UIDVALIDITY; the reader owns the connection from then on and closes it on failure.
 */
export async function openHeaderReader(
  connection: RawImapConnection,
  folder: string,
  uidValidity: number,
): Promise<HeaderReader> {
  try {
    let found: number | undefined;
    await connection.run(`EXAMINE ${mailboxArgument(folder)}`, (response) => {
      const match = /^\* OK \[UIDVALIDITY (\d+)\]/i.exec(response.text);
      if (match !== null) found = Number(match[1]);
    });
    if (found !== uidValidity) {
      throw new Error(`"${folder}" changed generation (UIDVALIDITY ${found} ≠ ${uidValidity}).`);
    }
  } catch (thrown) {
    await connection.close();
    throw thrown;
  }
  const items = headerItems(connection.capabilities);
  return {
    async fetch(uids) {
      if (uids.length === 0) return [];
      const messages: HeaderMessage[] = [];
      // Unsolicited FETCHes (another session's flag changes) are returned too; the fill drops them.
      await connection.run(`UID FETCH ${toUidSet(uids)} ${items}`, (response) => {
        const message = headerMessageOf(response);
        if (message !== undefined) messages.push(message);
      });
      return messages;
    },
    close: () => connection.close(),
  };
}
