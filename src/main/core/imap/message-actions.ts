/**
 * Carries one queued user action (flags, move, delete) to the server, by UID only. The message
 * is checked first: a different UIDVALIDITY or a UID no longer in the folder means it is gone,
 * which is a conflict the renderer resolves by dropping this action and keeping the rest of
 * its queue, not an error.
 */
import type { ImapFlow, MailboxObject } from 'imapflow';
import type { FolderMapping } from '../../../shared/account';
import { fail } from '../../../shared/errors';
import type { ActionOutcome, MessageAction, MessageRef } from '../../../shared/sync';
import type { Logger } from '../ports';
import { watchRefusals, type RefusalWatch } from './message-actions-refusal';
import { sameMailbox } from './push-poll';

const GONE: ActionOutcome = { status: 'gone' };

/** One action in progress: the client, the message, and the refusal watch. */
interface ActionContext {
  readonly client: ImapFlow;
  readonly ref: MessageRef;
  readonly uid: string;
  readonly refusals: RefusalWatch;
  readonly logger: Logger | undefined;
}

/** imapflow's error for a SELECT of a mailbox LIST does not know (set by mailboxOpen). */
function mailboxMissing(thrown: unknown): boolean {
  return (
    typeof thrown === 'object' &&
    thrown !== null &&
    (thrown as { mailboxMissing?: unknown }).mailboxMissing === true
  );
}

/** RFC 3501 section 2.3.2 system flags, spelled as the server expects; \Recent is server-only. */
const SYSTEM_FLAGS = new Map(
  ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'].map((flag) => [
    flag.toLowerCase(),
    flag,
  ]),
);

/** A flag as STOREd, or undefined for one a client may not set (\Recent). */
function storableFlag(flag: string): string | undefined {
  const lower = flag.toLowerCase();
  if (lower === '\\recent') return undefined;
  return SYSTEM_FLAGS.get(lower) ?? flag;
}

/** PERMANENTFLAGS (RFC 3501 section 7.1): absent means anything goes, \* allows new keywords. */
function permitted(mailbox: MailboxObject, flag: string): boolean {
  const permanent = mailbox.permanentFlags;
  return permanent === undefined || permanent.has('\\*') || permanent.has(flag);
}

/** UID STORE +FLAGS / -FLAGS (RFC 3501 section 6.4.6, 6.4.8). */
async function storeFlags(
  context: ActionContext,
  mailbox: MailboxObject,
  action: Extract<MessageAction, { kind: 'flags' }>,
): Promise<ActionOutcome> {
  const { client, uid } = context;
  const refusals: RefusalWatch = context.refusals;
  const add: string[] = [];
  for (const flag of action.add) {
    const storable = storableFlag(flag);
    if (storable === undefined) continue;
    // The server would drop it without a word; say so in the log instead.
    if (!permitted(mailbox, storable)) {
      context.logger?.warn('flag not permanent in this folder; not stored', {
        folder: context.ref.folder,
        flag: storable,
      });
      continue;
    }
    add.push(storable);
  }
  const remove = action.remove.flatMap((flag) => storableFlag(flag) ?? []);
  if (add.length > 0 && !(await client.messageFlagsAdd(uid, add, { uid: true }))) {
    refusals.refuse('Adding flags');
  }
  if (remove.length > 0 && !(await client.messageFlagsRemove(uid, remove, { uid: true }))) {
    refusals.refuse('Removing flags');
  }
  return { status: 'done' };
}

/**
 * Removes this one message: \Deleted, then UID EXPUNGE of its UID alone (RFC 4315 section 2.1),
 * so other messages a different client marked \Deleted stay. Without UIDPLUS a plain EXPUNGE
 * would remove those too, so it runs only when this message is the only one marked; otherwise
 * the message stays marked \Deleted (hidden by most clients) and the server's next EXPUNGE
 * removes it.
 */
async function expungeOne(context: ActionContext): Promise<void> {
  const { client, uid } = context;
  const refusals: RefusalWatch = context.refusals;
  if (!client.capabilities.has('UIDPLUS')) {
    if (!(await client.messageFlagsAdd(uid, ['\\Deleted'], { uid: true }))) {
      refusals.refuse('Marking the message deleted');
    }
    const marked = await client.search({ deleted: true }, { uid: true });
    if (marked === false || marked === undefined) refusals.refuse('Searching deleted messages');
    if (marked.length !== 1 || marked[0] !== context.ref.uid) {
      context.logger?.warn('no UIDPLUS and other messages are marked deleted; left marked', {
        folder: context.ref.folder,
        uid: context.ref.uid,
      });
      return;
    }
  }
  // imapflow: STORE +FLAGS (\Deleted), then UID EXPUNGE with UIDPLUS, EXPUNGE without.
  if (!(await client.messageDelete(uid, { uid: true }))) refusals.refuse('Deleting the message');
}

/**
 * UID MOVE (RFC 6851); where MOVE is missing, UID COPY then expungeOne. The new UID comes from
 * COPYUID (RFC 4315 section 3). With UIDPLUS a move that reports no UID moved nothing: the
 * message vanished after the check, so it is gone.
 */
async function moveMessage(context: ActionContext, toFolder: string): Promise<ActionOutcome> {
  const { client, ref, uid } = context;
  const refusals: RefusalWatch = context.refusals;
  if (sameMailbox(ref.folder, toFolder)) return { status: 'done', newUid: ref.uid };
  const canMove = client.capabilities.has('MOVE');
  const result = canMove
    ? await client.messageMove(uid, toFolder, { uid: true })
    : await client.messageCopy(uid, toFolder, { uid: true });
  if (result === false) refusals.refuse(`Moving the message to ${toFolder}`);
  const newUid = result.uidMap?.get(ref.uid);
  if (newUid === undefined && client.capabilities.has('UIDPLUS')) return GONE;
  if (!canMove) await expungeOne(context);
  return newUid === undefined ? { status: 'done' } : { status: 'done', newUid };
}

/**
 * Carries out `action` on the message `ref` over `client` (a connected ImapFlow). Selects the
 * folder read-write under imapflow's mailbox lock, so other users of the same client wait.
 * Returns { status: 'gone' } when the folder, the UIDVALIDITY or the UID no longer match;
 * throws an AppFailure when the server refuses, and what imapflow threw when the connection
 * fails (classify it with the session's classifier).
 */
export async function applyMessageAction(
  client: ImapFlow,
  ref: MessageRef,
  action: MessageAction,
  folders: FolderMapping,
  logger?: Logger,
): Promise<ActionOutcome> {
  let lock;
  try {
    lock = await client.getMailboxLock(ref.folder, { readOnly: false, description: 'action' });
  } catch (thrown) {
    if (mailboxMissing(thrown)) return GONE;
    throw thrown;
  }
  const refusals: RefusalWatch = watchRefusals(client);
  try {
    const mailbox = client.mailbox;
    if (mailbox === false) fail('CONNECTION_RESET', 'The connection closed before the action.');
    // RFC 3501 section 2.3.1.1: UIDs are only meaningful with the same UIDVALIDITY.
    if (mailbox.uidValidity !== BigInt(ref.uidValidity)) return GONE;
    const uid = String(ref.uid);
    const found = await client.search({ uid }, { uid: true });
    if (found === false || found === undefined) refusals.refuse('Looking the message up');
    if (!found.includes(ref.uid)) return GONE;
    const context: ActionContext = { client, ref, uid, refusals, logger };
    switch (action.kind) {
      case 'flags':
        return await storeFlags(context, mailbox, action);
      case 'move':
        return await moveMessage(context, action.toFolder);
      case 'delete': {
        const trash = folders.trash;
        if (trash !== undefined && trash !== '' && !sameMailbox(ref.folder, trash)) {
          return await moveMessage(context, trash);
        }
        await expungeOne(context);
        return { status: 'done' };
      }
      default: {
        const unknown: never = action;
        return fail('INVALID_INPUT', `Unknown action ${JSON.stringify(unknown)}`);
      }
    }
  } finally {
    refusals.stop();
    lock.release();
  }
}
