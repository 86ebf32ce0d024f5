/**
 * Parse throughput (a benchmark, not a test): every file of ../shared/corpora, several rounds,
 * parsed in-process (mailparser's simpleParser with defaults, and our parser) and through the
 * worker pool; prints messages per second and how busy the main thread was.
 *
 *   npx tsx test/node/mime/parse-bench.ts [rounds]
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { simpleParser } from 'mailparser';
import { createBodyParserPool } from '../../../src/main/core/mime/body-parser-pool';
import { createMessageParser } from '../../../src/main/core/mime/message-parser';

const CORPORA = resolve(process.cwd(), '../shared/corpora');
const rounds = Number(process.argv[2] ?? 5);

async function corpus(): Promise<Buffer[]> {
  const entries = await readdir(CORPORA, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile());
  return Promise.all(files.map((entry) => readFile(join(entry.parentPath, entry.name))));
}

interface Figure {
  readonly name: string;
  readonly perSecond: number;
  readonly mainThreadBusy: number;
}

async function measure(
  name: string,
  messages: readonly Buffer[],
  parseAll: (messages: readonly Buffer[]) => Promise<unknown>,
): Promise<Figure> {
  // Unmeasured rounds: module loading, JIT warm-up and worker start-up are not throughput.
  await parseAll(messages);
  await parseAll(messages);
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) await parseAll(messages);
  const seconds = (performance.now() - started) / 1000;
  const busy = performance.eventLoopUtilization(elu).utilization;
  return { name, perSecond: (messages.length * rounds) / seconds, mainThreadBusy: busy };
}

async function main(): Promise<void> {
  const messages = await corpus();
  const require = createRequire(import.meta.url);
  const ours = createMessageParser(require, require.resolve('mailparser'), {
    maxHtmlLengthToParse: 1_000_000,
    textFromHtml: false,
  });
  const withText = createMessageParser(require, require.resolve('mailparser'), {
    maxHtmlLengthToParse: 1_000_000,
    textFromHtml: true,
  });
  const figures: Figure[] = [];
  figures.push(
    await measure('in-process simpleParser (defaults)', messages, async (all) => {
      for (const message of all) await simpleParser(message).catch(() => undefined);
    }),
  );
  figures.push(
    await measure('in-process, our options', messages, async (all) => {
      for (const message of all) await ours(message).catch(() => undefined);
    }),
  );
  figures.push(
    await measure('in-process, our options + text from HTML', messages, async (all) => {
      for (const message of all) await withText(message).catch(() => undefined);
    }),
  );
  const sizes = [...new Set([Math.max(1, availableParallelism() - 1), availableParallelism()])];
  for (const size of sizes) {
    const pool = createBodyParserPool({ size });
    figures.push(
      await measure(`worker pool, ${size} worker(s)`, messages, (all) =>
        // A copy per parse: parse() takes the buffer, as it takes a fresh FETCH result.
        Promise.all(all.map((message) => pool.parse(Buffer.from(message)).catch(() => undefined))),
      ),
    );
    await pool.close();
  }
  console.log(`${messages.length} messages x ${rounds} rounds, ${availableParallelism()} cores`);
  for (const figure of figures) {
    console.log(
      `${figure.name.padEnd(42)} ${figure.perSecond.toFixed(0).padStart(6)} messages/s, ` +
        `main thread ${(figure.mainThreadBusy * 100).toFixed(0)}% busy`,
    );
  }
  console.log(JSON.stringify({ messages: messages.length, rounds, figures }));
}

await main();
