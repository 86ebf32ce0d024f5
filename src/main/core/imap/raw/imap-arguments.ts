/**
 * Command arguments for the raw connection: quoted strings (RFC 3501 section 4.3) and mailbox
 * names in modified UTF-7 (section 5.1.3), for a server that has not enabled UTF8=ACCEPT.
 */
import iconv from 'iconv-lite';

/** `text` quoted; undefined where only a literal could carry it (CR, LF, NUL, 8-bit). */
export function quoted(text: string): string | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0 || code === 0x0a || code === 0x0d || code > 0x7f) return undefined;
  }
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** A mailbox name as IMAP wants it: modified UTF-7, quoted. */
export function mailboxArgument(name: string): string {
  const encoded = /[&\u0080-\uffff]/.test(name)
    ? iconv.encode(name, 'utf-7-imap').toString()
    : name;
  const argument = quoted(encoded);
  if (argument === undefined) throw new Error(`The folder name cannot be sent: ${name}`);
  return argument;
}
