/** The reference: the same messages sent with nodemailer alone, over a pooled transport. */
import { createTransport } from 'nodemailer';
import type { RigInfo, RigUser } from '../../test/servers/rig-info';
import { benchMessages } from './bench-messages';

/** Sends `count` messages with `connections` pooled SMTP connections; returns the wall time. */
export async function runNodemailer(options: {
  readonly rig: RigInfo;
  readonly sender: RigUser;
  readonly recipient: RigUser;
  readonly count: number;
  readonly connections: number;
  readonly label: string;
}): Promise<{ readonly ms: number; readonly sent: number; readonly cpuMs: number }> {
  const { rig, sender, recipient } = options;
  const transport = createTransport({
    pool: true,
    maxConnections: options.connections,
    // No per-connection message cap: connections live for the whole run, like ours.
    maxMessages: Number.POSITIVE_INFINITY,
    host: rig.host,
    port: rig.smtp.tlsPort,
    secure: true,
    tls: { ca: rig.certificate.pem, servername: rig.hostname },
    auth: { user: sender.login, pass: sender.password },
  });
  const messages = benchMessages('nodemailer', sender, recipient, options.count, options.label);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const results = await Promise.all(
      messages.map((message) =>
        transport.sendMail({
          messageId: message.messageId,
          date: new Date(message.date),
          from: { name: message.from.name, address: message.from.address },
          to: message.to.map((entry) => entry.address),
          subject: message.subject,
          text: message.text,
        }),
      ),
    );
    const cpu = process.cpuUsage(cpuBefore);
    return {
      ms: performance.now() - started,
      sent: results.length,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  } finally {
    transport.close();
  }
}
