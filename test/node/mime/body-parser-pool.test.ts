/**
 * The worker pool on its own: what one parse returns, the source moving to the worker without a
 * copy, a crashing or hanging message costing only itself, backpressure, and shutdown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src/shared/errors';
import {
  createBodyParserPool,
  type BodyParser,
  type BodyParserPoolOptions,
} from '../../../src/main/core/mime/body-parser-pool';
import { attachmentMessage, crlf, partsMessage } from './messages';

const pools: BodyParser[] = [];

function pool(options: BodyParserPoolOptions): BodyParser {
  const created = createBodyParserPool(options);
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((created) => created.close()));
});

function textMessage(subject: string): Buffer {
  return Buffer.from(
    crlf(['From: a@example.test', `Subject: ${subject}`, '', `Body of ${subject}`, '']),
  );
}

/** Settles `promise` into its value or its AppFailure's error, for compact assertions. */
async function outcome<T>(promise: Promise<T>): Promise<T | AppFailure> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppFailure) return error;
    throw error;
  }
}

describe('createBodyParserPool', () => {
  it('returns text, HTML and attachment metadata, never contents', async () => {
    const parser = pool({ size: 1 });
    const body = await parser.parse(partsMessage().raw);
    expect(body.text).toContain('Hello in text');
    expect(body.html).toContain('<p>Hello in HTML');
    expect(body.attachments.map((attachment) => attachment.partId)).toEqual([
      '1.2.2',
      '2',
      '3',
      '4.2',
      '5.1',
    ]);
    for (const attachment of body.attachments) {
      expect(Object.keys(attachment).sort()).toEqual(
        expect.arrayContaining(['contentType', 'filename', 'inline', 'partId', 'size']),
      );
      expect(attachment).not.toHaveProperty('content');
    }
  });

  it('transfers a source that owns its ArrayBuffer instead of copying it', async () => {
    const parser = pool({ size: 1 });
    // A fresh ArrayBuffer: small Buffer.from() results are slices of Node's shared pool.
    const source = Buffer.from(new Uint8Array(textMessage('moved')).buffer);
    expect(source.byteLength).toBe(source.buffer.byteLength);
    const parsing = parser.parse(source);
    // postMessage with a transfer list detaches the buffer at once.
    expect(source.byteLength).toBe(0);
    expect((await parsing).text).toContain('Body of moved');
    // Handing the same (now empty) buffer over again is refused, not sent.
    await expect(parser.parse(source)).rejects.toMatchObject({
      error: { code: 'PROTOCOL', message: 'Could not read message: the message is empty' },
    });
  });

  it('copies a source that is a slice of a larger buffer and leaves it intact', async () => {
    const parser = pool({ size: 1 });
    const whole = Buffer.concat([Buffer.alloc(16), textMessage('slice')]);
    const slice = whole.subarray(16);
    const body = await parser.parse(slice);
    expect(body.text).toContain('Body of slice');
    expect(whole.byteLength).toBeGreaterThan(16);
    expect(slice.toString()).toContain('Subject: slice');
  });

  it('a message that crashes its worker fails alone; the others and later parses go on', async () => {
    // One worker: "one" is sent ahead behind the crashing message, into the worker that dies.
    const parser = pool({ size: 1, crashMarker: 'X-Crash-Me' });
    const crashing = Buffer.from(`X-Crash-Me: yes\r\n${textMessage('crash').toString()}`);
    const results = await Promise.all([
      outcome(parser.parse(crashing)),
      outcome(parser.parse(textMessage('one'))),
      outcome(parser.parse(textMessage('two'))),
      outcome(parser.parse(textMessage('three'))),
    ]);
    const [crashed, one, two, three] = results;
    expect(crashed).toBeInstanceOf(AppFailure);
    expect((crashed as AppFailure).error.code).toBe('PROTOCOL');
    expect((crashed as AppFailure).error.message).toMatch(/^Could not read message: .*stopped/);
    for (const [result, subject] of [
      [one, 'one'],
      [two, 'two'],
      [three, 'three'],
    ] as const) {
      expect(result).not.toBeInstanceOf(AppFailure);
      expect((result as { text?: string }).text).toContain(`Body of ${subject}`);
    }
    const again = await parser.parse(textMessage('after the crash'));
    expect(again.text).toContain('Body of after the crash');
  });

  it('a parse that runs past the time limit rejects (its worker is ended)', async () => {
    const parser = pool({ size: 1, timeoutMs: 1 });
    const slow = attachmentMessage('big.bin', Buffer.alloc(8 * 1024 * 1024, 7));
    const result = await outcome(parser.parse(slow));
    expect(result).toBeInstanceOf(AppFailure);
    expect((result as AppFailure).error.message).toMatch(/took longer than/);
  });

  it('with a full queue, parse() waits and every parse still completes in order', async () => {
    const parser = pool({ size: 1, maxQueue: 1 });
    const subjects = Array.from({ length: 12 }, (_, index) => `queued ${index}`);
    const finished: string[] = [];
    await Promise.all(
      subjects.map(async (subject) => {
        const body = await parser.parse(textMessage(subject));
        finished.push(body.text?.trim() ?? '');
      }),
    );
    expect(finished).toEqual(subjects.map((subject) => `Body of ${subject}`));
  });

  it('warm() starts one worker ahead of the first parse, once, and none after close()', async () => {
    const parser = pool({ size: 2 });
    expect(parser.workers).toBe(0);
    parser.warm();
    parser.warm();
    expect(parser.workers).toBe(1);
    expect((await parser.parse(textMessage('after warm'))).text).toContain('Body of after warm');
    expect(parser.workers).toBe(1);
    await parser.close();
    parser.warm();
    expect(parser.workers).toBe(0);
  });

  it('close() rejects what has not finished, and parse() after it', async () => {
    const parser = pool({ size: 1, maxQueue: 2 });
    const pending = Array.from({ length: 5 }, (_, index) =>
      outcome(parser.parse(textMessage(`pending ${index}`))),
    );
    await parser.close();
    const results = await Promise.all(pending);
    expect(results.some((result) => result instanceof AppFailure)).toBe(true);
    for (const result of results) {
      if (result instanceof AppFailure) expect(result.error.code).toBe('INTERNAL');
    }
    await expect(parser.parse(textMessage('late'))).rejects.toMatchObject({
      error: { code: 'INTERNAL' },
    });
  });

  it('derives text from HTML-only mail when asked, within the HTML cap', async () => {
    const html = Buffer.from(
      crlf(['Subject: html', 'Content-Type: text/html', '', '<p>Only <b>HTML</b> here</p>', '']),
    );
    const plain = await pool({ size: 1 }).parse(Buffer.from(html));
    expect(plain.text).toBeUndefined();
    const derived = await pool({ size: 1, textFromHtml: true }).parse(Buffer.from(html));
    expect(derived.text).toContain('Only HTML here');
    const capped = await pool({ size: 1, textFromHtml: true, maxHtmlLengthToParse: 10 }).parse(
      Buffer.from(html),
    );
    expect(capped.text).toBeUndefined();
    expect(capped.html).toContain('Only <b>HTML</b>');
    expect(capped.parseWarning).toMatch(/HTML too long/);
  });
});
