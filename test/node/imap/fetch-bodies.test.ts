/**
 * The body download's flow control against Dovecot: parses in flight stay within the count and
 * within the bytes limit, so a few large messages never pile up in memory the way many small
 * ones may; a folder sync keeps as many in flight as its parser takes without waiting.
 */
import { describe, expect, inject, it } from 'vitest';
import { fetchBodies, type SourceParser } from '../../../src/main/core/imap/fetch-bodies';
import { createBodyParserPool } from '../../../src/main/core/mime/body-parser-pool';
import { addRigUser } from '../../servers/rig-users';
import {
  appendAll,
  createTestCache,
  rawMail,
  rigClient,
  rigSession,
  settings,
  syncInto,
} from './helpers';

const rig = inject('rig');

/** A parser that takes 20 ms per message and records the most bytes it held at once. */
function slowParser(
  capacity?: number,
): SourceParser & { readonly most: { count: number; bytes: number } } {
  let count = 0;
  let bytes = 0;
  const most = { count: 0, bytes: 0 };
  return {
    most,
    ...(capacity !== undefined ? { capacity } : {}),
    async parse(source) {
      count += 1;
      bytes += source.length;
      most.count = Math.max(most.count, count);
      most.bytes = Math.max(most.bytes, bytes);
      await new Promise((resolve) => setTimeout(resolve, 20));
      count -= 1;
      bytes -= source.length;
      return { text: '', attachments: [] };
    },
  };
}

describe('fetchBodies', () => {
  it('holds no more parses than the count, nor more than the bytes limit allows', async () => {
    const user = await addRigUser(rig);
    const admin = await rigClient(rig, user);
    const big = 'x'.repeat(76).concat('\r\n').repeat(1300); // about 100 KB of body each
    const uids = await appendAll(
      admin,
      'INBOX',
      Array.from({ length: 8 }, (_, index) =>
        rawMail({ subject: `Big ${index}`, text: big }, index),
      ),
    );
    await admin.logout();
    const session = await rigSession(rig, user);
    try {
      await session.client.mailboxOpen('INBOX');
      const parsed: number[] = [];
      const handlers = {
        onBody: (uid: number) => void parsed.push(uid),
        onError: (uid: number, cause: unknown) => {
          throw new Error(`UID ${uid}: ${String(cause)}`);
        },
      };
      // The count allows all eight at once: the bytes limit (250 KB) holds them to three.
      const byBytes = slowParser();
      await (
        await fetchBodies(session.client, uids, byBytes, handlers, 10, 250_000)
      ).parsed;
      expect(parsed.sort((a, b) => a - b)).toEqual(uids);
      expect(byBytes.most.count).toBe(3);
      expect(byBytes.most.bytes).toBeLessThan(250_000 + 110_000);

      parsed.length = 0;
      const byCount = slowParser();
      await (
        await fetchBodies(session.client, uids, byCount, handlers, 2)
      ).parsed;
      expect(parsed).toHaveLength(8);
      expect(byCount.most.count).toBe(2);
    } finally {
      await session.close();
    }
  });

  it("a folder sync keeps as many parses in flight as its parser's capacity", async () => {
    const user = await addRigUser(rig);
    const admin = await rigClient(rig, user);
    await appendAll(
      admin,
      'INBOX',
      Array.from({ length: 12 }, (_, index) => rawMail({ subject: `Small ${index}` }, index)),
    );
    await admin.logout();
    const parser = slowParser(3);
    const session = await rigSession(rig, user);
    const cache = createTestCache();
    try {
      await syncInto(session, 'INBOX', cache, {
        deps: { parser },
        settings: settings({ historyWindow: 'all' }),
      });
    } finally {
      await session.close();
    }
    expect(cache.folder('INBOX').size).toBe(12);
    expect(parser.most.count).toBe(3);
  });

  it('a fill warms its parser before its first parse, and an empty folder does not', async () => {
    const user = await addRigUser(rig);
    const admin = await rigClient(rig, user);
    await admin.mailboxCreate('Empty');
    await appendAll(
      admin,
      'INBOX',
      Array.from({ length: 3 }, (_, index) => rawMail({ subject: `Warm ${index}` }, index)),
    );
    await admin.logout();
    const calls: string[] = [];
    const parser: SourceParser = {
      warm: () => calls.push('warm'),
      parse(source) {
        calls.push('parse');
        return Promise.resolve({ text: source.toString('latin1'), attachments: [] });
      },
    };
    const session = await rigSession(rig, user);
    try {
      const all = settings({ historyWindow: 'all' });
      await syncInto(session, 'Empty', createTestCache(), { deps: { parser }, settings: all });
      expect(calls).toEqual([]);
      await syncInto(session, 'INBOX', createTestCache(), { deps: { parser }, settings: all });
    } finally {
      await session.close();
    }
    expect(calls).toEqual(['warm', 'parse', 'parse', 'parse']);
  });

  it('a pool takes what its workers hold ahead plus its queue', async () => {
    const pools = [
      createBodyParserPool({ size: 1 }),
      createBodyParserPool({ size: 3 }),
      createBodyParserPool({ size: 2, maxQueue: 4 }),
    ];
    try {
      expect(pools.map((pool) => pool.capacity)).toEqual([24, 72, 20]);
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
    }
  });
});
