/**
 * `npm run bench:crm`: the CRM linker at 5,000 contacts, 1,000 companies and 50,000 cached
 * messages, in headless Chromium on real IndexedDB. Builds the benchmark's own page
 * (bench/crm/page) into out/bench-crm, serves it on 127.0.0.1, fills the database through the
 * app's applyBatch, then measures a full relink (first: every link written; then: nothing
 * changed) and linking one new sync batch of 500 messages (median of several). The last line
 * printed is one JSON object. Options: BENCH_CONTACTS, BENCH_COMPANIES, BENCH_MESSAGES,
 * BENCH_CPU_PROF (a file name prefix: CPU profiles of the first relink and of the batches, as
 * PREFIX-relink.cpuprofile and PREFIX-batch.cpuprofile, to open in Chrome DevTools).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type CDPSession } from 'playwright-core';
import { build } from 'vite';
import type {} from './bench-api';
import { CHROMIUM_LAUNCH } from '../../test/servers/chromium';
import { servePage } from '../page-server';

const ROOT = resolve(import.meta.dirname, 'page');
const OUT = resolve(import.meta.dirname, '../../out/bench-crm');
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 5000);
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 1000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
const BATCH = 500;
const BATCH_RUNS = 7;
const CPU_PROFILE = process.env.BENCH_CPU_PROF;

/** Runs `run` under the CPU profiler when BENCH_CPU_PROF is set, saving PREFIX-name. */
async function profiled<T>(cdp: CDPSession, name: string, run: () => Promise<T>): Promise<T> {
  if (CPU_PROFILE === undefined) return run();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = await cdp.send('Profiler.stop');
  const file = `${CPU_PROFILE}-${name}.cpuprofile`;
  await writeFile(file, JSON.stringify(profile));
  log(`CPU profile: ${file}`);
  return result;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

async function main(): Promise<void> {
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  log(`load before: ${load()} on ${cpus().length} cores`);
  await build({
    root: ROOT,
    base: './',
    logLevel: 'warn',
    build: { outDir: OUT, emptyOutDir: true },
  });
  const { server, url } = await servePage(OUT);
  const profile = await mkdtemp(join(tmpdir(), 'mailcrm-bench-crm-'));
  const context = await chromium.launchPersistentContext(profile, { ...CHROMIUM_LAUNCH });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    page.on('console', (message) => log(`page: ${message.text()}`));
    await page.goto(url);
    await page.waitForFunction(() => window.__crmBench !== undefined);
    const loaded = await page.evaluate((counts) => window.__crmBench?.load(counts), {
      contacts: CONTACTS,
      companies: COMPANIES,
      messages: MESSAGES,
    });
    log(
      `stored ${CONTACTS} contacts, ${COMPANIES} companies, ${MESSAGES} messages in ${Math.round(loaded?.loadMs ?? 0)} ms`,
    );
    const cdp = await context.newCDPSession(page);
    const first = await profiled(cdp, 'relink', () =>
      page.evaluate(() => window.__crmBench?.relinkAll()),
    );
    log(
      `relinkAll, first (writes every link): ${round(first?.ms ?? 0)} ms, ${first?.links ?? 0} links`,
    );
    const again = await page.evaluate(() => window.__crmBench?.relinkAll());
    log(`relinkAll, nothing changed: ${round(again?.ms ?? 0)} ms`);
    const batches: number[] = [];
    await profiled(cdp, 'batch', async () => {
      for (let run = 0; run < BATCH_RUNS; run += 1) {
        const result = await page.evaluate((size) => window.__crmBench?.linkBatch(size), BATCH);
        batches.push(result?.linkMs ?? 0);
        log(
          `batch of ${BATCH}: sync ${round(result?.syncMs ?? 0)} ms, linking ${round(result?.linkMs ?? 0)} ms`,
        );
      }
    });
    log(`load after: ${load()}`);
    process.stdout.write(
      `${JSON.stringify({
        contacts: CONTACTS,
        companies: COMPANIES,
        messages: MESSAGES,
        relinkAllMs: round(first?.ms ?? 0),
        relinkAllUnchangedMs: round(again?.ms ?? 0),
        linkBatchMs: round(median(batches)),
      })}\n`,
    );
  } finally {
    await context.close();
    server.close();
    await rm(profile, { recursive: true, force: true });
  }
}

main().catch((thrown: unknown) => {
  process.stderr.write(
    `${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}\n`,
  );
  process.exit(1);
});
