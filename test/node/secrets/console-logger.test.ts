/** The JSON-lines logger: one object per line, and secrets redacted even when passed by mistake. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../../../src/main/core/adapters/console-logger';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createConsoleLogger', () => {
  it('writes one JSON object per line with time, level and message first', () => {
    const { stream, lines } = capture();
    const logger = createConsoleLogger({
      stream,
      clock: { now: () => Date.UTC(2024, 0, 2, 3, 4, 5) },
    });
    logger.info('Account created', { accountId: 'a1', message: 'cannot override' });
    logger.error('Failed', { cause: Object.assign(new Error('boom'), { code: 'ECONNRESET' }) });
    expect(lines()).toEqual([
      {
        time: '2024-01-02T03:04:05.000Z',
        level: 'info',
        message: 'Account created',
        accountId: 'a1',
      },
      {
        time: '2024-01-02T03:04:05.000Z',
        level: 'error',
        message: 'Failed',
        cause: { name: 'Error', message: 'boom', code: 'ECONNRESET' },
      },
    ]);
  });

  it('redacts fields that look like secrets, at any depth', () => {
    const { stream, lines } = capture();
    createConsoleLogger({ stream }).warn('oops', {
      password: 'p1',
      nested: { smtpPassword: 'p2', accessToken: 't', list: [{ secret: 's' }] },
    });
    const text = JSON.stringify(lines());
    for (const secret of ['"p1"', '"p2"', '"t"', '"s"']) expect(text).not.toContain(secret);
    expect(lines()[0]).toMatchObject({
      password: '[redacted]',
      nested: { smtpPassword: '[redacted]' },
    });
  });

  it('drops info lines when quiet', () => {
    const { stream, lines } = capture();
    const logger = createConsoleLogger({ stream, quiet: true });
    logger.info('chatter');
    logger.warn('kept');
    expect(lines().map((line) => line.message)).toEqual(['kept']);
  });
});
