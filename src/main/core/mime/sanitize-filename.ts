/**
 * File names that come from mail are written by strangers: they may climb out of the folder
 * ("../../etc/passwd"), hide themselves (".bashrc"), carry control characters, reverse their
 * own extension with bidi controls ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"), or be
 * too long for the file system. These functions make one safe name out of any of them.
 */

/** Bytes a file name may take (most file systems allow 255; room is left for " (999)"). */
const MAX_NAME_BYTES = 200;
/** An extension longer than this is treated as part of the name when shortening. */
const MAX_EXTENSION_LENGTH = 16;

/**
 * Code point ranges dropped from names: C0 and C1 controls and DEL; zero-width characters and
 * bidi marks, embeddings, overrides and isolates; the byte order mark.
 */
const INVISIBLE: readonly (readonly [number, number])[] = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2069],
  [0xfeff, 0xfeff],
];
/** Characters Windows refuses in names (and "/" and "\\", already split on). */
const RESERVED = /[<>:"|?*]/g;
/** Device names Windows reserves whatever the extension. */
const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

function isInvisible(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return INVISIBLE.some(([low, high]) => code >= low && code <= high);
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts whole code points off the end until the text fits in `maxBytes` of UTF-8. */
function truncateUtf8(text: string, maxBytes: number): string {
  const points = Array.from(text);
  while (points.length > 0 && utf8Length(points.join('')) > maxBytes) points.pop();
  return points.join('');
}

/** Splits "report.final.pdf" into "report.final" and ".pdf"; a leading-dot name has no extension. */
function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot > MAX_EXTENSION_LENGTH + 1)
    return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: name.slice(dot) };
}

function clean(name: string): string {
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let result = Array.from(base)
    .filter((character) => !isInvisible(character))
    .join('')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    // No hidden files, and Windows drops trailing dots and spaces itself.
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (DEVICE.test(result)) result = `_${result}`;
  if (utf8Length(result) > MAX_NAME_BYTES) {
    const { stem, extension } = splitExtension(result);
    result = truncateUtf8(stem, MAX_NAME_BYTES - utf8Length(extension)).trimEnd() + extension;
  }
  return result;
}

/**
 * A safe file name from a name found in a message: only its last path segment, without control,
 * bidi or reserved characters, leading dots or trailing dots and spaces, at most 200 bytes with
 * the extension kept. `fallback` (cleaned the same way) stands in when nothing is left.
 */
export function sanitizeFilename(name: string, fallback = 'attachment'): string {
  const cleaned = clean(name);
  if (cleaned !== '') return cleaned;
  const cleanedFallback = clean(fallback);
  return cleanedFallback !== '' ? cleanedFallback : 'attachment';
}

/** The n-th alternative of a taken name: "report (1).pdf", "report (2).pdf", ... */
export function numberedFilename(name: string, n: number): string {
  if (n <= 0) return name;
  const { stem, extension } = splitExtension(name);
  return `${stem} (${n})${extension}`;
}
