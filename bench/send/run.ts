/**
 * `npm run bench:send [-- --messages 1000] [--runs 3] [--concurrency 64] [--cold] [--filing] [--skip-kill]
 * [--skip-sent-copy (diagnostic: no IMAP Sent copy, to see its share)]`:
 * queues small messages (one rig sender → one rig recipient) in a file outbox and sends them
 * through the shared outbox state machine and createAccountSender (SMTP, then the Sent copy
 * over IMAP), against nodemailer alone (pooled, the same number of SMTP connections, the same
 * server), each run with fresh users; medians of the runs. Then a kill test: the built CLI
 * processing the messages is SIGKILLed midway and restarted; duplicates at the recipient must be
 * 0. Per-run figures go first; the LAST line is one JSON object:
 * {messages, perSecond, ratioToNodemailer, duplicatesAfterKill} (ratio = nodemailer / ours).
 * Loopback only: the rig listens on 127.0.0.1.
 */
import { mkdtemp } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRig } from '../../test/servers/rig';
import { addRigUser } from '../../test/servers/rig-users';
import { buildCli } from '../sync/build-cli';
import { median, rate, round } from '../sync/stats';
import { runKillTest } from './kill-test';
import { runOurs, type OursResult } from './ours';
import { runNodemailer } from './reference';

/** Messages each path sends, untimed, before the measured runs. */
const WARM_UP_MESSAGES = 100;

function whole(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${flag} takes a whole number`);
  return number;
}

function stepLine(steps: OursResult['steps']): string {
  return Object.entries(steps)
    .filter(([, step]) => step.calls > 0)
    .map(
      ([name, step]) =>
        `${name} ${step.calls}× avg ${round(step.ms / step.calls, 2)} ms (sum ${Math.round(step.ms)} ms)`,
    )
    .join(', ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '1000' },
      runs: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '64' },
      'skip-kill': { type: 'boolean', default: false },
      cold: { type: 'boolean', default: false },
      filing: { type: 'boolean', default: false },
      'skip-sent-copy': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const count = whole(values.messages, 'messages');
  const runs = whole(values.runs, 'runs');
  const concurrency = whole(values.concurrency, 'concurrency');
  // createAccountSender keeps at most 3 SMTP connections (smtp-submit.ts): the same for both.
  const connections = 3;
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  log(
    `bench:send: ${cpus().length} cores, load ${loadavg()
      .map((v) => round(v, 2))
      .join(' ')}`,
  );
  log(
    `ours: processOutbox concurrency ${concurrency} (messages in flight), the sender's ${connections} SMTP connections + 1 IMAP, ${values.filing ? 'Sent copies filed by the server (filing port)' : 'Sent copies appended (plain port)'}${values.cold ? ', cold: filing not known yet' : ', filing already learned'}; nodemailer: pool of ${connections}, all messages handed over at once`,
  );
  const rig = await startRig();
  try {
    const dir = await mkdtemp(join(rig.info.tempDir, 'bench-send-'));
    const ours: number[] = [];
    const reference: number[] = [];
    /** Our path on fresh users (a Sent folder grown by earlier runs would slow its search). */
    const measureOurs = async (label: string, messages: number): Promise<number> => {
      const result = await runOurs({
        rig: rig.info,
        sender: await addRigUser(rig.info),
        recipient: await addRigUser(rig.info),
        count: messages,
        concurrency,
        dir,
        label,
        cold: values.cold,
        filing: values.filing,
        skipSentCopy: values['skip-sent-copy'],
      });
      const oursRate = rate(result.confirmed, result.processMs);
      log(
        `${label} ours: ${result.confirmed}/${messages} confirmed in ${Math.round(result.processMs)} ms = ${oursRate}/s (queued in ${Math.round(result.queueMs)} ms, CPU ${Math.round(result.cpuMs)} ms) | ${stepLine(result.steps)}`,
      );
      return oursRate;
    };
    const measureReference = async (label: string, messages: number): Promise<number> => {
      const ref = await runNodemailer({
        rig: rig.info,
        sender: await addRigUser(rig.info),
        recipient: await addRigUser(rig.info),
        count: messages,
        connections,
        label,
      });
      const refRate = rate(ref.sent, ref.ms);
      log(
        `${label} nodemailer: ${ref.sent}/${messages} in ${Math.round(ref.ms)} ms = ${refRate}/s (CPU ${Math.round(ref.cpuMs)} ms)`,
      );
      return refRate;
    };
    // Untimed: both paths compiled by the JIT, and the in-process rig server warm, before
    // either is measured (whoever ran first used to pay for both).
    const warmUp = Math.min(WARM_UP_MESSAGES, count);
    await measureOurs('warm-up', warmUp);
    await measureReference('warm-up', warmUp);
    for (let run = 1; run <= runs; run += 1) {
      // Each goes first in every other run, so a trend in the machine's load falls on both.
      if (run % 2 === 1) {
        ours.push(await measureOurs(`run ${run}`, count));
        reference.push(await measureReference(`run ${run}`, count));
      } else {
        reference.push(await measureReference(`run ${run}`, count));
        ours.push(await measureOurs(`run ${run}`, count));
      }
    }
    const perSecond = median(ours);
    const referencePerSecond = median(reference);
    const ratio = round(referencePerSecond / perSecond, 2);
    log(`medians: ours ${perSecond}/s, nodemailer ${referencePerSecond}/s, ratio ${ratio}`);

    let duplicatesAfterKill: number | null = null;
    if (!values['skip-kill']) {
      const cli = await buildCli();
      const kill = await runKillTest({
        rig: rig.info,
        cli,
        sender: await addRigUser(rig.info),
        recipient: await addRigUser(rig.info),
        count,
        dir,
        log,
      });
      log(
        `kill test: ${kill.delivered}/${count} delivered, ${kill.duplicates} duplicated, ${kill.missing} missing, restart exit ${kill.restartExit}`,
      );
      duplicatesAfterKill = kill.duplicates;
    }
    log(
      JSON.stringify({
        messages: count,
        perSecond,
        ratioToNodemailer: ratio,
        duplicatesAfterKill,
      }),
    );
  } finally {
    await rig.stop();
  }
}

await main();
