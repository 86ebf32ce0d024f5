/**
 * The benchmark's crash check: 1,000 queued messages processed by the built CLI
 * (`mailcrm send --flush`), SIGKILLed midway, started again to finish; then every Message-ID in
 * the recipient's INBOX is counted. Runs against the filing SMTP port (the server files Sent
 * itself), where recovery needs no user decision.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { openOutboxFile, readOutboxItems } from '../../src/cli/outbox-file';
import { parseSendArgs } from '../../src/cli/send-args';
import type { OutboxItem, OutboxState } from '../../src/shared/outbox';
import { newOutboxItem } from '../../src/shared/outbox/index';
import type { RigInfo, RigUser } from '../../test/servers/rig-info';
import { benchMessages, connectionFlags } from './bench-messages';

export interface KillResult {
  readonly killedAt: Record<string, number>;
  readonly final: Record<string, number>;
  readonly delivered: number;
  readonly duplicates: number;
  readonly missing: number;
  readonly restartExit: number;
}

async function states(path: string): Promise<OutboxItem[]> {
  return readOutboxItems(path);
}

function countStates(items: readonly OutboxItem[]): Record<string, number> {
  const counts: Partial<Record<OutboxState, number>> = {};
  for (const item of items) counts[item.state] = (counts[item.state] ?? 0) + 1;
  return counts;
}

function runCli(
  cli: string,
  argv: string[],
  password: string,
): { kill: () => void; done: Promise<number> } {
  const child = spawn(process.execPath, [cli, ...argv], { stdio: ['pipe', 'ignore', 'inherit'] });
  child.stdin.end(`${password}\n`);
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { kill: () => child.kill('SIGKILL'), done };
}

/** Message-IDs in the recipient's INBOX, with how often each occurs. */
async function inboxMessageIds(rig: RigInfo, user: RigUser): Promise<Map<string, number>> {
  const client = new ImapFlow({
    host: rig.host,
    port: rig.imap.tlsPort,
    secure: true,
    tls: { ca: rig.certificate.pem, servername: rig.hostname },
    auth: { user: user.login, pass: user.password },
    logger: false,
  });
  await client.connect();
  const counts = new Map<string, number>();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      for await (const message of client.fetch('1:*', { envelope: true })) {
        const id = message.envelope?.messageId;
        if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
  return counts;
}

/** Queues `count` messages, kills the processing CLI midway, finishes, counts duplicates. */
export async function runKillTest(options: {
  readonly rig: RigInfo;
  readonly cli: string;
  readonly sender: RigUser;
  readonly recipient: RigUser;
  readonly count: number;
  readonly dir: string;
  readonly log: (line: string) => void;
}): Promise<KillResult> {
  const { rig, sender, recipient, count } = options;
  const flags = connectionFlags(rig, sender, rig.smtp.filingTlsPort);
  const path = join(options.dir, 'outbox-kill.json');
  const args = parseSendArgs(['--flush', ...flags], new Date());
  const outbox = await openOutboxFile(path);
  const messages = benchMessages(args.account.id, sender, recipient, count, 'kill');
  await Promise.all(
    messages.map((message) => outbox.put(newOutboxItem(message, { now: new Date() }))),
  );
  // The CLI takes the journal over from here.
  await outbox.close();
  const argv = ['send', ...flags, '--outbox', path, '--flush'];
  const first = runCli(options.cli, argv, sender.password);
  let exitedEarly = false;
  void first.done.then(() => {
    exitedEarly = true;
  });
  for (;;) {
    const done = (await states(path)).filter((item) => item.state === 'sent-copy-confirmed');
    if (done.length >= count / 2 || exitedEarly) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  first.kill();
  await first.done;
  const killedAt = countStates(await states(path));
  options.log(`kill test: SIGKILL with ${JSON.stringify(killedAt)}`);
  const restartExit = await runCli(options.cli, argv, sender.password).done;
  const finalItems = await states(path);
  const final = countStates(finalItems);
  options.log(`kill test: after the restart (exit ${restartExit}) ${JSON.stringify(final)}`);
  const seen = await inboxMessageIds(rig, recipient);
  const ids = new Set(messages.map((message) => message.messageId));
  let duplicates = 0;
  let delivered = 0;
  for (const [id, times] of seen) {
    if (!ids.has(id)) continue;
    delivered += 1;
    if (times > 1) duplicates += 1;
  }
  return { killedAt, final, delivered, duplicates, missing: ids.size - delivered, restartExit };
}
