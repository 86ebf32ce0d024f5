/**
 * Runs `mailcrm sync` in a child process, as a user would: the whole-process time and peak RSS
 * come from outside (timed-child.ts), the in-process timing from the summary it prints.
 */
import type { RigInfo, RigUser } from '../../test/servers/rig-info';
import { runTimed } from './timed-child';

/** The parts of the sync summary the benchmark reads. */
export interface SyncSummaryOutput {
  readonly ok: boolean;
  readonly error?: { readonly code: string; readonly message: string };
  readonly folders: readonly {
    readonly folder: string;
    readonly mode?: string;
    readonly fetched?: number;
    readonly stored?: number;
    readonly bodiesFetched?: number;
    readonly flagsChanged?: number;
    readonly syncMs: number;
  }[];
  readonly written: { readonly messages: number; readonly events: number };
  readonly timing: { readonly connectMs: number; readonly totalMs: number };
  readonly peakRssMB: number;
}

/** One run of the CLI. */
export interface CliRun {
  readonly summary: SyncSummaryOutput;
  readonly wallMs: number;
  /** From GNU time; falls back to the child's own maxRSS. */
  readonly peakRssMB: number;
}

export interface CliRunOptions {
  readonly cli: string;
  readonly rig: RigInfo;
  readonly user: RigUser;
  readonly history: '7d' | '30d' | 'all';
  readonly out: string;
  readonly state?: string;
  /** A folder for V8 CPU profiles of this run (node --cpu-prof). */
  readonly cpuProfDir?: string;
}

/** Runs one sync of INBOX over implicit TLS; throws unless the CLI exits 0. */
export async function runCliSync(options: CliRunOptions): Promise<CliRun> {
  const { rig, user } = options;
  const nodeArgs =
    options.cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir];
  const args = [
    ...nodeArgs,
    options.cli,
    'sync',
    '--imap-host',
    rig.host,
    '--imap-port',
    String(rig.imap.tlsPort),
    '--imap-security',
    'tls',
    '--ca-file',
    rig.certificate.file,
    '--user',
    user.login,
    '--password-stdin',
    '--folder',
    'INBOX',
    '--history',
    options.history,
    '--out',
    options.out,
    ...(options.state === undefined ? [] : ['--state', options.state]),
  ];
  const run = await runTimed(process.execPath, args, { stdinText: `${user.password}\n` });
  let summary: SyncSummaryOutput;
  try {
    summary = JSON.parse(run.stdout) as SyncSummaryOutput;
  } catch (error) {
    throw new Error(
      `bench: mailcrm sync printed no JSON (exit ${run.code}): ${run.stdout.slice(0, 500)} ${run.stderr.slice(0, 2000)}`,
      { cause: error },
    );
  }
  if (run.code !== 0 || !summary.ok) {
    throw new Error(`bench: mailcrm sync failed (exit ${run.code}): ${run.stdout.slice(0, 2000)}`);
  }
  return { summary, wallMs: run.wallMs, peakRssMB: run.peakRssMB ?? summary.peakRssMB };
}
