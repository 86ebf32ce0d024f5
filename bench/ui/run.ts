/**
 * `npm run bench:ui`: the reading UI at 100,000 cached messages, in headless Chromium. Builds the
 * benchmark's own page (bench/ui/page: the real MailScreen, Dexie and applyBatch, plus a hook
 * the app's bundle does not have) into out/bench-ui, serves it on 127.0.0.1, fills IndexedDB
 * inside the page, then measures first paint of the inbox, scrolling end to end (frame times),
 * opening messages (until the body is painted) and searching all messages. The last line printed
 * is one JSON object. Options: BENCH_MESSAGES (default 100000), BENCH_SCROLL_STEP (px a frame),
 * BENCH_CPU_PROF (a file for a CPU profile of the first scroll), BENCH_SCROLL_RUNS (default 3).
 * First paint and scroll figures are medians over the runs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { build } from 'vite';
import type { BenchApi } from './bench-api';
import { CHROMIUM_LAUNCH } from '../../test/servers/chromium';
import { servePage } from '../page-server';

const ROOT = resolve(import.meta.dirname, 'page');
const OUT = resolve(import.meta.dirname, '../../out/bench-ui');
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const SCROLL_STEP = Number(process.env.BENCH_SCROLL_STEP ?? 2400);
/** A file to write a CPU profile of the scroll to (for bench/sync/profile-summary.ts). */
const CPU_PROFILE = process.env.BENCH_CPU_PROF;
/** Start-and-scroll runs over the one load (each after a reload, as at app start). */
const SCROLL_RUNS = Number(process.env.BENCH_SCROLL_RUNS ?? 3);

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

interface OpenedApp {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly cdp: CDPSession;
}

/** Starts Chromium on `profile` (the IndexedDB the load filled) and opens the benchmark page. */
async function openApp(profile: string, url: string): Promise<OpenedApp> {
  const context = await chromium.launchPersistentContext(profile, {
    ...CHROMIUM_LAUNCH,
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.__mailBench !== undefined);
  return { context, page, cdp: await context.newCDPSession(page) };
}

function bench<T>(page: Page, run: (api: BenchApi) => Promise<T> | T): Promise<T> {
  return page.evaluate<T>(`(${run.toString()})(window.__mailBench)`);
}

async function main(): Promise<void> {
  log(
    `load before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} cores`,
  );
  await build({
    root: ROOT,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: OUT, emptyOutDir: true },
  });
  const { server, url } = await servePage(OUT);
  const profile = await mkdtemp(join(tmpdir(), 'mailcrm-bench-ui-'));
  let app = await openApp(profile, url);
  try {
    const loaded = await app.page.evaluate((total) => window.__mailBench?.load(total), MESSAGES);
    log(
      `stored ${MESSAGES} messages in ${Math.round(loaded?.loadMs ?? 0)} ms; indexed in ${Math.round(loaded?.indexMs ?? 0)} ms`,
    );
    const paints: number[] = [];
    const maxima: number[] = [];
    const p95s: number[] = [];
    for (let run = 1; run <= SCROLL_RUNS; run += 1) {
      // A browser started afresh, as at app start: nothing of the load is warm in memory.
      await app.context.close();
      app = await openApp(profile, url);
      const { page, cdp } = app;
      const heap = async (): Promise<string> => {
        const { usedSize } = await cdp.send('Runtime.getHeapUsage');
        return `${round(usedSize / 2 ** 20)} MB`;
      };
      const paintMs = await bench(page, (api) => api.mount());
      paints.push(paintMs);
      log(`run ${run}: first paint of the inbox ${round(paintMs)} ms; JS heap ${await heap()}`);

      const profiled = CPU_PROFILE !== undefined && run === 1;
      if (profiled) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const scroll = await page.evaluate((step) => window.__mailBench?.scroll(step), SCROLL_STEP);
      if (profiled) {
        const { profile: cpuProfile } = await cdp.send('Profiler.stop');
        await writeFile(CPU_PROFILE, JSON.stringify(cpuProfile));
        log(`scroll CPU profile: ${CPU_PROFILE}`);
      }
      const frames = scroll?.frames ?? [];
      const slow = frames.flatMap((ms, i) => (ms > 34 ? [`#${i} ${round(ms)} ms`] : []));
      maxima.push(Math.max(...frames));
      p95s.push(percentile(frames, 0.95));
      log(
        `run ${run}: scrolled ${frames.length} frames at ${SCROLL_STEP} px/frame, max ${round(Math.max(...frames))} ms, p95 ${round(percentile(frames, 0.95))} ms, median ${round(percentile(frames, 0.5))} ms; frames over 34 ms: ${slow.length === 0 ? 'none' : slow.join(', ')}; frames with a row still loading: ${scroll?.placeholderFrames ?? 0}; JS heap ${await heap()}`,
      );
    }
    const firstPaintMs = percentile(paints, 0.5);
    const scrollMaxFrameMs = percentile(maxima, 0.5);
    const scrollP95FrameMs = percentile(p95s, 0.5);
    log(
      `medians of ${SCROLL_RUNS} runs: first paint ${round(firstPaintMs)} ms, longest scroll frame ${round(scrollMaxFrameMs)} ms (worst ${round(Math.max(...maxima))}), p95 ${round(scrollP95FrameMs)} ms`,
    );
    const { page } = app;

    const opens: number[] = [];
    for (const index of [3, 40, 2500, 20_000, 51_000, 77_000, MESSAGES - 30]) {
      if (index >= MESSAGES) continue;
      opens.push(await page.evaluate((i) => window.__mailBench?.open(i) ?? 0, index));
    }
    const openMessageMs = percentile(opens, 0.5);
    log(
      `open message (to body painted): ${opens.map(round).join(', ')} ms; median ${round(openMessageMs)}`,
    );
    await page.screenshot({
      path: resolve(import.meta.dirname, '../../test-results/bench-ui.png'),
    });

    const sample = await bench(page, (api) => api.sample());
    const queries = [
      sample.rare[0] ?? 'x',
      `${sample.common[0] ?? 'x'} ${sample.rare[1] ?? 'y'}`,
      `from:${sample.sender}`,
      `subject:${sample.common[1] ?? 'x'}`,
      `${sample.rare[2] ?? 'x'} has:attachment`,
      `${sample.common[2] ?? 'x'} after:2024-01-01 before:2024-03-01`,
      'bodymark4242',
    ];
    await page.evaluate((q) => window.__mailBench?.search(q), queries[0] ?? 'x');
    const searches: number[] = [];
    for (const query of queries) {
      const result = await page.evaluate((q) => window.__mailBench?.search(q), query);
      searches.push(result?.ms ?? 0);
      log(`search "${query}": ${result?.matches ?? 0} matches in ${round(result?.ms ?? 0)} ms`);
    }
    const searchMedianMs = percentile(searches, 0.5);
    log(
      `load after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    process.stdout.write(
      `${JSON.stringify({
        messages: MESSAGES,
        firstPaintMs: round(firstPaintMs),
        scrollMaxFrameMs: round(scrollMaxFrameMs),
        scrollP95FrameMs: round(scrollP95FrameMs),
        openMessageMs: round(openMessageMs),
        searchMedianMs: round(searchMedianMs),
      })}\n`,
    );
  } finally {
    await app.context.close();
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
