import { describe, expect, it } from 'vitest';
import { clearedBy, dueFollowUps, followUpFor } from '../../../src/shared/crm/follow-up';
import { message } from './fixtures';

const received = message({
  from: 'anna@acme.io',
  messageId: '<q1@acme.io>',
  date: '2024-05-02T08:00:00.000Z',
});

describe('follow-ups', () => {
  it('waits on received mail from a linked contact', () => {
    expect(followUpFor(received, 'c-anna', 24)).toEqual({
      accountId: 'acc',
      messageKey: received.messageKey,
      threadKey: 'acc:q1@acme.io',
      contactId: 'c-anna',
      dueAt: '2024-05-03T08:00:00.000Z',
      state: 'waiting',
    });
  });

  it('ignores our own, bulk, unlinked and undated mail', () => {
    expect(followUpFor({ ...received, outgoing: true }, 'c-anna', 24)).toBeUndefined();
    expect(followUpFor({ ...received, listId: '<l.acme.io>' }, 'c-anna', 24)).toBeUndefined();
    expect(
      followUpFor({ ...received, autoSubmitted: 'auto-replied' }, 'c-anna', 24),
    ).toBeUndefined();
    expect(followUpFor(received, undefined, 24)).toBeUndefined();
    expect(followUpFor({ ...received, date: 'never' }, 'c-anna', 24)).toBeUndefined();
  });

  it('becomes due when its time has come, and only then', () => {
    const row = followUpFor(received, 'c-anna', 24);
    if (row === undefined) throw new Error('expected a row');
    expect(dueFollowUps([row], new Date('2024-05-03T07:59:59.999Z'))).toEqual([]);
    expect(dueFollowUps([row], new Date('2024-05-03T08:00:00.000Z'))).toEqual([
      { ...row, state: 'due' },
    ]);
    expect(dueFollowUps([{ ...row, state: 'cleared' }], new Date('2025-01-01'))).toEqual([]);
  });

  it('is cleared by our reply in the same thread only', () => {
    const row = followUpFor(received, 'c-anna', 24);
    if (row === undefined) throw new Error('expected a row');
    const other = { ...row, messageKey: 'other', threadKey: 'acc:other@x' };
    const reply = message({
      from: 'me@mine.test',
      outgoing: true,
      inReplyTo: '<q1@acme.io>',
      references: ['<q1@acme.io>'],
    });
    expect(clearedBy(reply, [row, other])).toEqual([{ ...row, state: 'cleared' }]);
    expect(clearedBy({ ...reply, outgoing: false }, [row])).toEqual([]);
    expect(clearedBy(reply, [{ ...row, state: 'due' }])).toEqual([{ ...row, state: 'cleared' }]);
  });
});
