/**
 * The parser decodes only the Content-* headers of a message's top (its addresses, dates and
 * Received lines come from the header pass). That shortcut must change nothing: every file of
 * the shared corpora, attached messages (whose From, Date and Subject show) included, parses to
 * the same text, HTML, attachments and warnings as with every header decoded.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createMessageParser,
  type MessageParser,
} from '../../../src/main/core/mime/message-parser';
import { filesUnder } from '../imap/helpers';

const CORPORA = resolve(process.cwd(), '../shared/corpora');

async function outcome(parse: MessageParser, source: Buffer): Promise<unknown> {
  try {
    return await parse(source);
  } catch (error) {
    return `failed: ${String(error)}`;
  }
}

describe.runIf(existsSync(CORPORA))('decoding only the Content-* headers of the top', () => {
  it('parses every corpus file exactly as decoding all of them does', async () => {
    const require = createRequire(import.meta.url);
    const mailparser = require.resolve('mailparser');
    const options = { maxHtmlLengthToParse: 1_000_000, textFromHtml: true };
    const shortcut = createMessageParser(require, mailparser, options);
    const everything = createMessageParser(require, mailparser, {
      ...options,
      allTopHeaders: true,
    });
    const files = await filesUnder(CORPORA);
    const attached: string[] = [];
    const differing: string[] = [];
    for (const file of files) {
      const source = await readFile(file);
      if (/^content-type:\s*message\/rfc822/im.test(source.toString('latin1'))) attached.push(file);
      const [fast, full] = [await outcome(shortcut, source), await outcome(everything, source)];
      if (JSON.stringify(fast) !== JSON.stringify(full)) differing.push(file);
    }
    // The comparison covers attached messages, the case where other headers matter.
    expect(attached.length).toBeGreaterThan(10);
    expect(differing).toEqual([]);
  }, 120_000);
});
