/**
 * Puts test mail straight into a rig mailbox over Dovecot's LMTP, skipping SMTP AUTH: the
 * fast way to seed a mailbox before a sync test.
 */
import { createTransport } from 'nodemailer';
import type { RigInfo } from './rig-info';

export interface Delivery {
  /** Envelope sender; '' for the null sender. */
  readonly from: string;
  readonly to: readonly string[];
  /** The whole RFC 5322 message, CRLF line ends. */
  readonly raw: string | Buffer;
}

/** Delivers each message in order over one pooled LMTP connection. */
export async function deliver(rig: RigInfo, messages: readonly Delivery[]): Promise<void> {
  const transport = createTransport({
    host: '127.0.0.1',
    port: rig.lmtp.port,
    lmtp: true,
    name: rig.hostname,
    ignoreTLS: true,
    pool: true,
    maxConnections: 1,
    maxMessages: Infinity,
  });
  try {
    for (const message of messages) {
      const info = await transport.sendMail({
        envelope: { from: message.from, to: [...message.to] },
        raw: message.raw,
      });
      if (info.rejected.length > 0) {
        throw new Error(`LMTP refused ${info.rejected.map(String).join(', ')}`);
      }
    }
  } finally {
    transport.close();
  }
}
