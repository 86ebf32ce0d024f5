/**
 * Real-world and hostile mail from the shared corpora (../shared/corpora, when present): every
 * file APPENDed to Dovecot syncs, each message is stored exactly once, none crashes the engine,
 * and subjects and senders are what the server's ENVELOPE says (the record reads them from the
 * header fields itself, see header-envelope.ts). The headers come through the raw reader
 * (raw/header-reader.ts), which raw-header-reader.test.ts compares with imapflow's.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createBodyParserPool } from '../../../src/main/core/mime/body-parser-pool';
import { syncFolder } from '../../../src/main/core/imap/folder-sync';
import { addRigUser } from '../../servers/rig-users';
import {
  appendCorpora,
  createTestCache,
  rigClient,
  rigSession,
  settings,
  warningLogger,
} from './helpers';

const rig = inject('rig');
const corpora = resolve(process.cwd(), '../shared/corpora');
const parser = createBodyParserPool({ size: 2 });

afterAll(async () => {
  await parser.close();
});

describe.runIf(existsSync(corpora))('the shared corpora', () => {
  it('syncs every message that Dovecot accepts, each once, without crashing', async () => {
    const user = await addRigUser(rig);
    const admin = await rigClient(rig, user);
    const appended = await appendCorpora(admin, corpora, 'Corpus');
    expect(appended.length).toBeGreaterThan(100);

    const lock = await admin.getMailboxLock('Corpus');
    const envelopes = new Map(
      (await admin.fetchAll('1:*', { uid: true, envelope: true }, { uid: true })).map((message) => [
        message.uid,
        message.envelope,
      ]),
    );
    lock.release();
    await admin.logout();

    const session = await rigSession(rig, user);
    const logger = warningLogger();
    const cache = createTestCache();
    const delivered: number[] = [];
    let summary;
    try {
      summary = await syncFolder(
        session.client,
        {
          accountId: 'a',
          folder: 'Corpus',
          checkpoint: null,
          settings: settings({ historyWindow: 'all' }),
        },
        async (batch) => {
          if (batch.kind === 'messages')
            delivered.push(...batch.records.map((record) => record.uid));
          await cache.apply(batch);
        },
        {
          parser,
          clock: { now: () => Date.now() },
          logger,
          parseConcurrency: 4,
          // Headers through the raw reader, as a large folder's are (header-source.ts).
          openRawConnection: () => session.openRawConnection(),
          bulkHeaderMinimum: 1,
        },
      );
    } finally {
      await session.close();
    }

    expect(logger.warnings).toEqual([]);
    // Each message exactly once (unreadable bodies are errors, but their headers are stored).
    expect(new Set(delivered).size).toBe(delivered.length);
    const cached = cache.folder('Corpus');
    expect([...cached.keys()].sort((a, b) => a - b)).toEqual(appended.sort((a, b) => a - b));
    expect(summary.fetched).toBe(appended.length);
    for (const [uid, record] of cached) {
      const envelope = envelopes.get(uid);
      expect(record.subject, `subject of UID ${uid}`).toBe((envelope?.subject ?? '').trim());
      const sender = (envelope?.from?.[0]?.address ?? '').trim();
      const ours = record.from[0]?.address ?? '';
      if (sender.includes('MISSING_')) {
        // Dovecot invents MISSING_MAILBOX / MISSING_DOMAIN for an address it cannot read; we
        // keep what is written ("Big Bug bb@bug.com" gives bb@bug.com) or nothing.
        expect(ours, `sender of UID ${uid}`).not.toContain('MISSING_');
      } else {
        expect(ours, `sender of UID ${uid}`).toBe(sender);
      }
    }
    // Most bodies parse; the ones that do not are reported with their UID.
    expect(summary.bodiesFetched + summary.errors.length).toBeGreaterThanOrEqual(
      appended.length - 5,
    );
    for (const error of summary.errors) expect(appended).toContain(error.uid);
  }, 180_000);
});
