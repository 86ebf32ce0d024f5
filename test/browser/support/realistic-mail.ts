/** Messages with realistic field sizes for the bulk-write measurement. */
import type { MessageRecord, SyncBatch } from '../../../src/shared/sync';
import { checkpoint, record } from './mail-data';

const WORDS = 'meeting invoice project update quarterly report lunch review draft contract'.split(
  ' ',
);

/** A record of INBOX; one in five carries a body (inside the history window). */
export function realistic(uid: number): MessageRecord {
  const words = (n: number) =>
    Array.from({ length: n }, (_, i) => WORDS[(uid * 7 + i * 3) % WORDS.length]).join(' ');
  const base = record('INBOX', uid, {
    subject: `Re: ${words(6)} #${uid}`,
    to: [
      { name: 'Me Example', address: 'me@example.test' },
      { name: 'Team', address: 'team@example.test' },
    ],
    cc: uid % 3 === 0 ? [{ name: 'Boss', address: 'boss@example.test' }] : [],
    references: Array.from({ length: uid % 4 }, (_, i) => `<ref${uid - i}@example.test>`),
    flags: uid % 2 === 0 ? ['\\Seen'] : [],
    size: 4_000 + (uid % 50) * 300,
    hasAttachments: uid % 10 === 0,
  });
  if (uid % 5 !== 0) return base;
  return {
    ...base,
    body: {
      text: words(400),
      html: `<html><body><p>${words(400)}</p></body></html>`,
      attachments: [],
    },
  };
}

/** UIDs first .. first+count-1 as one 'messages' batch. */
export function realisticBatch(first: number, count: number): SyncBatch {
  const uids = Array.from({ length: count }, (_, i) => first + i);
  return {
    kind: 'messages',
    folder: 'INBOX',
    records: uids.map(realistic),
    checkpoint: checkpoint(first + count - 1),
  };
}
