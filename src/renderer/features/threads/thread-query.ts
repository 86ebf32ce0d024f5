/**
 * The thread of one message, found on demand from indexes, so its cost follows the thread's
 * size and not the mailbox's (100,000 messages): Gmail's thread id where the server gives one;
 * otherwise the messages linked by References / In-Reply-To both ways (what this one refers to
 * through [accountId+messageId], what refers to it through searchDocs' *links); and only when a
 * message has no links either way, the same subject (Re:/Fwd: stripped) within SUBJECT_WINDOW_MS
 * among other messages without links. Threads span folders: a reply in Sent joins the Inbox.
 */
import type { AccountView } from '../../../shared/account';
import type { FolderRow } from '../../db/cache-queries';
import type { MailDb } from '../../db/mail-db';
import { timeOf } from '../../db/message-rows';
import type { CachedMessage, Membership } from '../../db/records';
import { messageIdKey, subjectKeyOf } from '../../db/search-doc';
import { inboxOf } from '../mailbox/mailbox-view';

/** The subject fallback joins messages at most this far apart. */
export const SUBJECT_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** A runaway thread (a mailing list quoting everything) stops growing here. */
const MAX_THREAD = 200;

type Key = [string, string];

function idsOf(message: CachedMessage): string[] {
  const ids = [...message.references, ...(message.inReplyTo ? [message.inReplyTo] : [])];
  return [
    ...new Set(ids.map((id) => messageIdKey(message.accountId, id).split('\u0000')[1] ?? '')),
  ];
}

async function linkedMessages(db: MailDb, start: CachedMessage): Promise<CachedMessage[]> {
  const { accountId } = start;
  const found = new Map<string, CachedMessage>([[start.messageKey, start]]);
  const queue: CachedMessage[] = [start];
  const add = (message: CachedMessage | undefined) => {
    if (message === undefined || found.has(message.messageKey) || found.size >= MAX_THREAD) return;
    found.set(message.messageKey, message);
    queue.push(message);
  };
  if (start.gmailThreadId !== undefined) {
    const same = await db.messages
      .where('[accountId+gmailThreadId]')
      .equals([accountId, start.gmailThreadId])
      .toArray();
    same.forEach(add);
  }
  while (queue.length > 0) {
    const message = queue.shift();
    if (message === undefined) break;
    const ids = idsOf(message);
    if (ids.length > 0) {
      // Message-IDs are matched as stored and in lower case: servers differ in case.
      const exact = [...message.references, ...(message.inReplyTo ? [message.inReplyTo] : [])];
      const wanted = [...new Set([...exact, ...ids])].map((id): Key => [accountId, id]);
      (await db.messages.where('[accountId+messageId]').anyOf(wanted).toArray()).forEach(add);
    }
    if (message.messageId !== undefined) {
      const replies = await db.searchDocs
        .where('links')
        .equals(messageIdKey(accountId, message.messageId))
        .toArray();
      const keys = replies.map((doc): Key => [doc.accountId, doc.messageKey]);
      (await db.messages.bulkGet(keys)).forEach(add);
    }
  }
  return [...found.values()];
}

async function subjectFallback(
  db: MailDb,
  start: CachedMessage,
  windowMs: number,
): Promise<CachedMessage[]> {
  const subjectKey = subjectKeyOf(start.subject);
  if (subjectKey === '') return [start];
  const time = timeOf(start.date, start.internalDate);
  const docs = await db.searchDocs
    .where('[accountId+subjectKey]')
    .equals([start.accountId, subjectKey])
    .toArray();
  const keys = docs
    .filter((doc) => doc.links.length === 0 && Math.abs(doc.time - time) <= windowMs)
    .map((doc): Key => [doc.accountId, doc.messageKey]);
  const messages = (await db.messages.bulkGet(keys)).flatMap((m) => (m === undefined ? [] : [m]));
  // A candidate that others reply to has links of its own: it belongs to that thread instead.
  const linked = await Promise.all(
    messages.map((m) =>
      m.messageId === undefined || m.messageKey === start.messageKey
        ? Promise.resolve(0)
        : db.searchDocs.where('links').equals(messageIdKey(m.accountId, m.messageId)).count(),
    ),
  );
  const kept = messages.filter((_, i) => linked[i] === 0);
  return kept.some((m) => m.messageKey === start.messageKey) ? kept : [start, ...kept];
}

/** Options of a thread read. */
export interface ThreadOptions {
  /** Off: the thread is the message alone. */
  readonly threading: boolean;
  readonly subjectWindowMs?: number;
}

/** One message of a thread, where it is shown from (a membership, the Inbox one first). */
export type ThreadMessage = FolderRow;

function preferred(
  memberships: readonly Membership[],
  account: AccountView | undefined,
): Membership | undefined {
  const inbox = account === undefined ? 'INBOX' : inboxOf(account);
  return memberships.find((m) => m.folder === inbox && m.uid > 0) ?? memberships[0];
}

/**
 * The thread of `messageKey`, oldest first, each message once (in whichever folder it is).
 * Messages whose every membership is gone are left out.
 */
export async function readThread(
  db: MailDb,
  accountId: string,
  messageKey: string,
  account: AccountView | undefined,
  options: ThreadOptions,
): Promise<ThreadMessage[]> {
  return db.transaction('r', [db.messages, db.searchDocs, db.memberships], async () => {
    const start = await db.messages.get([accountId, messageKey]);
    if (start === undefined) return [];
    let members = [start];
    if (options.threading) {
      members = await linkedMessages(db, start);
      if (members.length === 1) {
        const doc = await db.searchDocs
          .where('[accountId+messageKey]')
          .equals([accountId, messageKey])
          .first();
        const refersToNothing = idsOf(start).length === 0 && (doc?.links.length ?? 0) === 0;
        const replies =
          start.messageId === undefined
            ? 0
            : await db.searchDocs
                .where('links')
                .equals(messageIdKey(accountId, start.messageId))
                .count();
        if (refersToNothing && replies === 0) {
          members = await subjectFallback(db, start, options.subjectWindowMs ?? SUBJECT_WINDOW_MS);
        }
      }
    }
    const memberships = await db.memberships
      .where('[accountId+messageKey]')
      .anyOf(members.map((m): Key => [accountId, m.messageKey]))
      .toArray();
    const rows = members.flatMap((message) => {
      const membership = preferred(
        memberships.filter((m) => m.messageKey === message.messageKey),
        account,
      );
      return membership === undefined ? [] : [{ membership, message }];
    });
    rows.sort(
      (a, b) =>
        timeOf(a.message.date, a.message.internalDate) -
        timeOf(b.message.date, b.message.internalDate),
    );
    return rows;
  });
}
