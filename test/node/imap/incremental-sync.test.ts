/**
 * Incremental sync against Dovecot: QRESYNC (flags, expunges, new mail, nothing at all),
 * the CONDSTORE-only and extension-less fallbacks, expunges during a large initial sync, and a
 * UIDVALIDITY change. After every sync the test cache must equal the server.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { syncFolder, type FolderSyncRequest } from '../../../src/main/core/imap/folder-sync';
import { storedFlags } from '../../../src/main/core/imap/normalize-message';
import type { FolderSyncSummary } from '../../../src/shared/sync';
import type { RigUser } from '../../servers/rig-info';
import { addRigUser } from '../../servers/rig-users';
import {
  appendAll,
  createTestCache,
  doveadm,
  inProcessParser,
  quietLogger,
  rawMail,
  rigClient,
  rigSession,
  serverSubjects,
  settings,
  type TestCache,
} from './helpers';

const rig = inject('rig');
const deps = { parser: inProcessParser, clock: { now: () => Date.now() }, logger: quietLogger };
const opened: { close(): Promise<void> | void }[] = [];

/** Logs a client out after the test, unless the test already did. */
function closing(client: ImapFlow): { close(): Promise<void> } {
  return { close: async () => (client.usable ? client.logout() : undefined) };
}

afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

interface Fixture {
  readonly user: RigUser;
  readonly admin: ImapFlow;
  readonly cache: TestCache;
  /** Syncs INBOX over `client` (the product's QRESYNC session by default) into the cache. */
  sync(client?: ImapFlow, extra?: Partial<FolderSyncRequest>): Promise<FolderSyncSummary>;
  /** Batches sent by the last sync. */
  lastBatches(): TestCache['batches'];
}

async function fixture(count: number): Promise<Fixture> {
  const user = await addRigUser(rig);
  const admin = await rigClient(rig, user);
  opened.push(closing(admin));
  await appendAll(
    admin,
    'INBOX',
    Array.from({ length: count }, (_, index) => rawMail({ subject: `Mail ${index}` }, index)),
  );
  const session = await rigSession(rig, user);
  opened.push(session);
  const cache = createTestCache();
  let mark = 0;
  return {
    user,
    admin,
    cache,
    async sync(client = session.client, extra = {}) {
      mark = cache.batches.length;
      return syncFolder(
        client,
        {
          accountId: 'a',
          folder: 'INBOX',
          checkpoint: cache.checkpoints.get('INBOX') ?? null,
          settings: settings(),
          ...extra,
        },
        (batch) => cache.apply(batch),
        deps,
      );
    },
    lastBatches: () => cache.batches.slice(mark),
  };
}

/** The cache holds exactly what the server holds: same UIDs, subjects and flags. */
async function expectCacheEqualsServer(f: Fixture): Promise<void> {
  const subjects = await serverSubjects(f.admin, 'INBOX');
  const lock = await f.admin.getMailboxLock('INBOX');
  const flags = new Map(
    (await f.admin.fetchAll('1:*', { uid: true, flags: true }, { uid: true })).map((message) => [
      message.uid,
      storedFlags(message.flags),
    ]),
  );
  lock.release();
  const cached = f.cache.folder('INBOX');
  expect([...cached.keys()].sort((a, b) => a - b)).toEqual(
    [...subjects.keys()].sort((a, b) => a - b),
  );
  for (const [uid, record] of cached) {
    expect(record.subject).toBe(subjects.get(uid));
    expect(record.flags).toEqual(flags.get(uid));
  }
}

async function inInbox<T>(client: ImapFlow, work: () => Promise<T>): Promise<T> {
  const lock = await client.getMailboxLock('INBOX');
  try {
    return await work();
  } finally {
    lock.release();
  }
}

describe('incremental sync with QRESYNC', () => {
  it('sends nothing when nothing changed', async () => {
    const f = await fixture(20);
    await f.sync();
    const summary = await f.sync();
    expect(summary.mode).toBe('qresync');
    expect(f.lastBatches()).toEqual([]);
    expect(summary).toMatchObject({ fetched: 0, stored: 0, vanished: 0, flagsChanged: 0 });
  });

  it('sends flags changed on the server as a flags batch', async () => {
    const f = await fixture(20);
    await f.sync();
    await inInbox(f.admin, async () => {
      await f.admin.messageFlagsAdd('3,7', ['\\Flagged', '\\Seen'], { uid: true });
      await f.admin.messageFlagsAdd('9', ['$Label1'], { uid: true });
    });
    const summary = await f.sync();
    expect(summary).toMatchObject({ mode: 'qresync', flagsChanged: 3, fetched: 0 });
    expect(f.lastBatches().map((batch) => batch.kind)).toEqual(['flags']);
    await expectCacheEqualsServer(f);
  });

  it('applies expunges (VANISHED) and fetches new mail', async () => {
    const f = await fixture(30);
    await f.sync();
    const before = f.cache.checkpoints.get('INBOX')?.highestModseq;
    await inInbox(f.admin, async () => {
      await f.admin.messageDelete('2,5,30', { uid: true });
      await f.admin.messageFlagsAdd('8', ['\\Seen'], { uid: true });
    });
    await appendAll(f.admin, 'INBOX', [rawMail({ subject: 'Late arrival' }, 99)]);
    const summary = await f.sync();
    expect(summary).toMatchObject({ mode: 'qresync', vanished: 3, fetched: 1, stored: 1 });
    const kinds = f.lastBatches().map((batch) => batch.kind);
    expect(kinds).toEqual(['vanished', 'flags', 'messages']);
    // VANISHED is applied before the modseq advances (RFC 7162 section 3.2.5.2): the modseq
    // moves with the last change batch, not earlier.
    const [vanished, flags] = f.lastBatches();
    expect(vanished?.checkpoint.highestModseq).toBe(before);
    expect(flags?.checkpoint.highestModseq).toBe(summary.checkpoint.highestModseq);
    expect(summary.checkpoint.highestModseq).not.toBe(before);
    await expectCacheEqualsServer(f);
    expect(summary.checkpoint).toMatchObject({ highestUidSynced: 31, uidNext: 32 });
  });

  it('ends equal to the server when messages are expunged during a large initial sync', async () => {
    const f = await fixture(300);
    const session = await rigSession(rig, f.user);
    opened.push(session);
    const cache = f.cache;
    let expunged = false;
    await syncFolder(
      session.client,
      { accountId: 'a', folder: 'INBOX', checkpoint: null, settings: settings(), batchSize: 50 },
      async (batch) => {
        await cache.apply(batch);
        if (!expunged && batch.kind === 'messages') {
          expunged = true;
          // Some already fetched (high UIDs), some not yet (low UIDs).
          await inInbox(f.admin, () => f.admin.messageDelete('1:20,280:290', { uid: true }));
        }
      },
      deps,
    );
    // The server announced the expunges (VANISHED) while the sync ran: applied at its end.
    await expectCacheEqualsServer(f);
    // The next sync hears of them again (VANISHED since the initial modseq): a harmless replay.
    await f.sync();
    await expectCacheEqualsServer(f);
    expect(cache.folder('INBOX').size).toBe(269);
  });
});

describe('incremental sync without QRESYNC', () => {
  it('uses CONDSTORE for flags and a UID list for expunges, and sends nothing when unchanged', async () => {
    const f = await fixture(25);
    const condstore = await rigClient(rig, f.user, 'condstore');
    opened.push(closing(condstore));
    await f.sync(condstore);
    expect((await f.sync(condstore)).mode).toBe('condstore');
    expect(f.lastBatches()).toEqual([]);

    await inInbox(f.admin, async () => {
      await f.admin.messageFlagsAdd('4', ['\\Answered'], { uid: true });
      await f.admin.messageDelete('10:12', { uid: true });
    });
    const summary = await f.sync(condstore);
    expect(summary).toMatchObject({ mode: 'condstore', vanished: 3, flagsChanged: 1 });
    expect(f.lastBatches().map((batch) => batch.kind)).toEqual(['flags', 'present']);
    await expectCacheEqualsServer(f);
  });

  it('diffs UIDs and flags on a server without CONDSTORE', async () => {
    const f = await fixture(25);
    const plain = await rigClient(rig, f.user, 'none');
    opened.push(closing(plain));
    await f.sync(plain);
    await inInbox(f.admin, async () => {
      await f.admin.messageFlagsAdd('6', ['\\Flagged'], { uid: true });
      await f.admin.messageDelete('1,25', { uid: true });
    });
    await appendAll(f.admin, 'INBOX', [rawMail({ subject: 'New one' }, 50)]);
    const summary = await f.sync(plain);
    expect(summary).toMatchObject({ mode: 'uid-diff', fetched: 1 });
    await expectCacheEqualsServer(f);
  });
});

describe('UIDVALIDITY change', () => {
  it('resets the folder and rebuilds it without duplicates or ghosts', async () => {
    const f = await fixture(15);
    await f.sync();
    const before = f.cache.checkpoints.get('INBOX')?.uidValidity ?? 0;
    await f.admin.logout();
    await doveadm(rig, [
      'mailbox',
      'update',
      '--uid-validity',
      String(before + 1000),
      '-u',
      f.user.login,
      'INBOX',
    ]);
    const admin = await rigClient(rig, f.user);
    opened.push(closing(admin));
    const session = await rigSession(rig, f.user);
    opened.push(session);
    const summary = await f.sync(session.client);
    expect(summary.mode).toBe('reset');
    expect(summary.checkpoint.uidValidity).toBe(before + 1000);
    expect(f.lastBatches()[0]?.kind).toBe('reset');
    const records = [...f.cache.records.values()];
    expect(records).toHaveLength(15);
    expect(records.every((record) => record.uidValidity === before + 1000)).toBe(true);
    const subjects = await serverSubjects(admin, 'INBOX');
    expect(new Set(records.map((record) => record.subject))).toEqual(new Set(subjects.values()));
  });
});
