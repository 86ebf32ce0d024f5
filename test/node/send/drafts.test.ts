/** Drafts on the real rig: a new version replaces the old one; removing empties Drafts. */
import { afterEach, describe, expect, it, inject } from 'vitest';
import {
  countIn,
  outgoing,
  readByMessageId,
  sendSetup,
  withClient,
  type SendSetup,
} from './helpers';

const rig = inject('rig');
const open: SendSetup[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((setup) => setup.service.close()));
});

describe('drafts', () => {
  it('saves v1, replaces it with v2, then removes it', async () => {
    const setup = await sendSetup(rig);
    open.push(setup);
    const v1 = outgoing(setup, {
      to: [{ name: '', address: 'later@example.test' }],
      bcc: [{ name: '', address: 'hidden@example.test' }],
      subject: 'Draft v1',
    });
    const first = await setup.service.saveDraft(v1);
    expect(first).toMatchObject({ accountId: setup.account.id, folder: 'Drafts' });
    const v2 = { ...v1, subject: 'Draft v2', text: 'Second version' };
    const second = await setup.service.saveDraft(v2, first);
    expect(second.uid).toBeGreaterThan(first.uid);

    await withClient(rig, setup.user, async (client) => {
      expect(await countIn(client, 'Drafts')).toBe(1);
      const [saved] = await readByMessageId(client, 'Drafts', v1.messageId);
      expect(saved?.subject).toBe('Draft v2');
      // A draft keeps Bcc, so it is still there when the user opens it again.
      expect(saved?.bcc).toMatchObject({ value: [{ address: 'hidden@example.test' }] });
      const lock = await client.getMailboxLock('Drafts');
      try {
        const fetched = await client.fetchOne(String(second.uid), { flags: true }, { uid: true });
        expect(
          fetched === false || fetched === undefined ? [] : [...(fetched.flags ?? [])].sort(),
        ).toEqual(['\\Draft', '\\Seen']);
      } finally {
        lock.release();
      }
    });

    await setup.service.removeDraft(second);
    await withClient(rig, setup.user, async (client) => {
      expect(await countIn(client, 'Drafts')).toBe(0);
    });
    // Removing again (already gone) is not an error.
    await setup.service.removeDraft(second);
  });

  it('does not delete anything when the folder UIDVALIDITY differs', async () => {
    const setup = await sendSetup(rig);
    open.push(setup);
    const draft = await setup.service.saveDraft(outgoing(setup, { subject: 'Keep me' }));
    await setup.service.removeDraft({ ...draft, uidValidity: draft.uidValidity + 1 });
    await withClient(rig, setup.user, async (client) => {
      expect(await countIn(client, 'Drafts')).toBe(1);
    });
  });
});
