/**
 * The account an end-to-end test adds for a fresh rig user: IMAP over TLS and SMTP with
 * STARTTLS on 127.0.0.1, the rig's self-signed certificate already trusted.
 */
import type { AccountDraft } from '../../src/shared/account';
import type { RigInfo, RigUser } from '../servers/rig-info';

export function e2eAccountDraft(
  rig: RigInfo,
  user: RigUser,
  overrides: Partial<AccountDraft> & { readonly imapPort?: number } = {},
): AccountDraft {
  const { imapPort = rig.imap.tlsPort, ...rest } = overrides;
  const trusted = { fingerprint256: rig.certificate.fingerprint256, pem: rig.certificate.pem };
  return {
    name: `${user.login} end to end`,
    provider: 'custom',
    senderName: user.login.split('@')[0] ?? 'Tester',
    email: user.email,
    replyTo: '',
    login: user.login,
    auth: 'password',
    imap: { host: '127.0.0.1', port: imapPort, security: 'tls', trustedCertificate: trusted },
    smtp: {
      host: '127.0.0.1',
      port: rig.smtp.starttlsPort,
      security: 'starttls',
      noAuth: false,
      sameCredentialsAsImap: true,
      login: '',
      trustedCertificate: trusted,
    },
    folders: { inbox: 'INBOX', sent: 'Sent', drafts: 'Drafts', trash: 'Trash', archive: 'Archive' },
    copySentToSentFolder: true,
    isDefaultSender: true,
    enabled: true,
    scope: 'personal',
    ...rest,
  };
}
