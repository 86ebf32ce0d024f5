/** File names from mail made safe to write: one segment, visible, portable, bounded. */
import { describe, expect, it } from 'vitest';
import { numberedFilename, sanitizeFilename } from '../../../src/main/core/mime/sanitize-filename';
import { fallbackFilename } from '../../../src/main/core/mime/attachment-info';

describe('sanitizeFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system.ini', 'system.ini'],
    ['/absolute/path/report.pdf', 'report.pdf'],
    ['.bashrc', 'bashrc'],
    ['...hidden.txt', 'hidden.txt'],
    ['trailing dots... ', 'trailing dots'],
    ['tab\tand\nnewline\u0000.txt', 'tabandnewline.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['zero\u200Bwidth.doc', 'zerowidth.doc'],
    ['what?<is>this:"|*.txt', 'what__is_this____.txt'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['  lots   of   space .pdf', 'lots of space .pdf'],
    ['Cafe\u0301.txt', 'Café.txt'],
  ])('%j becomes %j', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it('falls back when nothing is left', () => {
    expect(sanitizeFilename('../..', 'attachment-2.pdf')).toBe('attachment-2.pdf');
    expect(sanitizeFilename('\u0000\u0001', '../also bad')).toBe('also bad');
    expect(sanitizeFilename('', '')).toBe('attachment');
  });

  it('caps the length at 200 bytes of UTF-8 and keeps the extension', () => {
    const long = `${'ä'.repeat(300)}.pdf`;
    const result = sanitizeFilename(long);
    expect(Buffer.byteLength(result)).toBeLessThanOrEqual(200);
    expect(result.endsWith('.pdf')).toBe(true);
    expect(result.startsWith('ää')).toBe(true);
    // Code points are never split: no replacement characters.
    expect(result).not.toContain('\uFFFD');
    const emoji = sanitizeFilename(`${'😀'.repeat(100)}.txt`);
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(200);
    expect(Array.from(emoji.replace('.txt', '')).every((c) => c === '😀')).toBe(true);
  });
});

describe('numberedFilename and fallbackFilename', () => {
  it('numbers before the extension', () => {
    expect(numberedFilename('report.pdf', 0)).toBe('report.pdf');
    expect(numberedFilename('report.pdf', 1)).toBe('report (1).pdf');
    expect(numberedFilename('archive.tar.gz', 2)).toBe('archive.tar (2).gz');
    expect(numberedFilename('README', 3)).toBe('README (3)');
  });

  it('names a part without a filename by its type', () => {
    expect(fallbackFilename('2', 'application/pdf')).toBe('attachment-2.pdf');
    expect(fallbackFilename('3', 'message/rfc822')).toBe('message-3.eml');
    expect(fallbackFilename('1.2', 'application/x-unknown')).toBe('attachment-1.2.bin');
  });
});
