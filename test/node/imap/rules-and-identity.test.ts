/**
 * What is stored and under which identity: exclude patterns and import conditions count what
 * they leave out, the same message in two folders has one key, and a message that cannot be
 * parsed is reported while the sync goes on.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import type { ImapSession } from '../../../src/main/core/imap/imap-session';
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
} from './helpers';

const rig = inject('rig');
const opened: { close(): Promise<void> | void }[] = [];

afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

async function mailbox(): Promise<{ admin: ImapFlow; session: ImapSession }> {
  const user = await addRigUser(rig);
  const admin = await rigClient(rig, user);
  opened.push({ close: () => admin.logout() });
  const session = await rigSession(rig, user);
  opened.push(session);
  return { admin, session };
}

describe('exclude patterns and import conditions', () => {
  it('leaves out matching senders and counts them per pattern', async () => {
    const { admin, session } = await mailbox();
    const senders = [
      'Shop <noreply@shop.example.test>',
      'Shop <NoReply@other.example.test>',
      'Deals <deals@marketing.example.test>',
      'Anna <anna@example.test>',
      'Ben <ben@example.test>',
    ];
    await appendAll(
      admin,
      'INBOX',
      senders.map((from, index) => rawMail({ subject: `From ${index}`, from }, index)),
    );
    const cache = createTestCache();
    const summary = await syncInto(session, 'INBOX', cache, {
      settings: settings({ excludePatterns: ['noreply@*', '*@marketing.*'] }),
    });
    expect(summary).toMatchObject({
      fetched: 5,
      stored: 2,
      excluded: 3,
      excludedBy: { 'noreply@*': 2, '*@marketing.*': 1 },
    });
    const stored = [...cache.folder('INBOX').values()].map((record) => record.from[0]?.address);
    expect(stored.sort()).toEqual(['anna@example.test', 'ben@example.test']);
  });

  it('stores only what an import condition accepts', async () => {
    const { admin, session } = await mailbox();
    await appendAll(admin, 'INBOX', [
      rawMail({ subject: 'Invoice 42 attached' }, 1),
      rawMail({ subject: 'Lunch?' }, 2),
      rawMail(
        { subject: 'News', headers: { 'List-Id': 'Team news <team.lists.example.test>' } },
        3,
      ),
    ]);
    const cache = createTestCache();
    const summary = await syncInto(session, 'INBOX', cache, {
      settings: settings({
        importConditions: [
          { field: 'subject', pattern: '*invoice*' },
          { field: 'list-id', pattern: 'team.lists.*' },
        ],
      }),
    });
    expect(summary).toMatchObject({
      stored: 2,
      excluded: 1,
      excludedBy: { 'import-conditions': 1 },
    });
    const news = [...cache.folder('INBOX').values()].find((record) => record.subject === 'News');
    expect(news?.listId).toBe('Team news <team.lists.example.test>');
  });
});

describe('message identity', () => {
  it('gives the same message in two folders one key, with and without a Message-ID', async () => {
    const { admin, session } = await mailbox();
    const date = new Date('2024-03-01T10:00:00Z');
    const withId = rawMail({ subject: 'Shared', messageId: '<Shared.1@Example.TEST>', date }, 1);
    const withoutId = rawMail({ subject: 'No id', messageId: null, date }, 2);
    await appendAll(admin, 'INBOX', [withId, withoutId]);
    await appendAll(admin, 'Archive', [withoutId, withId]);
    const cache = createTestCache();
    await syncInto(session, 'INBOX', cache);
    await syncInto(session, 'Archive', cache);
    const keys = (folder: string) =>
      new Map(
        [...cache.folder(folder).values()].map((record) => [record.subject, record.messageKey]),
      );
    expect(keys('INBOX')).toEqual(keys('Archive'));
    expect(keys('INBOX').get('Shared')).toBe('mid:Shared.1@example.test');
    expect(keys('INBOX').get('No id')).toMatch(/^h:[0-9a-f]{64}$/);
    expect(new Set(keys('INBOX').values()).size).toBe(2);
  });
});

describe('unreadable messages', () => {
  it('reports a message whose body cannot be parsed and stores the rest', async () => {
    const { admin, session } = await mailbox();
    const uids = await appendAll(admin, 'INBOX', [
      rawMail({ subject: 'Fine 1' }, 1),
      rawMail({ subject: 'Broken', text: 'EXPLODE' }, 2),
      rawMail({ subject: 'Fine 2' }, 3),
    ]);
    const picky: SourceParser = {
      parse: (source) =>
        source.includes('EXPLODE')
          ? Promise.reject(new Error('boundary never closed'))
          : inProcessParser.parse(source),
    };
    const cache = createTestCache();
    const summary = await syncInto(session, 'INBOX', cache, { deps: { parser: picky } });
    expect(summary.stored).toBe(3);
    expect(summary.bodiesFetched).toBe(2);
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]).toMatchObject({ uid: uids[1], code: 'PROTOCOL' });
    expect(summary.errors[0]?.message).toContain('boundary never closed');
    const broken = [...cache.folder('INBOX').values()].find(
      (record) => record.subject === 'Broken',
    );
    expect(broken?.body).toBeUndefined();
  });
});
