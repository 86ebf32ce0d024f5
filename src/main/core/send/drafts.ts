/**
 * Drafts on the server: a new version is appended first and the old one deleted only after, so
 * a failure in between leaves two versions, never none.
 */
import type { ImapFlow } from 'imapflow';
import type { DraftRef } from '../../../shared/compose';
import { AppFailure, fail } from '../../../shared/errors';
import { withFolder } from '../mime/fetch-body';
import { searchMessageId } from './sent-folder';

/**
 * Appends `raw` to `folder` flagged \Draft \Seen and returns where it landed: the APPENDUID of
 * UIDPLUS (RFC 4315), else the highest UID with the draft's Message-ID.
 */
async function appendDraft(
  client: ImapFlow,
  accountId: string,
  folder: string,
  raw: Buffer,
  messageId: string,
): Promise<DraftRef> {
  const appended = await client.append(folder, raw, ['\\Draft', '\\Seen']);
  if (appended !== false && appended.uid !== undefined && appended.uidValidity !== undefined) {
    return {
      accountId,
      folder: appended.destination || folder,
      uid: appended.uid,
      uidValidity: Number(appended.uidValidity),
    };
  }
  // No UIDPLUS: the newest message with the draft's Message-ID is the one just appended.
  const match = await searchMessageId(client, folder, messageId);
  const uid = Math.max(0, ...match.uids);
  if (uid === 0 || match.uidValidity === undefined) {
    fail('PROTOCOL', 'The draft was saved but the server did not say where.', {
      hint: 'Open the Drafts folder to find it.',
    });
  }
  return { accountId, folder, uid, uidValidity: match.uidValidity };
}

/**
 * Deletes one draft by UID: STORE \Deleted, then UID EXPUNGE of that UID only (imapflow uses
 * UID EXPUNGE where UIDPLUS is offered). Nothing happens when the folder's UIDVALIDITY changed:
 * the UID may name another message now. A draft already gone is not an error.
 */
export async function removeDraft(client: ImapFlow, ref: DraftRef): Promise<void> {
  try {
    await withFolder(client, ref, async () => {
      await client.messageDelete(String(ref.uid), { uid: true });
    });
  } catch (thrown) {
    if (thrown instanceof AppFailure && thrown.error.code === 'NOT_FOUND') return;
    throw thrown;
  }
}

/** Saves a new version of a draft, then removes the one it replaces. Returns the new one. */
export async function saveDraft(
  client: ImapFlow,
  accountId: string,
  draftsFolder: string,
  raw: Buffer,
  messageId: string,
  replaces?: DraftRef,
): Promise<DraftRef> {
  const saved = await appendDraft(client, accountId, draftsFolder, raw, messageId);
  if (replaces !== undefined) await removeDraft(client, replaces);
  return saved;
}
