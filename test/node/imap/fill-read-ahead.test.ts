/**
 * A large fill reads the next chunk's headers on the raw reader's connection while the current
 * chunk's bodies download and parse on the sync's, so the parser never waits for a header
 * round trip between chunks (folder-fill.ts, headersAside).
 */
import { describe, expect, inject, it } from 'vitest';
import type { SourceParser } from '../../../src/main/core/imap/fetch-bodies';
import { addRigUser } from '../../servers/rig-users';
import {
  appendAll,
  createTestCache,
  inProcessParser,
  rawMail,
  rigClient,
  rigSession,
  settings,
  syncInto,
  warningLogger,
} from './helpers';

const rig = inject('rig');

describe('a large fill', () => {
  it("reads the next chunk's headers before the current chunk's bodies", async () => {
    const user = await addRigUser(rig);
    const admin = await rigClient(rig, user);
    const mails = Array.from({ length: 15 }, (_, index) =>
      rawMail({ subject: `Message ${index}` }, index),
    );
    await appendAll(admin, 'INBOX', mails);
    await admin.logout();

    const events: string[] = [];
    const parser: SourceParser = {
      async parse(source) {
        events.push('parse');
        return inProcessParser.parse(source);
      },
    };
    const session = await rigSession(rig, user);
    const cache = createTestCache();
    const logger = warningLogger();
    try {
      await syncInto(session, 'INBOX', cache, {
        settings: settings({ historyWindow: 'all' }),
        batchSize: 5,
        deps: {
          parser,
          logger,
          bulkHeaderMinimum: 1,
          openRawConnection: async () => {
            const raw = await session.openRawConnection();
            return {
              ...raw,
              run(command, onUntagged) {
                if (String(command).startsWith('UID FETCH')) events.push('headers');
                return raw.run(command, onUntagged);
              },
            };
          },
        },
      });
    } finally {
      await session.close();
    }
    expect(logger.warnings).toEqual([]);
    expect(cache.folder('INBOX').size).toBe(15);
    // Three chunks of five: the second's headers are asked for before the first body is
    // parsed, the third's before the second chunk's bodies.
    const parses = (count: number): string[] => Array.from({ length: count }, () => 'parse');
    expect(events).toEqual(['headers', 'headers', ...parses(5), 'headers', ...parses(10)]);
  });
});
