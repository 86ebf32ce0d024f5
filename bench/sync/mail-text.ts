/**
 * Building blocks for generated mail: a seeded PRNG (the same seed gives the same mailbox, so
 * runs compare), words in several scripts, and the MIME encodings real mail uses (RFC 2047
 * encoded words, quoted-printable, base64 in 76-character lines).
 */
import { createHash } from 'node:crypto';

/** A small, fast, seeded PRNG (mulberry32): numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random helpers over one PRNG. */
export interface Picker {
  readonly next: () => number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

export function createPicker(seed: number): Picker {
  const next = createRandom(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (probability) => next() < probability,
  };
}

const ENGLISH = `the of and to in is that for it as with was on be by at this have from or
  an are not but which they you were all we one there their has been more if will would about
  meeting project invoice quarter report budget contract schedule review proposal customer
  delivery update team agenda deadline release feedback offer order shipment account support
  question answer thanks regards please attached below following next week monday friday`.split(
  /\s+/,
);
const GERMAN = 'Grüße Überweisung Rückfrage Änderung Besprechung Lieferung Straße schön'.split(' ');
const FRENCH = 'réunion été déjà reçu café père élève français prêt numéro'.split(' ');
const RUSSIAN = 'привет встреча договор счёт отчёт поставка вопрос спасибо'.split(' ');
const JAPANESE = '会議 請求書 報告 予定 確認 ありがとう お願いします'.split(' ');

/** Everyday words; a few in other scripts, as in an international inbox. */
export function word(picker: Picker): string {
  const roll = picker.next();
  if (roll < 0.93) return picker.pick(ENGLISH);
  if (roll < 0.96) return picker.pick(GERMAN);
  if (roll < 0.98) return picker.pick(FRENCH);
  if (roll < 0.99) return picker.pick(RUSSIAN);
  return picker.pick(JAPANESE);
}

/** A sentence of `min`..`max` words. */
export function sentence(picker: Picker, min = 6, max = 18): string {
  const words: string[] = [];
  const count = picker.int(min, max);
  for (let index = 0; index < count; index += 1) words.push(word(picker));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Paragraphs of text, about `bytes` long, lines wrapped below 78 characters. */
export function paragraphs(picker: Picker, bytes: number): string[] {
  const result: string[] = [];
  let length = 0;
  while (length < bytes) {
    const lines: string[] = [];
    let line = '';
    const sentences = picker.int(2, 6);
    for (let index = 0; index < sentences; index += 1) {
      for (const part of sentence(picker).split(' ')) {
        if (line.length + part.length + 1 > 72) {
          lines.push(line);
          line = part;
        } else {
          line = line.length === 0 ? part : `${line} ${part}`;
        }
      }
    }
    if (line.length > 0) lines.push(line);
    const paragraph = lines.join('\n');
    result.push(paragraph);
    length += paragraph.length + 2;
  }
  return result;
}

/** True when the text needs encoding in a header or a 7bit body. */
export function isAscii(text: string): boolean {
  return !/[^\x20-\x7e\t\n]/.test(text);
}

/** RFC 2047 encoded word(s), B or Q encoding, split so each word stays under 75 characters. */
export function encodeWord(text: string, encoding: 'B' | 'Q'): string {
  if (isAscii(text)) return text;
  const chunks: string[] = [];
  let current = '';
  // Split on characters, never inside one: each encoded word must decode on its own.
  for (const character of text) {
    if (Buffer.byteLength(current + character) > 36) {
      chunks.push(current);
      current = character;
    } else {
      current += character;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks
    .map((chunk) => {
      if (encoding === 'B') return `=?UTF-8?B?${Buffer.from(chunk).toString('base64')}?=`;
      let q = '';
      for (const byte of Buffer.from(chunk)) {
        const safe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a);
        const lower = byte >= 0x61 && byte <= 0x7a;
        if (safe || lower) q += String.fromCharCode(byte);
        else if (byte === 0x20) q += '_';
        else q += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      }
      return `=?UTF-8?Q?${q}?=`;
    })
    .join('\n ');
}

/** Quoted-printable (RFC 2045 section 6.7) of UTF-8 text, soft breaks before 76 characters. */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let encoded = '';
    let width = 0;
    for (const byte of Buffer.from(line)) {
      const plain = byte >= 0x20 && byte <= 0x7e && byte !== 0x3d;
      const piece = plain
        ? String.fromCharCode(byte)
        : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      if (width + piece.length > 75) {
        encoded += '=\n';
        width = 0;
      }
      encoded += piece;
      width += piece.length;
    }
    out.push(encoded);
  }
  return out.join('\n');
}

/** Base64 in 76-character lines, as MIME bodies carry it. */
export function base64Lines(data: Buffer): string {
  const text = data.toString('base64');
  const lines: string[] = [];
  for (let index = 0; index < text.length; index += 76) lines.push(text.slice(index, index + 76));
  return lines.join('\n');
}

/**
 * Pseudo-random bytes for attachments, cut from one seeded pool: attachment-like entropy (base64
 * does not compress) without the cost of a fresh random buffer per message.
 */
export function createBytePool(
  seed: number,
  size = 1 << 20,
): (picker: Picker, length: number) => Buffer {
  const blocks: Buffer[] = [];
  let total = 0;
  for (let counter = 0; total < size; counter += 1) {
    const block = createHash('sha512').update(`${seed}:${counter}`).digest();
    blocks.push(block);
    total += block.length;
  }
  const pool = Buffer.concat(blocks);
  return (picker, length) => {
    const start = picker.int(0, Math.max(0, pool.length - length));
    return pool.subarray(start, start + length);
  };
}
