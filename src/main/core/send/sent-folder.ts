/**
 * The Sent folder after a send: find the copy the server filed itself (Gmail, many hosted
 * servers), or append one, so Sent ends with exactly one copy. Also finds a Message-ID after a
 * crash, to tell "it went" from "it never went".
 */
import type { ImapFlow } from 'imapflow';
import type { FolderMapping } from '../../../shared/account';
import type { SentCopy } from '../../../shared/compose';
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

/** How long to watch Sent for the server's own copy before appending one. */
export interface SentWait {
  /** Total time to keep looking; 0 checks once. */
  readonly waitMs: number;
  /** Pause between looks. */
  readonly pollMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes sure Sent holds one copy: the server's own when it shows up within `wait`, else the
 * message appended now, marked \Seen. Never appends when a copy is already there, so calling
 * it again (after a crash, or twice) leaves one copy.
 */
export async function fileSentCopy(
  client: ImapFlow,
  sentFolder: string,
  raw: Buffer,
  messageId: string,
  wait: SentWait,
): Promise<SentCopy> {
  const sleep = wait.sleep ?? defaultSleep;
  let waited = 0;
  for (;;) {
    if ((await findByMessageId(client, sentFolder, messageId)).length > 0) return 'server';
    if (waited >= wait.waitMs) break;
    const pause = Math.min(wait.pollMs, wait.waitMs - waited);
    await sleep(pause);
    waited += pause;
  }
  await client.append(sentFolder, raw, ['\\Seen']);
  return 'appended';
}
