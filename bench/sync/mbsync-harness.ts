/**
 * The yardstick: mbsync (isync) pulling the same INBOX over the same TLS port into a fresh
 * Maildir. `FSync no` so it is not slowed by the disk more than our sync (which fsyncs nothing).
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RigInfo, RigUser } from '../../test/servers/rig-info';
import { runTimed } from './timed-child';

export const MBSYNC = '/usr/bin/mbsync';

/** One mbsync download. */
export interface MbsyncRun {
  readonly wallMs: number;
  readonly files: number;
  readonly peakRssMB?: number;
}

/** The mbsyncrc: one IMAPS account, a Maildir target, one pull-only channel for INBOX. */
function mbsyncConfig(rig: RigInfo, user: RigUser, target: string): string {
  // Values in double quotes: isync reads them as one string with no further parsing.
  // Host localhost, not 127.0.0.1: isync 1.4 checks the host against the certificate's DNS
  // names only, and the rig's certificate names localhost (which /etc/hosts maps to 127.0.0.1).
  return `FSync no

IMAPAccount bench
Host localhost
Port ${rig.imap.tlsPort}
User "${user.login}"
Pass "${user.password}"
SSLType IMAPS
CertificateFile "${rig.certificate.file}"

IMAPStore remote
Account bench

MaildirStore local
Path "${target}/"
Inbox "${target}/INBOX"

Channel bench
Far :remote:
Near :local:
Patterns INBOX
Sync Pull
Create Near
SyncState *
`;
}

/** A download and the no-change resyncs that followed it on the same target. */
export interface MbsyncResult {
  readonly download: MbsyncRun;
  /** Wall times of mbsync runs against the kept target with nothing changed on the server. */
  readonly resyncMs: readonly number[];
}

/** Runs mbsync once; throws unless it exits 0. */
async function mbsyncOnce(config: string): Promise<{ wallMs: number; peakRssMB?: number }> {
  const run = await runTimed(MBSYNC, ['-c', config, '-q', 'bench']);
  if (run.code !== 0) {
    throw new Error(`mbsync exited ${run.code}: ${run.stderr.trim() || run.stdout.trim()}`);
  }
  return run;
}

/**
 * Downloads the user's INBOX into a new temp dir under `workDir`, then runs `resyncs` more
 * times against the same target (nothing to do: the no-change resync), then removes it.
 */
export async function runMbsync(
  rig: RigInfo,
  user: RigUser,
  workDir: string,
  resyncs = 0,
): Promise<MbsyncResult> {
  const dir = await mkdtemp(join(workDir, 'mbsync-'));
  try {
    const target = join(dir, 'mail');
    const config = join(dir, 'mbsyncrc');
    // isync creates the mailbox folders (Create Near) but not the store's root.
    await mkdir(target);
    // The password is in the file: readable by us alone, removed with the dir.
    await writeFile(config, mbsyncConfig(rig, user, target), { mode: 0o600 });
    const run = await mbsyncOnce(config);
    const files =
      (await readdir(join(target, 'INBOX', 'cur'))).length +
      (await readdir(join(target, 'INBOX', 'new'))).length;
    const resyncMs: number[] = [];
    for (let index = 0; index < resyncs; index += 1) {
      // isync's Maildir scan waits for the clock to pass a directory mtime that is the current
      // second (so it cannot miss a change made later in that second): right after the
      // download that is up to a second of sleep that has nothing to do with syncing.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      resyncMs.push((await mbsyncOnce(config)).wallMs);
    }
    return {
      download: {
        wallMs: run.wallMs,
        files,
        ...(run.peakRssMB === undefined ? {} : { peakRssMB: run.peakRssMB }),
      },
      resyncMs,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
