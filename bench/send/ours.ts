/**
 * Our send path as the CLI runs it: a file outbox, the shared state machine (processOutbox)
 * and createAccountSender, each step timed so a slow run shows where the time went.
 */
import { join } from 'node:path';
import { createCliSender, remoteOf } from '../../src/cli/commands/send-command';
import { openOutboxFile } from '../../src/cli/outbox-file';
import { parseSendArgs } from '../../src/cli/send-args';
import type { OutboxRemote, OutboxStore } from '../../src/shared/outbox';
import { newOutboxItem, processOutbox } from '../../src/shared/outbox/index';
import type { RigInfo, RigUser } from '../../test/servers/rig-info';
import { benchMessages, connectionFlags } from './bench-messages';

/** Total time and calls of one kind of step. */
export interface StepTime {
  calls: number;
  ms: number;
}

export interface OursResult {
  readonly queueMs: number;
  readonly processMs: number;
  readonly confirmed: number;
  /** CPU time of this process while processing (user + system), to tell CPU-bound from waiting. */
  readonly cpuMs: number;
  readonly steps: Record<'put' | 'send' | 'fileSent' | 'locate', StepTime>;
}

function timed<A extends unknown[], R>(
  step: StepTime,
  action: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const started = performance.now();
    try {
      return await action(...args);
    } finally {
      step.calls += 1;
      step.ms += performance.now() - started;
    }
  };
}

/** Queues `count` messages in a new outbox file, then processes them; times both. */
export async function runOurs(options: {
  readonly rig: RigInfo;
  readonly sender: RigUser;
  readonly recipient: RigUser;
  readonly count: number;
  readonly concurrency: number;
  readonly dir: string;
  readonly label: string;
  /** Start without knowing whether the server files Sent (an account's very first send). */
  readonly cold: boolean;
  /** Send through the SMTP port that files Sent itself (fileSent then only finds the copy). */
  readonly filing: boolean;
  /** Diagnostic only: fileSent answers at once without IMAP, to show the Sent copy's share. */
  readonly skipSentCopy?: boolean;
}): Promise<OursResult> {
  const { rig, sender, recipient } = options;
  const args = parseSendArgs(
    [
      '--flush',
      ...connectionFlags(rig, sender, options.filing ? rig.smtp.filingTlsPort : rig.smtp.tlsPort),
      '--from',
      sender.email,
    ],
    new Date(),
  );
  const outbox = await openOutboxFile(join(options.dir, `outbox-${options.label}.json`));
  const steps = {
    put: { calls: 0, ms: 0 },
    send: { calls: 0, ms: 0 },
    fileSent: { calls: 0, ms: 0 },
    locate: { calls: 0, ms: 0 },
  };
  const messages = benchMessages(args.account.id, sender, recipient, options.count, options.label);
  // An account learns once, on its first send, that this server does not file Sent itself
  // (until then every Sent copy first waits for the server's); the steady state is measured.
  if (!options.cold) await outbox.setSentMemory(args.account.id, options.filing);
  const queueStarted = performance.now();
  const items = messages.map((message) => newOutboxItem(message, { now: new Date() }));
  // Queued together, as a user's mail merge would: one durable write covers them all.
  await Promise.all(items.map((item) => outbox.put(item)));
  const queueMs = performance.now() - queueStarted;

  const sender$ = createCliSender(
    args,
    { password: sender.password, extraCaPem: [rig.certificate.pem] },
    outbox,
    process.stderr,
  );
  const inner = remoteOf(sender$);
  const remote: OutboxRemote = {
    send: timed(steps.send, (message) => inner.send(message)),
    locate: timed(steps.locate, (accountId, messageId) => inner.locate(accountId, messageId)),
    fileSent: timed(steps.fileSent, (message) =>
      options.skipSentCopy === true
        ? Promise.resolve('appended' as const)
        : inner.fileSent(message),
    ),
  };
  const store: OutboxStore = { put: timed(steps.put, (item) => outbox.put(item)) };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const results = await processOutbox(
      items,
      { store, remote, now: () => new Date() },
      { concurrency: options.concurrency },
    );
    const processMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const confirmed = results.filter(
      (result) => result.ok && result.item.state === 'sent-copy-confirmed',
    ).length;
    return { queueMs, processMs, confirmed, cpuMs, steps };
  } finally {
    await sender$.close();
    await outbox.close();
  }
}
