/**
 * The measurements for one mailbox size, all against the same seeded INBOX in one run: mbsync's
 * full download (and its no-change resync), our initial header-only sync, our initial sync with
 * the app's default 30-day history window (headers for all, bodies parsed for the window), our
 * initial full sync with every body parsed, our no-change resync, and our resync after 1% of the
 * flags changed.
 */
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { addRigUser } from '../../test/servers/rig-users';
import type { RigInfo, RigUser } from '../../test/servers/rig-info';
import { runCliSync, type CliRun, type CliRunOptions } from './cli-child';
import { flagSample, inboxUids } from './flag-changer';
import { createPicker } from './mail-text';
import { runMbsync } from './mbsync-harness';
import { seedMaildir } from './seed-maildir';
import { median, ms, rate, round } from './stats';

/** How one size is measured. */
export interface SizeOptions {
  readonly rig: RigInfo;
  readonly cli: string;
  readonly messages: number;
  readonly runs: number;
  readonly workDir: string;
  readonly cpuProfDir?: string;
  readonly log: (line: string) => void;
}

/** Runs the CLI and checks what it wrote; `check` names what must hold. */
async function measured(
  options: CliRunOptions,
  check: (run: CliRun) => string | undefined,
): Promise<CliRun> {
  const run = await runCliSync(options);
  await rm(options.out, { force: true });
  const problem = check(run);
  if (problem !== undefined) throw new Error(`bench: ${problem}: ${JSON.stringify(run.summary)}`);
  return run;
}

const DAY_MS = 86_400_000;

/** The figures of one size (times in ms, medians of `runs`), and the runs behind them. */
export interface SizeResult {
  readonly messages: number;
  readonly mailboxMB: number;
  readonly seedWriteMs: number;
  readonly seedIndexMs: number;
  readonly runs: number;
  /** mbsync's first download, right after Dovecot indexed the new Maildir (not in the median). */
  readonly mbsyncColdMs: number;
  /** Our first header sync, which also fills Dovecot's cache (not in the median). */
  readonly warmupHeaderMs: number;
  readonly mbsyncMs: number;
  readonly mbsyncPerSecond: number;
  readonly mbsyncPeakRssMB: number | null;
  readonly mbsyncNoChangeMs: number | null;
  readonly headerMs: number;
  readonly headerPerSecond: number;
  readonly headerRatio: number;
  /** Initial sync with the app's default history window (30 days): bodies of that window only. */
  readonly defaultWindowMs: number;
  readonly defaultWindowBodies: number;
  readonly defaultWindowRatio: number;
  /** Initial sync with every body downloaded and parsed (history window 'all'). */
  readonly fullMs: number;
  readonly fullPerSecond: number;
  readonly fullRatio: number;
  /** Inside the process: from the start of the sync command to its summary. */
  readonly noChangeResyncMs: number;
  /** The folder sync alone (SELECT to the last batch), without login and logout. */
  readonly noChangeResyncFolderMs: number;
  /** The whole process, node's start included. */
  readonly noChangeResyncProcessMs: number;
  readonly onePctChanged: number;
  readonly onePctResyncMs: number;
  readonly onePctResyncFolderMs: number;
  readonly onePctResyncProcessMs: number;
  readonly peakRssMB: number;
  readonly peakRssHeaderSyncMB: number;
  readonly peakRssFullSyncMB: number;
  readonly raw: Readonly<Record<string, readonly number[]>>;
}

/** Seeds a fresh user with `messages` messages and measures everything; returns the figures. */
export async function measureSize(options: SizeOptions): Promise<SizeResult> {
  const { rig, cli, messages, runs, workDir, log } = options;
  const user: RigUser = await addRigUser(rig);
  // Dates end 10 days ago, so a 7-day window selects no bodies: the header-only sync.
  const seed = await seedMaildir(rig, user, {
    count: messages,
    seed: messages,
    newest: new Date(Date.now() - 10 * DAY_MS),
    spanDays: 3 * 365,
  });
  log(
    `seeded ${messages} messages (${round(seed.bytes / 2 ** 20)} MB): files ${ms(seed.writeMs)}, Dovecot index ${ms(seed.indexMs)}`,
  );
  const base = { cli, rig, user };
  const out = join(workDir, `out-${messages}.ndjson`);
  const headerOnly = (run: CliRun): string | undefined =>
    run.summary.written.messages !== messages
      ? `header sync wrote ${run.summary.written.messages} of ${messages}`
      : run.summary.folders[0]?.bodiesFetched !== 0
        ? 'header sync fetched bodies'
        : undefined;
  // Reported apart: the first download of a freshly indexed Maildir, before any cache exists.
  const cold = await runMbsync(rig, user, workDir);
  log(`cold mbsync ${ms(cold.download.wallMs)}`);
  // Untimed: Dovecot fills its cache file with the header fields on the first FETCH.
  const warmup = await measured({ ...base, history: '7d', out }, headerOnly);
  log(`warm-up header sync ${ms(warmup.wallMs)}`);

  const mbsync: number[] = [];
  const mbsyncRss: number[] = [];
  let mbsyncResync: readonly number[] = [];
  const header: CliRun[] = [];
  const defaultWindow: CliRun[] = [];
  const full: CliRun[] = [];
  let state = '';
  for (let attempt = 0; attempt < runs; attempt += 1) {
    // Interleaved, so a change in the machine's load falls on every contender alike.
    const last = attempt === runs - 1;
    const mb = await runMbsync(rig, user, workDir, last ? runs : 0);
    if (mb.download.files !== messages) throw new Error(`bench: mbsync got ${mb.download.files}`);
    mbsync.push(mb.download.wallMs);
    if (mb.download.peakRssMB !== undefined) mbsyncRss.push(mb.download.peakRssMB);
    if (last) mbsyncResync = mb.resyncMs;
    // The first round's runs are profiled when asked (a profile costs a little time itself).
    const profile = (kind: string): { cpuProfDir?: string } =>
      attempt === 0 && options.cpuProfDir !== undefined
        ? { cpuProfDir: join(options.cpuProfDir, `${messages}-${kind}`) }
        : {};
    header.push(await measured({ ...base, history: '7d', out, ...profile('header') }, headerOnly));
    defaultWindow.push(
      // How many bodies fall in the window depends on the size (20 of the 3 years' days).
      await measured({ ...base, history: '30d', out, ...profile('30d') }, (run) =>
        run.summary.written.messages !== messages
          ? `30-day sync wrote ${run.summary.written.messages} of ${messages}`
          : undefined,
      ),
    );
    state = join(workDir, `state-${messages}-${attempt}.json`);
    full.push(
      await measured(
        {
          ...base,
          history: 'all',
          out,
          state,
          ...profile('full'),
        },
        (run) =>
          run.summary.written.messages !== messages
            ? `full sync wrote ${run.summary.written.messages} of ${messages}`
            : run.summary.folders[0]?.bodiesFetched !== messages
              ? 'full sync missed bodies'
              : undefined,
      ),
    );
    log(
      `round ${attempt + 1}: mbsync ${ms(mb.download.wallMs)}, header ${ms(header[attempt]?.wallMs ?? 0)}, 30-day ${ms(defaultWindow[attempt]?.wallMs ?? 0)}, full ${ms(full[attempt]?.wallMs ?? 0)}`,
    );
  }

  const noChange: CliRun[] = [];
  for (let attempt = 0; attempt < runs; attempt += 1) {
    const copy = join(workDir, `state-${messages}-nochange.json`);
    await copyFile(state, copy);
    noChange.push(
      await measured({ ...base, history: 'all', out, state: copy }, (run) =>
        run.summary.written.messages + run.summary.written.events !== 0
          ? 'no-change resync wrote something'
          : undefined,
      ),
    );
  }

  const uids = await inboxUids(rig, user);
  const picker = createPicker(messages + 1);
  const touched = new Set<number>();
  const onePct: CliRun[] = [];
  let changed = 0;
  for (let attempt = 0; attempt < runs; attempt += 1) {
    changed = await flagSample(rig, user, uids, 0.01, picker, touched);
    onePct.push(
      await measured({ ...base, history: 'all', out, state }, (run) =>
        run.summary.folders[0]?.flagsChanged !== changed
          ? `1% resync saw ${run.summary.folders[0]?.flagsChanged ?? '?'} flag changes, not ${changed}`
          : undefined,
      ),
    );
  }

  const wall = (list: readonly CliRun[]): number => median(list.map((run) => run.wallMs));
  const inProcess = (list: readonly CliRun[]): number =>
    median(list.map((run) => run.summary.timing.totalMs));
  const folderMs = (list: readonly CliRun[]): number =>
    median(list.map((run) => run.summary.folders[0]?.syncMs ?? 0));
  const mbsyncMs = median(mbsync);
  const headerMs = wall(header);
  const defaultWindowMs = wall(defaultWindow);
  const fullMs = wall(full);
  const peakRssMB = Math.max(
    ...[...header, ...defaultWindow, ...full, ...noChange, ...onePct].map((run) => run.peakRssMB),
  );
  return {
    messages,
    mailboxMB: round(seed.bytes / 2 ** 20),
    seedWriteMs: round(seed.writeMs),
    seedIndexMs: round(seed.indexMs),
    runs,
    mbsyncColdMs: round(cold.download.wallMs),
    warmupHeaderMs: round(warmup.wallMs),
    mbsyncMs: round(mbsyncMs),
    mbsyncPerSecond: rate(messages, mbsyncMs),
    mbsyncPeakRssMB: mbsyncRss.length > 0 ? round(Math.max(...mbsyncRss), 1) : null,
    mbsyncNoChangeMs: mbsyncResync.length > 0 ? round(median(mbsyncResync)) : null,
    headerMs: round(headerMs),
    headerPerSecond: rate(messages, headerMs),
    headerRatio: round(headerMs / mbsyncMs, 2),
    defaultWindowMs: round(defaultWindowMs),
    defaultWindowBodies: defaultWindow[0]?.summary.folders[0]?.bodiesFetched ?? 0,
    defaultWindowRatio: round(defaultWindowMs / mbsyncMs, 2),
    fullMs: round(fullMs),
    fullPerSecond: rate(messages, fullMs),
    fullRatio: round(fullMs / mbsyncMs, 2),
    noChangeResyncMs: round(inProcess(noChange)),
    noChangeResyncFolderMs: round(folderMs(noChange)),
    noChangeResyncProcessMs: round(wall(noChange)),
    onePctChanged: changed,
    onePctResyncMs: round(inProcess(onePct)),
    onePctResyncFolderMs: round(folderMs(onePct)),
    onePctResyncProcessMs: round(wall(onePct)),
    peakRssMB: round(peakRssMB, 1),
    peakRssHeaderSyncMB: round(Math.max(...header.map((run) => run.peakRssMB)), 1),
    peakRssFullSyncMB: round(Math.max(...full.map((run) => run.peakRssMB)), 1),
    raw: {
      mbsyncMs: mbsync.map((value) => round(value)),
      headerMs: header.map((run) => round(run.wallMs)),
      defaultWindowMs: defaultWindow.map((run) => round(run.wallMs)),
      fullMs: full.map((run) => round(run.wallMs)),
      noChangeInProcessMs: noChange.map((run) => run.summary.timing.totalMs),
      onePctInProcessMs: onePct.map((run) => run.summary.timing.totalMs),
    },
  };
}
