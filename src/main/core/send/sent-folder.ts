/**
 * The Sent folder after a send: find the copy the server filed itself (Gmail, many hosted
 * servers), or append one, so Sent ends with exactly one copy. Also finds a Message-ID after a
 * crash, to tell "it went" from "it never went".
 */
import type { ImapFlow } from 'imapflow';
import type { FolderMapping } from '../../../shared/account';
import { errorFacts } from '../connection/error-facts';
import { specialUseOf } from '../connection/folder-info';

/** The folders the send path uses, as mapped by the user or flagged by the server. */
export interface SendFolders {
  readonly sent: string;
  readonly drafts: string;
  /** Gmail's "All Mail" and the like (\All, RFC 6154), where a filed copy also shows. */
  readonly all?: string;
}

/** Reads the folders: the account's mapping first, SPECIAL-USE next, the usual names last. */
export async function sendFolders(client: ImapFlow, mapping: FolderMapping): Promise<SendFolders> {
  const flagged = new Map<string, string>();
  for (const entry of await client.list()) {
    const use = specialUseOf(entry.flags);
    if (use !== undefined && !flagged.has(use)) flagged.set(use, entry.path);
  }
  const all = flagged.get('\\All');
  return {
    sent: mapping.sent ?? flagged.get('\\Sent') ?? 'Sent',
    drafts: mapping.drafts ?? flagged.get('\\Drafts') ?? 'Drafts',
    ...(all !== undefined ? { all } : {}),
  };
}

/** The UIDs with a Message-ID in one folder, and the folder's UIDVALIDITY. */
export interface FolderMatch {
  readonly uids: readonly number[];
  readonly uidValidity?: number;
}

/**
 * Searches `folder` for a Message-ID (SEARCH HEADER, RFC 3501 section 6.4.4) under imapflow's
 * mailbox lock; a folder the server does not have matches nothing.
 */
export async function searchMessageId(
  client: ImapFlow,
  folder: string,
  messageId: string,
): Promise<FolderMatch> {
  let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>;
  try {
    lock = await client.getMailboxLock(folder, { description: 'mailcrm: find a sent message' });
  } catch (thrown) {
    if (folderMissing(thrown)) return { uids: [] };
    throw thrown;
  }
  try {
    const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    const mailbox = client.mailbox;
    return {
      uids: uids === false || uids === undefined ? [] : uids,
      ...(mailbox !== false ? { uidValidity: Number(mailbox.uidValidity) } : {}),
    };
  } finally {
    lock.release();
  }
}

/** SELECT failed because the folder does not exist (RFC 5530 NONEXISTENT, or Dovecot's words). */
function folderMissing(thrown: unknown): boolean {
  const flagged =
    typeof thrown === 'object' && thrown !== null && 'mailboxMissing' in thrown
      ? thrown.mailboxMissing === true
      : false;
  return flagged || errorFacts(thrown).imapResponseCode === 'NONEXISTENT';
}

/** UIDs of messages with this Message-ID in `folder`; none when the folder does not exist. */
export async function findByMessageId(
  client: ImapFlow,
  folder: string,
  messageId: string,
): Promise<readonly number[]> {
  return (await searchMessageId(client, folder, messageId)).uids;
}

/** Looks for the Message-ID in each folder in order; the first that has it wins. */
export async function locateMessage(
  client: ImapFlow,
  folders: readonly string[],
  messageId: string,
): Promise<{ readonly found: boolean; readonly folder?: string }> {
  for (const folder of folders) {
    if ((await findByMessageId(client, folder, messageId)).length > 0)
      return { found: true, folder };
  }
  return { found: false };
}

/**
 * Which of `messageIds` are in `folder`: one SEARCH with an OR of their Message-ID headers, then
 * the envelopes of what it found to tell them apart. A folder the server lacks holds none.
 */
export async function findMessageIds(
  client: ImapFlow,
  folder: string,
  messageIds: readonly string[],
): Promise<ReadonlySet<string>> {
  const [first, ...rest] = messageIds;
  if (first === undefined) return new Set();
  if (rest.length === 0) {
    return new Set((await searchMessageId(client, folder, first)).uids.length > 0 ? [first] : []);
  }
  let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>;
  try {
    lock = await client.getMailboxLock(folder, { description: 'mailcrm: find sent messages' });
  } catch (thrown) {
    if (folderMissing(thrown)) return new Set();
    throw thrown;
  }
  try {
    const query = { or: messageIds.map((id) => ({ header: { 'message-id': id } })) };
    const uids = await client.search(query, { uid: true });
    if (uids === false || uids === undefined || uids.length === 0) return new Set();
    const wanted = new Set(messageIds);
    const found = new Set<string>();
    // Collected first, never acted on inside the fetch (imapflow would deadlock).
    for (const message of await client.fetchAll(uids, { envelope: true }, { uid: true })) {
      const id = message.envelope?.messageId?.trim();
      if (id !== undefined && wanted.has(id)) found.add(id);
    }
    return found;
  } finally {
    lock.release();
  }
}
