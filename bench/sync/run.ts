/**
 * `npm run bench:sync [-- --sizes 10000,50000] [--runs 3] [--cli out/cli/mailcrm.js]
 * [--cpu-prof DIR]`: seeds the rig's Dovecot with generated mailboxes and measures our sync
 * against mbsync in one run (see measure-size.ts). Progress and human-readable figures go to
 * stderr; stdout gets one JSON line per size, and its LAST line is the largest size's figures.
 * Loopback only: the rig listens on 127.0.0.1, mbsync connects to localhost.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startRig } from '../../test/servers/rig';
import { buildCli } from './build-cli';
import { MBSYNC } from './mbsync-harness';
import { measureSize, type SizeResult } from './measure-size';
import { round } from './stats';

/** Targets at the largest size (issue 3, "Performance"). */
const TARGETS = {
  headerRatio: (value: number) => value < 1,
  fullRatio: (value: number) => value <= 1.5,
  noChangeResyncMs: (value: number) => value < 300,
  onePctResyncMs: (value: number) => value < 1000,
  peakRssMB: (value: number) => value < 300,
} as const;

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((part) => Number(part.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 10)) {
    throw new Error(`--sizes takes whole numbers of at least 10, e.g. 10000,50000 (got ${text})`);
  }
  return sizes.sort((a, b) => a - b);
}

/** One JSON line of figures, without the per-run lists (those go to the log). */
function jsonLine(value: object): string {
  return `${JSON.stringify(value, (key, item: unknown) => (key === 'raw' ? undefined : item))}\n`;
}

/**
 * Where mbsync's Maildir and our NDJSON output go: tmpfs when the machine has one. On the disk,
 * mbsync's 10,000 file creations per 10,000 messages made its download time swing between
 * 0.75 and 2.4 s from run to run (filesystem metadata, not IMAP), which flattered our ratios;
 * on tmpfs it is steady at about 0.8 s. Both contenders write to the same place.
 */
async function scratchDir(fallback: string): Promise<string> {
  const tmpfs = '/dev/shm';
  return mkdtemp(join(existsSync(tmpfs) ? tmpfs : fallback, 'mailcrm-bench-'));
}

function load(): number[] {
  return loadavg().map((value) => round(value, 2));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,50000' },
      runs: { type: 'string', default: '3' },
      cli: { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
    strict: true,
  });
  const sizes = parseSizes(values.sizes);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number >= 1');
  if (!existsSync(MBSYNC)) throw new Error(`${MBSYNC} is missing: apt-get install isync`);
  const log = (line: string): void => {
    process.stderr.write(`bench: ${line}\n`);
  };
  const loadBefore = load();
  log(`${cpus().length} cores, load average ${loadBefore.join(' ')}`);
  const built = performance.now();
  const cli = values.cli === undefined ? await buildCli() : resolve(values.cli);
  log(
    `CLI ${cli}${values.cli === undefined ? ` built in ${Math.round(performance.now() - built)} ms` : ''}`,
  );
  const cpuProfDir = values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']);
  if (cpuProfDir !== undefined) await mkdir(cpuProfDir, { recursive: true });

  const rig = await startRig();
  const results: SizeResult[] = [];
  const workDir = await scratchDir(rig.info.tempDir);
  log(`mbsync's Maildir and our output in ${workDir}`);
  try {
    for (const messages of sizes) {
      const result = await measureSize({
        rig: rig.info,
        cli,
        messages,
        runs,
        workDir,
        log,
        ...(cpuProfDir === undefined ? {} : { cpuProfDir }),
      });
      results.push(result);
      log(
        `${messages}: mbsync ${String(result.mbsyncMs)} ms (${String(result.mbsyncPerSecond)}/s) | header ${String(result.headerMs)} ms (${String(result.headerPerSecond)}/s, ratio ${String(result.headerRatio)}) | 30-day window ${String(result.defaultWindowMs)} ms (${String(result.defaultWindowBodies)} bodies, ratio ${String(result.defaultWindowRatio)}) | full ${String(result.fullMs)} ms (${String(result.fullPerSecond)}/s, ratio ${String(result.fullRatio)}) | no-change ${String(result.noChangeResyncMs)} ms in process, ${String(result.noChangeResyncProcessMs)} ms whole (mbsync ${String(result.mbsyncNoChangeMs)}) | 1% flags ${String(result.onePctResyncMs)} ms | peak RSS ${String(result.peakRssMB)} MB`,
      );
      log(`raw runs at ${messages}: ${JSON.stringify(result.raw)}`);
      if (messages !== sizes[sizes.length - 1]) {
        process.stdout.write(jsonLine(result));
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
    await rig.stop();
  }
  const last = results[results.length - 1];
  if (last === undefined) return;
  const targets = Object.fromEntries(
    Object.entries(TARGETS).map(([key, passes]) => [
      key,
      passes(last[key as keyof typeof TARGETS]),
    ]),
  );
  if (cpuProfDir !== undefined) {
    log(`CPU profiles in ${cpuProfDir}: npx tsx bench/sync/profile-summary.ts FILE.cpuprofile`);
  }
  const loadAfter = load();
  log(`load average after: ${loadAfter.join(' ')}`);
  process.stdout.write(jsonLine({ ...last, targetsMet: targets, loadBefore, loadAfter }));
}

await main();
