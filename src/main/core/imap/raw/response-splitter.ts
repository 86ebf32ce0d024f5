/**
 * Cuts the bytes an IMAP server sends into whole responses (RFC 3501 section 7): a line, and
 * where the line ends with a literal marker ("{42}" or "~{42}"), that many bytes and the rest
 * of the response after them. Chunk boundaries can fall anywhere.
 */

/** One response: its text (literal markers kept, CRLF between lines) and its literals in order. */
export interface RawResponse {
  readonly text: string;
  readonly literals: readonly Buffer[];
}

export interface SplitterLimits {
  /** A line longer than this (a server that never ends one) fails the connection. */
  readonly maxLineBytes: number;
  /** So does a literal larger than this. */
  readonly maxLiteralBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;
const LITERAL_MARKER = /~?\{(\d+)\+?\}$/;

/** Returns push(chunk), which gives the responses the chunk completed (throws on a limit). */
export function createResponseSplitter(limits: SplitterLimits): (chunk: Buffer) => RawResponse[] {
  let pending: Buffer = Buffer.alloc(0);
  let lines: string[] = [];
  let literals: Buffer[] = [];
  /** Bytes still owed to the literal being read, and what arrived of it so far. */
  let owed = 0;
  let literalParts: Buffer[] = [];

  return (chunk) => {
    const done: RawResponse[] = [];
    const data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (;;) {
      if (owed > 0) {
        const take = Math.min(owed, data.length - start);
        literalParts.push(data.subarray(start, start + take));
        owed -= take;
        start += take;
        if (owed > 0) break;
        literals.push(literalParts.length === 1 ? literalParts[0]! : Buffer.concat(literalParts));
        literalParts = [];
      }
      const lf = data.indexOf(LF, start);
      if (lf < 0) break;
      const end = lf > start && data[lf - 1] === CR ? lf - 1 : lf;
      const line = data.toString('latin1', start, end);
      start = lf + 1;
      lines.push(line);
      const marker = LITERAL_MARKER.exec(line);
      if (marker !== null) {
        owed = Number(marker[1]);
        if (owed > limits.maxLiteralBytes) {
          throw new Error(`The server sent a literal of ${owed} bytes, over the limit.`);
        }
        if (owed === 0) literals.push(Buffer.alloc(0));
        continue;
      }
      done.push({ text: lines.join('\r\n'), literals });
      lines = [];
      literals = [];
    }
    // A partial literal is kept as parts (no quadratic copying); a partial line as bytes.
    pending = owed > 0 ? Buffer.alloc(0) : data.subarray(start);
    if (pending.length > limits.maxLineBytes) {
      throw new Error(`The server sent a line of over ${limits.maxLineBytes} bytes.`);
    }
    // A copy: the bytes still needed, not the whole chunk they came in.
    if (pending.length > 0) pending = Buffer.from(pending);
    return done;
  };
}
