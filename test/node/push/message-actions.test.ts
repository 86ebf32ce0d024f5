/**
 * applyMessageAction against Dovecot: flags, UID MOVE with the COPYUID reported, delete to
 * Trash and from Trash, the COPY fallback without MOVE, UID EXPUNGE of one UID only, and the
 * conflicts that come back as 'gone' rather than errors.
 */
import type { ImapFlow } from 'imapflow';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { applyMessageAction } from '../../../src/main/core/imap/message-actions';
import type { FolderMapping } from '../../../src/shared/account';
import { AppFailure } from '../../../src/shared/errors';
import type { MessageAction, MessageRef } from '../../../src/shared/sync';
import { deliver } from '../../servers/deliver';
import type { RigUser } from '../../servers/rig-info';
import { addRigUser } from '../../servers/rig-users';
import { connectClient, rawMessage, rigImapOptions } from './helpers';

const rig = inject('rig');
const FOLDERS: FolderMapping = {
  inbox: 'INBOX',
  sent: 'Sent',
  drafts: 'Drafts',
  trash: 'Trash',
  archive: 'Archive',
  junk: 'Junk',
};

let user: RigUser;
/** The client under test. */
let client: ImapFlow;
/** A second session that looks at the server's state, as another device would. */
let checker: ImapFlow;
/** UIDs of the three seeded inbox messages and the inbox's UIDVALIDITY. */
let uids: number[];
let uidValidity: number;

beforeEach(async () => {
  user = await addRigUser(rig);
  await deliver(
    rig,
    ['one', 'two', 'three'].map((name) => ({
      from: 'sender@example.test',
      to: [user.email],
      raw: rawMessage(user.email, name, `<${name}@example.test>`),
    })),
  );
  client = await connectClient(await rigImapOptions(rig, user));
  checker = await connectClient(await rigImapOptions(rig, user));
  const inbox = await checker.mailboxOpen('INBOX');
  uidValidity = Number(inbox.uidValidity);
  const found = await checker.search({ all: true }, { uid: true });
  uids = found === false || found === undefined ? [] : found;
  expect(uids).toHaveLength(3);
});

afterEach(async () => {
  await client.logout();
  await checker.logout();
});

function inboxRef(index: number): MessageRef {
  const uid = uids[index];
  if (uid === undefined) throw new Error(`no message ${index}`);
  return { accountId: 'acc', folder: 'INBOX', uidValidity, uid };
}

/** The flags of a UID in a folder as the server has them now, or undefined when absent. */
async function serverFlags(folder: string, uid: number): Promise<Set<string> | undefined> {
  await checker.mailboxOpen(folder);
  const message = await checker.fetchOne(String(uid), { flags: true }, { uid: true });
  return message === false || message === undefined ? undefined : message.flags;
}

async function messageIdOf(folder: string, uid: number): Promise<string | undefined> {
  await checker.mailboxOpen(folder);
  const message = await checker.fetchOne(String(uid), { envelope: true }, { uid: true });
  return message === false || message === undefined ? undefined : message.envelope?.messageId;
}

async function folderUids(folder: string): Promise<number[]> {
  await checker.mailboxOpen(folder);
  const found = await checker.search({ all: true }, { uid: true });
  return found === false || found === undefined ? [] : found;
}

describe('applyMessageAction', () => {
  it('adds and removes flags with UID STORE', async () => {
    const ref = inboxRef(0);
    const added = await applyMessageAction(
      client,
      ref,
      { kind: 'flags', add: ['\\Seen', '\\flagged', '$Important'], remove: [] },
      FOLDERS,
    );
    expect(added).toEqual({ status: 'done' });
    expect([...((await serverFlags('INBOX', ref.uid)) ?? [])].sort()).toEqual([
      '$Important',
      '\\Flagged',
      '\\Seen',
    ]);
    const removed = await applyMessageAction(
      client,
      ref,
      { kind: 'flags', add: [], remove: ['\\Seen', '$Important'] },
      FOLDERS,
    );
    expect(removed).toEqual({ status: 'done' });
    expect([...((await serverFlags('INBOX', ref.uid)) ?? [])]).toEqual(['\\Flagged']);
    // The other messages are untouched.
    expect((await serverFlags('INBOX', inboxRef(1).uid))?.size).toBe(0);
  });

  it('moves to Archive with UID MOVE and reports the new UID from COPYUID', async () => {
    const ref = inboxRef(1);
    const outcome = await applyMessageAction(
      client,
      ref,
      { kind: 'move', toFolder: 'Archive' },
      FOLDERS,
    );
    expect(outcome.status).toBe('done');
    expect(outcome.newUid).toBeTypeOf('number');
    expect(await messageIdOf('Archive', outcome.newUid ?? 0)).toBe('<two@example.test>');
    expect(await folderUids('INBOX')).toEqual([inboxRef(0).uid, inboxRef(2).uid]);
  });

  it('deletes into Trash, and deleting in Trash expunges that message only', async () => {
    const ref = inboxRef(2);
    const trashed = await applyMessageAction(client, ref, { kind: 'delete' }, FOLDERS);
    expect(trashed.status).toBe('done');
    expect(await messageIdOf('Trash', trashed.newUid ?? 0)).toBe('<three@example.test>');
    expect(await folderUids('INBOX')).not.toContain(ref.uid);

    // Another message in Trash, marked \Deleted by another client, must survive our expunge.
    const other = await applyMessageAction(client, inboxRef(0), { kind: 'delete' }, FOLDERS);
    await checker.mailboxOpen('Trash');
    await checker.messageFlagsAdd(String(other.newUid), ['\\Deleted'], { uid: true });
    const trash = await checker.mailboxOpen('Trash');
    const inTrash: MessageRef = {
      accountId: 'acc',
      folder: 'Trash',
      uidValidity: Number(trash.uidValidity),
      uid: trashed.newUid ?? 0,
    };
    const expunged = await applyMessageAction(client, inTrash, { kind: 'delete' }, FOLDERS);
    expect(expunged).toEqual({ status: 'done' });
    expect(await folderUids('Trash')).toEqual([other.newUid]);
  });

  it('expunges in place when the account has no Trash folder', async () => {
    const ref = inboxRef(0);
    const outcome = await applyMessageAction(client, ref, { kind: 'delete' }, { inbox: 'INBOX' });
    expect(outcome).toEqual({ status: 'done' });
    expect(await folderUids('INBOX')).toEqual([inboxRef(1).uid, inboxRef(2).uid]);
    expect(await folderUids('Trash')).toEqual([]);
  });

  it('answers gone for a UID expunged meanwhile, and leaves the rest alone', async () => {
    const ref = inboxRef(0);
    await checker.mailboxOpen('INBOX');
    await checker.messageDelete(String(ref.uid), { uid: true });
    const flag: MessageAction = { kind: 'flags', add: ['\\Seen'], remove: [] };
    const actions: MessageAction[] = [
      flag,
      { kind: 'move', toFolder: 'Archive' },
      { kind: 'delete' },
    ];
    for (const action of actions) {
      expect(await applyMessageAction(client, ref, action, FOLDERS)).toEqual({ status: 'gone' });
    }
    expect(await folderUids('Archive')).toEqual([]);
    expect(await folderUids('Trash')).toEqual([]);
    expect(await applyMessageAction(client, inboxRef(1), flag, FOLDERS)).toEqual({
      status: 'done',
    });
  });

  it('answers gone for a different UIDVALIDITY or a folder that no longer exists', async () => {
    const ref = inboxRef(0);
    const stale = { ...ref, uidValidity: ref.uidValidity + 1 };
    expect(await applyMessageAction(client, stale, { kind: 'delete' }, FOLDERS)).toEqual({
      status: 'gone',
    });
    expect(await folderUids('INBOX')).toHaveLength(3);
    const missing = { ...ref, folder: 'Removed Folder' };
    expect(
      await applyMessageAction(
        client,
        missing,
        { kind: 'flags', add: ['\\Seen'], remove: [] },
        FOLDERS,
      ),
    ).toEqual({ status: 'gone' });
  });

  it('refuses a move to a folder that does not exist with NOT_FOUND, keeping the message', async () => {
    const ref = inboxRef(0);
    const failure = await applyMessageAction(
      client,
      ref,
      { kind: 'move', toFolder: 'No Such Folder' },
      FOLDERS,
    ).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).error).toMatchObject({ code: 'NOT_FOUND', retryable: false });
    expect(await folderUids('INBOX')).toContain(ref.uid);
  });

  it('without MOVE: UID COPY, then \\Deleted and UID EXPUNGE of that UID only (UIDPLUS)', async () => {
    // Another client's pending delete: a plain EXPUNGE would remove it too.
    await checker.mailboxOpen('INBOX');
    await checker.messageFlagsAdd(String(inboxRef(2).uid), ['\\Deleted'], { uid: true });
    client.capabilities.delete('MOVE');
    const ref = inboxRef(0);
    const outcome = await applyMessageAction(
      client,
      ref,
      { kind: 'move', toFolder: 'Archive' },
      FOLDERS,
    );
    expect(outcome.status).toBe('done');
    expect(await messageIdOf('Archive', outcome.newUid ?? 0)).toBe('<one@example.test>');
    expect(await folderUids('INBOX')).toEqual([inboxRef(1).uid, inboxRef(2).uid]);
  });

  it('without UIDPLUS: expunges only when no other message is marked \\Deleted', async () => {
    client.capabilities.delete('UIDPLUS');
    const alone = await applyMessageAction(client, inboxRef(0), { kind: 'delete' }, {});
    expect(alone).toEqual({ status: 'done' });
    expect(await folderUids('INBOX')).toEqual([inboxRef(1).uid, inboxRef(2).uid]);

    await checker.mailboxOpen('INBOX');
    await checker.messageFlagsAdd(String(inboxRef(2).uid), ['\\Deleted'], { uid: true });
    const shared = await applyMessageAction(client, inboxRef(1), { kind: 'delete' }, {});
    expect(shared).toEqual({ status: 'done' });
    // Both stay, marked \Deleted: a plain EXPUNGE would have taken the other client's too.
    expect(await folderUids('INBOX')).toEqual([inboxRef(1).uid, inboxRef(2).uid]);
    expect(await serverFlags('INBOX', inboxRef(1).uid)).toContain('\\Deleted');
  });
});
