/** The benchmark's small messages and the account flags they are sent with. */
import { randomBytes } from 'node:crypto';
import type { OutgoingMessage } from '../../src/shared/compose';
import type { RigInfo, RigUser } from '../../test/servers/rig-info';

/** Connection flags of `mailcrm send` for `user` (implicit TLS, the rig's DNS and CA). */
export function connectionFlags(rig: RigInfo, user: RigUser, smtpPort: number): string[] {
  return [
    '--imap-host',
    rig.hostname,
    '--imap-port',
    String(rig.imap.tlsPort),
    '--imap-security',
    'tls',
    '--smtp-host',
    rig.hostname,
    '--smtp-port',
    String(smtpPort),
    '--smtp-security',
    'tls',
    '--user',
    user.login,
    '--password-stdin',
    '--ca-file',
    rig.certificate.file,
    '--dns-server',
    rig.dnsServer,
  ];
}

/** `count` small text messages from `from` to `to`, each with its own Message-ID. */
export function benchMessages(
  accountId: string,
  from: RigUser,
  to: RigUser,
  count: number,
  label: string,
): OutgoingMessage[] {
  const date = new Date().toISOString();
  return Array.from({ length: count }, (_, index) => ({
    accountId,
    messageId: `<bench-${label}-${index}-${randomBytes(6).toString('hex')}@example.test>`,
    date,
    from: { name: 'Bench Sender', address: from.email },
    to: [{ name: '', address: to.email }],
    cc: [],
    bcc: [],
    subject: `Bench ${label} ${index}`,
    text: `Hello,\n\nthis is benchmark message ${index} (${label}).\n\nRegards\n`,
    references: [],
    attachments: [],
    readReceipt: false,
  }));
}
