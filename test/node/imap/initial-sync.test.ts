/**
 * The initial sync against Dovecot: every message stored exactly once with the server's
 * subject and sender, newest first, a checkpoint with every batch, and an interrupted sync that
 * resumes from its checkpoint without duplicates or gaps.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { syncFolder } from '../../../src/main/core/imap/folder-sync';
import type { ImapSession } from '../../../src/main/core/imap/imap-session';
import type { SyncBatch } from '../../../src/shared/sync';
import { addRigUser } from '../../servers/rig-users';
import {
  appendAll,
  createTestCache,
  inProcessParser,
  quietLogger,
  rawMail,
  rigClient,
  rigSession,
  serverSubjects,
  settings,
} from './helpers';

const rig = inject('rig');
const clock = { now: () => Date.now() };
const deps = { parser: inProcessParser, clock, logger: quietLogger };
const opened: { close(): Promise<void> | void }[] = [];

afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

/** A fresh user with `count` generated messages in INBOX, and clients to sync and to change it. */
async function seeded(count: number): Promise<{ session: ImapSession; admin: ImapFlow }> {
  const user = await addRigUser(rig);
  const admin = await rigClient(rig, user);
  opened.push({ close: () => admin.logout() });
  const day = 24 * 60 * 60 * 1000;
  await appendAll(
    admin,
    'INBOX',
    Array.from({ length: count }, (_, index) =>
      rawMail(
        {
          subject: `Message ${index} — ünïcode`,
          from: `Sender ${index} <sender${index}@example.test>`,
          // Oldest first: message i is (count - i) days old, so the newest are in the window.
          date: new Date(Date.now() - (count - index) * day),
        },
        index,
      ),
    ),
  );
  const session = await rigSession(rig, user);
  opened.push(session);
  return { session, admin };
}

describe('initial sync', () => {
  it('stores every message exactly once, newest first, with the server’s subjects and senders', async () => {
    const { session, admin } = await seeded(300);
    const cache = createTestCache();
    const summary = await syncFolder(
      session.client,
      { accountId: 'a', folder: 'INBOX', checkpoint: null, settings: settings(), batchSize: 50 },
      (batch) => cache.apply(batch),
      deps,
    );

    expect(summary).toMatchObject({ mode: 'initial', fetched: 300, stored: 300, errors: [] });
    const server = await serverSubjects(admin, 'INBOX');
    const cached = cache.folder('INBOX');
    expect(cached.size).toBe(300);
    for (const [uid, subject] of server) {
      expect(cached.get(uid)?.subject).toBe(subject);
    }
    const delivered = cache.batches.flatMap((batch) =>
      batch.kind === 'messages' ? batch.records.map((record) => record.uid) : [],
    );
    expect(new Set(delivered).size).toBe(delivered.length);
    // Newest first: the first batch holds the highest UIDs.
    expect(Math.min(...delivered.slice(0, 50))).toBeGreaterThan(Math.max(...delivered.slice(50)));
    const first = cached.get(Math.max(...delivered));
    expect(first?.from).toEqual([{ name: 'Sender 299', address: 'sender299@example.test' }]);
    expect(first?.messageKey).toMatch(/^mid:m299\./);

    // Every batch carries a checkpoint; the fill only ever moves down, and ends complete.
    const lows = cache.batches.map((batch) => batch.checkpoint.lowestUidSynced);
    expect(lows).toEqual([...lows].sort((a, b) => b - a));
    expect(summary.checkpoint).toMatchObject({
      initialComplete: true,
      lowestUidSynced: 1,
      highestUidSynced: 300,
      uidNext: 301,
    });
    expect(summary.checkpoint.highestModseq).toMatch(/^\d+$/);
  });

  it('downloads bodies only inside the history window, the rest stay headers', async () => {
    const { session } = await seeded(40);
    const cache = createTestCache();
    const summary = await syncFolder(
      session.client,
      {
        accountId: 'a',
        folder: 'INBOX',
        checkpoint: null,
        settings: settings({ historyWindow: '7d' }),
      },
      (batch) => cache.apply(batch),
      deps,
    );
    const withBody = [...cache.folder('INBOX').values()].filter((record) => record.body);
    // Messages 33..39 are 7..1 days old; message 33 is exactly 7 days old, at the edge.
    expect(withBody.length).toBeGreaterThanOrEqual(6);
    expect(withBody.length).toBeLessThanOrEqual(7);
    expect(summary.bodiesFetched).toBe(withBody.length);
    expect(withBody[0]?.body?.text).toMatch(/^Body of message \d+\./);
  });

  it('respects the initial body count and unseen-only', async () => {
    const { session, admin } = await seeded(30);
    const lock = await admin.getMailboxLock('INBOX');
    await admin.messageFlagsAdd('29', ['\\Seen'], { uid: true });
    lock.release();
    const cache = createTestCache();
    await syncFolder(
      session.client,
      {
        accountId: 'a',
        folder: 'INBOX',
        checkpoint: null,
        settings: settings({ historyWindow: 'all', initialBodyCount: 5, unseenOnly: true }),
      },
      (batch) => cache.apply(batch),
      deps,
    );
    const withBody = [...cache.folder('INBOX').values()]
      .filter((record) => record.body)
      .map((record) => record.uid)
      .sort((a, b) => a - b);
    // The five newest are 26..30; 29 is seen.
    expect(withBody).toEqual([26, 27, 28, 30]);
  });

  it('names a folder that is not on the server', async () => {
    const { session } = await seeded(1);
    await expect(
      syncFolder(
        session.client,
        { accountId: 'a', folder: 'Gone', checkpoint: null, settings: settings() },
        () => Promise.resolve(),
        deps,
      ),
    ).rejects.toMatchObject({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('"Gone"') as unknown },
    });
  });

  it('resumes an interrupted sync from its checkpoint without duplicates or gaps', async () => {
    const { session, admin } = await seeded(200);
    const cache = createTestCache();
    const delivered: number[] = [];
    const interrupted = syncFolder(
      session.client,
      { accountId: 'a', folder: 'INBOX', checkpoint: null, settings: settings(), batchSize: 40 },
      async (batch: SyncBatch) => {
        if (cache.batches.length >= 2) throw new Error('receiver went away');
        if (batch.kind === 'messages') delivered.push(...batch.records.map((record) => record.uid));
        await cache.apply(batch);
      },
      deps,
    );
    await expect(interrupted).rejects.toThrow('receiver went away');
    expect(delivered).toHaveLength(80);
    const checkpoint = cache.checkpoints.get('INBOX');
    expect(checkpoint).toMatchObject({ initialComplete: false, lowestUidSynced: 121 });

    const summary = await syncFolder(
      session.client,
      {
        accountId: 'a',
        folder: 'INBOX',
        checkpoint: checkpoint ?? null,
        settings: settings(),
        batchSize: 40,
      },
      async (batch) => {
        if (batch.kind === 'messages') delivered.push(...batch.records.map((record) => record.uid));
        await cache.apply(batch);
      },
      deps,
    );
    expect(summary.mode).toBe('qresync');
    expect(summary.fetched).toBe(120);
    expect(new Set(delivered).size).toBe(delivered.length);
    const server = await serverSubjects(admin, 'INBOX');
    expect([...cache.folder('INBOX').keys()].sort((a, b) => a - b)).toEqual(
      [...server.keys()].sort((a, b) => a - b),
    );
    expect(summary.checkpoint).toMatchObject({ initialComplete: true, lowestUidSynced: 1 });
  });
});
