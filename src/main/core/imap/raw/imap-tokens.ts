/**
 * Reads the data of one IMAP response (RFC 3501 section 9, formal syntax) into values: atoms
 * as strings, NIL as null, quoted strings as strings, literals as their bytes, parenthesized
 * lists as arrays. A section ("BODY[HEADER.FIELDS (DATE)]") stays part of its atom, spaces and
 * all, as it names the item that follows.
 */
import type { RawResponse } from './response-splitter';

export type ImapValue = string | Buffer | null | readonly ImapValue[];

const SPACE = 0x20;
const NON_ASCII = /[\u0080-\u00ff]/;

/** Thrown for data that is not IMAP syntax; the message says where. */
function syntaxError(text: string, at: number, what: string): Error {
  return new Error(`Unreadable IMAP response (${what} at ${at}): ${text.slice(0, 120)}`);
}

/** The values of `response`, top level first ("*", "12", "FETCH", [...]). */
export function readValues(response: RawResponse): ImapValue[] {
  const { text, literals } = response;
  let at = 0;
  let literalIndex = 0;

  function quoted(): string {
    let value = '';
    let from = ++at;
    for (; at < text.length; at += 1) {
      const char = text[at];
      if (char === '\\') {
        value += text.slice(from, at);
        at += 1;
        from = at;
      } else if (char === '"') {
        value += text.slice(from, at);
        at += 1;
        // The line was read as latin1: UTF-8 inside quotes is decoded here.
        return NON_ASCII.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
      }
    }
    throw syntaxError(text, at, 'unterminated quoted string');
  }

  function literal(): Buffer {
    const close = text.indexOf('}', at);
    if (close < 0 || text.slice(close + 1, close + 3) !== '\r\n') {
      throw syntaxError(text, at, 'bad literal marker');
    }
    at = close + 3;
    const value = literals[literalIndex];
    literalIndex += 1;
    if (value === undefined) throw syntaxError(text, at, 'missing literal');
    return value;
  }

  function atom(): string | null {
    const from = at;
    for (; at < text.length; at += 1) {
      const char = text[at];
      if (char === ' ' || char === '(' || char === ')') break;
      if (char === '[') {
        const close = text.indexOf(']', at);
        if (close < 0) throw syntaxError(text, at, 'unterminated section');
        at = close;
      }
    }
    const value = text.slice(from, at);
    return value.length === 3 && value.toUpperCase() === 'NIL' ? null : value;
  }

  function values(inList: boolean): ImapValue[] {
    const list: ImapValue[] = [];
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === SPACE) {
        at += 1;
        continue;
      }
      const char = text[at];
      if (char === ')') {
        if (!inList) throw syntaxError(text, at, 'unexpected ")"');
        at += 1;
        return list;
      }
      if (char === '(') {
        at += 1;
        list.push(values(true));
      } else if (char === '"') {
        list.push(quoted());
      } else if (char === '{' || (char === '~' && text[at + 1] === '{')) {
        list.push(literal());
      } else {
        list.push(atom());
      }
    }
    if (inList) throw syntaxError(text, at, 'unterminated list');
    return list;
  }

  return values(false);
}
