/**
 * Runs a child process under GNU time (`/usr/bin/time -v`), which reports the child's peak RSS
 * from wait4's rusage: the whole process, worker threads included, which a sample of
 * process.memoryUsage() inside the child could miss between samples.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a timed child did. */
export interface TimedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit, measured here. */
  readonly wallMs: number;
  /** Peak resident set size in MB, from GNU time; undefined where it is not installed. */
  readonly peakRssMB?: number;
}

const GNU_TIME = '/usr/bin/time';

/** Runs `command args` with `stdinText` piped in, and resolves when it exits. */
export async function runTimed(
  command: string,
  args: readonly string[],
  options: { readonly stdinText?: string; readonly cwd?: string } = {},
): Promise<TimedRun> {
  const timeFile = join(
    tmpdir(),
    `bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  const useTime = existsSync(GNU_TIME);
  const [file, argv] = useTime
    ? [GNU_TIME, ['-v', '-o', timeFile, command, ...args]]
    : [command, [...args]];
  const started = performance.now();
  const child = spawn(file, argv, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.end(options.stdinText ?? '');
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode ?? -1));
  });
  const wallMs = performance.now() - started;
  let peakRssMB: number | undefined;
  if (useTime) {
    const report = await readFile(timeFile, 'utf8');
    await rm(timeFile, { force: true });
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
    if (match?.[1] !== undefined) peakRssMB = Number(match[1]) / 1024;
  }
  return {
    code,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    wallMs,
    ...(peakRssMB === undefined ? {} : { peakRssMB }),
  };
}
