/**
 * Every file of the shared mail corpora (../shared/corpora, when present) through one pool: each
 * parse settles (a body, possibly with a parseWarning, or a PROTOCOL rejection), none hangs, and
 * the pool is still healthy at the end. The two messages that once broke mailparser's HTML
 * handling finish within a bound, with and without deriving text from HTML.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src/shared/errors';
import { filesUnder } from '../imap/helpers';
import {
  createBodyParserPool,
  type BodyParser,
} from '../../../src/main/core/mime/body-parser-pool';

const CORPORA = resolve(process.cwd(), '../shared/corpora');
const MAILPARSER_FIXTURES = join(CORPORA, 'nodemailer-fixtures/mailparser/test/fixtures');

const pools: BodyParser[] = [];
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
});

describe.runIf(existsSync(CORPORA))('the shared corpora', () => {
  it('every file parses or is refused as unreadable, without hanging or breaking the pool', async () => {
    const pool = createBodyParserPool({ size: 2, timeoutMs: 10_000 });
    pools.push(pool);
    const files = await filesUnder(CORPORA);
    expect(files.length).toBeGreaterThan(0);
    const started = Date.now();
    const results = await Promise.all(
      files.map(async (file) => {
        try {
          const body = await pool.parse(await readFile(file));
          return { file, warning: body.parseWarning };
        } catch (error) {
          // Anything but "this message cannot be read" is a bug in the pool.
          if (!(error instanceof AppFailure) || error.error.code !== 'PROTOCOL') throw error;
          return { file, rejected: error.error.message };
        }
      }),
    );
    const rejected = results.filter((result) => 'rejected' in result);
    const warned = results.filter((result) => 'warning' in result && result.warning !== undefined);
    console.log(
      `corpora: ${files.length} files in ${Date.now() - started} ms, ` +
        `${rejected.length} rejected, ${warned.length} with a parseWarning`,
      rejected,
    );
    // Still healthy afterwards.
    const after = await pool.parse(Buffer.from('Subject: after\r\n\r\nstill here\r\n'));
    expect(after.text).toContain('still here');
  }, 120_000);

  for (const name of ['outofmemory.eml', 'htmllargecallstack.eml']) {
    for (const textFromHtml of [false, true]) {
      it(`${name} finishes within 5 s (text from HTML: ${textFromHtml})`, async () => {
        const pool = createBodyParserPool({ size: 1, textFromHtml, timeoutMs: 5_000 });
        pools.push(pool);
        const source = await readFile(join(MAILPARSER_FIXTURES, name));
        const started = Date.now();
        const body = await pool.parse(source);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(body.html?.length).toBeGreaterThan(100_000);
        // Over the default 1,000,000-character cap the text is not derived, and that is said.
        if (textFromHtml && (body.html?.length ?? 0) > 1_000_000) {
          expect(body.parseWarning).toMatch(/HTML too long/);
        } else if (textFromHtml) {
          expect(body.text?.length).toBeGreaterThan(1000);
        }
      });
    }
  }
});
