/**
 * Generated mail for the UI benchmark, made in the page (no node: imports): a seeded PRNG (the
 * same seed gives the same mailbox, so runs compare), a vocabulary with a skewed word frequency
 * (some words are everywhere, most are rare, as in real mail), senders, conversations linked by
 * References, attachments and bodies for most messages (the rest are outside the history window).
 */
import type { MessageRecord } from '../../src/shared/sync';

/** mulberry32: numbers in [0, 1). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'to',
  'vi',
  'por',
  'len',
  'dar',
  'qui',
  'bel',
  'stra',
  'mon',
  'fe',
];

/** Everything the generator picks from, built once per seed. */
export interface MailWorld {
  readonly vocabulary: readonly string[];
  readonly senders: readonly { readonly name: string; readonly address: string }[];
}

/** The vocabulary and senders of a seed. */
export function createWorld(seed: number): MailWorld {
  const random = createRandom(seed);
  const words = new Set<string>();
  while (words.size < 6000) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < length; i += 1) {
      word += SYLLABLES[Math.floor(random() * SYLLABLES.length)] ?? 'x';
    }
    words.add(word);
  }
  const vocabulary = [...words];
  const senders = Array.from({ length: 800 }, (_, i) => {
    const first = vocabulary[(i * 7) % vocabulary.length] ?? 'ann';
    const last = vocabulary[(i * 13 + 5) % vocabulary.length] ?? 'lee';
    return { name: `${first} ${last}`, address: `${first}.${i}@${last}.example` };
  });
  return { vocabulary, senders };
}

function pickWord(world: MailWorld, random: () => number): string {
  // Cubed: low indexes are common, the tail is rare (roughly Zipf-shaped).
  const index = Math.floor(world.vocabulary.length * random() ** 3);
  return world.vocabulary[index] ?? 'word';
}

function words(world: MailWorld, random: () => number, count: number): string {
  return Array.from({ length: count }, () => pickWord(world, random)).join(' ');
}

const START = Date.UTC(2023, 0, 1);
const SPAN = 3 * 365 * 24 * 3600 * 1000;

/**
 * Messages [from, to) of a mailbox of `total`, oldest first (UID = index + 1). Every body carries
 * a unique marker "bodymark<uid>" so the benchmark can tell when a given body is on screen.
 */
export function generateRecords(
  world: MailWorld,
  seed: number,
  total: number,
  from: number,
  to: number,
): MessageRecord[] {
  const records: MessageRecord[] = [];
  for (let index = from; index < to; index += 1) {
    const random = createRandom(seed * 1_000_003 + index);
    const uid = index + 1;
    const sender = world.senders[Math.floor(random() * world.senders.length)] ?? world.senders[0];
    if (sender === undefined) throw new Error('no senders');
    const date = new Date(START + Math.floor((SPAN * index) / total)).toISOString();
    const messageId = `<m${uid}@bench.example>`;
    // A third of the mail answers one of the 50 messages before it.
    const replyTo = index > 50 && random() < 0.33 ? index - 1 - Math.floor(random() * 50) : -1;
    const references = replyTo >= 0 ? [`<m${replyTo + 1}@bench.example>`] : [];
    const withBody = random() < 0.9;
    const attachment = random() < 0.05;
    records.push({
      accountId: 'bench',
      folder: 'INBOX',
      uidValidity: 1,
      uid,
      messageKey: messageId,
      messageId,
      subject: `${replyTo >= 0 ? 'Re: ' : ''}${words(world, random, 5)}`,
      from: [sender],
      to: [{ name: 'Me', address: 'me@bench.example' }],
      cc: [],
      replyTo: [],
      date,
      internalDate: date,
      flags: ['\\Seen'],
      size: 4000,
      ...(replyTo >= 0 ? { inReplyTo: references[0] } : {}),
      references,
      hasAttachments: attachment,
      ...(withBody
        ? {
            body: {
              text: `bodymark${uid} ${words(world, random, 70)}`,
              attachments: attachment
                ? [
                    {
                      partId: '2',
                      filename: 'file.pdf',
                      contentType: 'application/pdf',
                      size: 9000,
                      inline: false,
                    },
                  ]
                : [],
            },
          }
        : {}),
    });
  }
  return records;
}
