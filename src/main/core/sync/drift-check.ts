/**
 * The server's side of the drift report: how many messages a folder holds (STATUS, RFC 3501
 * section 6.3.10) and which of a sample of cached Message-IDs it no longer has (UID SEARCH
 * HEADER, confirmed against the ENVELOPE because HEADER matches substrings).
 */
import type { ImapFlow, SearchObject } from 'imapflow';
import { fail } from '../../../shared/errors';
import type { FolderDrift } from '../../../shared/sync';
import { normalizeMessageId } from '../imap/message-key';
import { chunks, toUidSet } from '../imap/uid-set';

/** Message-IDs per UID SEARCH: an OR of this many HEADER keys keeps the command short. */
const IDS_PER_SEARCH = 20;

/** One search key matching any of `ids` in the Message-ID header. */
function anyMessageId(ids: readonly string[]): SearchObject {
  const keys = ids.map((id) => ({ header: { 'message-id': id } }));
  return keys.length === 1 && keys[0] !== undefined ? keys[0] : { or: keys };
}

/** Counts the folder's messages and checks the sample against it. */
export async function checkDrift(
  client: ImapFlow,
  folder: string,
  sampleMessageIds: readonly string[],
): Promise<FolderDrift> {
  const status = await client.status(folder, { messages: true, uidValidity: true });
  if (status === false || status.messages === undefined) {
    fail('NOT_FOUND', `The folder "${folder}" is not on the server any more.`, {
      hint: 'It was renamed or deleted; choose the folders to sync again.',
    });
  }
  const wanted = new Map<string, string>();
  for (const id of sampleMessageIds) {
    const normalized = normalizeMessageId(id);
    if (normalized !== undefined) wanted.set(normalized, id);
  }
  const found = new Set<string>();
  if (wanted.size > 0) {
    const lock = await client.getMailboxLock(folder, { description: 'mailcrm: drift check' });
    try {
      for (const part of chunks([...wanted.values()], IDS_PER_SEARCH)) {
        const uids = await client.search(anyMessageId(part), { uid: true });
        if (uids === false || uids === undefined || uids.length === 0) continue;
        const messages = await client.fetchAll(
          toUidSet(uids),
          { uid: true, envelope: true },
          { uid: true },
        );
        for (const message of messages) {
          const normalized = normalizeMessageId(message.envelope?.messageId);
          if (normalized !== undefined) found.add(normalized);
        }
      }
    } finally {
      lock.release();
    }
  }
  return {
    folder,
    serverCount: status.messages,
    uidValidity: Number(status.uidValidity ?? 0),
    missingOnServer: [...wanted]
      .filter(([normalized]) => !found.has(normalized))
      .map(([, id]) => id),
  };
}
