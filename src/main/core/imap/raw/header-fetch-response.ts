/**
 * Turns an untagged FETCH response (RFC 3501 section 7.4.2) of the header pass into the same
 * values imapflow's fetch gives for them (tools.js formatMessageResponse): UID, flags, size,
 * internal date, the header fields' bytes, and on Gmail or with OBJECTID the ids and labels.
 * Items the header pass does not ask for are skipped.
 */
import type { HeaderMessage } from '../normalize-message';
import { readValues, type ImapValue } from './imap-tokens';
import type { RawResponse } from './response-splitter';

const UINT32_MAX = 4_294_967_295;

/** An atom, quoted string or literal as text (literals as UTF-8); undefined for NIL or a list. */
function text(value: ImapValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString();
  return undefined;
}

/**
 * The text items of a list. NIL, empty strings and nested lists are skipped, as imapflow skips
 * them; a literal (a label sent as one) is kept as its text, where imapflow drops it.
 */
function strings(value: ImapValue | undefined): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: ImapValue) => {
    const itemText = text(item);
    return itemText === undefined || itemText === '' ? [] : [itemText];
  });
}

function uint(value: ImapValue | undefined): number | undefined {
  const digits = text(value);
  if (digits === undefined || !/^\d{1,10}$/.test(digits)) return undefined;
  const number = Number(digits);
  return number <= UINT32_MAX ? number : undefined;
}

/** The header pass's items of `values`' attribute list (pairs of name and value). */
function itemsOf(list: readonly ImapValue[]): HeaderMessage {
  const message: { -readonly [K in keyof HeaderMessage]: HeaderMessage[K] } = { uid: 0 };
  for (let index = 0; index + 1 < list.length; index += 2) {
    const name = text(list[index])?.toUpperCase() ?? '';
    const value = list[index + 1];
    switch (name) {
      case 'UID':
        message.uid = uint(value) ?? 0;
        break;
      case 'FLAGS':
        message.flags = new Set(strings(value));
        break;
      case 'RFC822.SIZE':
        message.size = uint(value) ?? 0;
        break;
      case 'INTERNALDATE': {
        const written = text(value) ?? '';
        const date = new Date(written);
        // As imapflow: a date that does not parse is kept as written.
        message.internalDate = Number.isNaN(date.getTime()) ? written : date;
        break;
      }
      case 'EMAILID':
        message.emailId = strings(value)[0];
        break;
      case 'X-GM-MSGID':
        message.emailId = text(value);
        break;
      case 'THREADID':
        message.threadId = strings(value)[0];
        break;
      case 'X-GM-THRID':
        message.threadId = text(value);
        break;
      case 'X-GM-LABELS':
        message.labels = new Set(strings(value));
        break;
      default:
        // BODY[HEADER.FIELDS (...)], BODY[HEADER]: a literal, or a quoted string (Yahoo).
        if (name.startsWith('BODY[HEADER')) {
          message.headers =
            typeof value === 'string'
              ? Buffer.from(value)
              : Buffer.isBuffer(value)
                ? value
                : undefined;
        }
    }
  }
  return message;
}

/**
 * The message of an untagged FETCH response, or undefined for any other response. Throws when
 * the response is not readable as IMAP data.
 */
export function headerMessageOf(response: RawResponse): HeaderMessage | undefined {
  if (!/^\* \d+ FETCH /i.test(response.text)) return undefined;
  const values = readValues(response);
  const list = values[3];
  if (!Array.isArray(list)) throw new Error(`A FETCH response without data: ${response.text}`);
  return itemsOf(list);
}
