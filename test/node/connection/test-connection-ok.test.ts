/**
 * Test Connection succeeding against the rig (Dovecot + SMTP submission, certificate trusted
 * by pin), the folder mapping from Dovecot's SPECIAL-USE, and proof that no mail is sent.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import { testConnection } from '../../../src/main/core/connection/test-connection';
import { rigDraft, rigTlsOptions } from './helpers';
import { startRecordingSmtp, type RecordingSmtp } from './recording-smtp';

const rig = inject('rig');
const [anna] = rig.users;
if (anna === undefined) throw new Error('the rig has no users');
const deps = { dns: createNodeDnsResolver([rig.dnsServer]), timeoutMs: 5000 };

describe('testConnection against the rig', () => {
  it('logs in to IMAP and SMTP over implicit TLS with the pinned certificate', async () => {
    const result = await testConnection(
      rigDraft(rig, anna, { security: 'tls' }),
      { password: anna.password },
      deps,
    );
    expect(result.imap.error).toBeUndefined();
    expect(result.smtp.error).toBeUndefined();
    expect(result.imap.ok).toBe(true);
    expect(result.smtp.ok).toBe(true);
  });

  it('logs in to IMAP and SMTP over STARTTLS with the pinned certificate', async () => {
    const result = await testConnection(
      rigDraft(rig, anna, { security: 'starttls' }),
      { password: anna.password },
      deps,
    );
    expect(result.imap).toMatchObject({ ok: true });
    expect(result.smtp).toMatchObject({ ok: true });
  });

  it("lists the folders and maps every role from Dovecot's SPECIAL-USE", async () => {
    const { imap } = await testConnection(rigDraft(rig, anna), { password: anna.password }, deps);
    expect(imap.ok).toBe(true);
    const byPath = new Map(imap.folders.map((folder) => [folder.path, folder]));
    expect(byPath.get('INBOX')).toMatchObject({ selectable: true });
    expect(byPath.get('Sent')).toMatchObject({ specialUse: '\\Sent', selectable: true });
    expect(imap.mapping).toEqual({
      inbox: 'INBOX',
      sent: 'Sent',
      drafts: 'Drafts',
      trash: 'Trash',
      archive: 'Archive',
      junk: 'Junk',
    });
  });
});

describe('the SMTP check sends no mail', () => {
  let server: RecordingSmtp;

  beforeAll(async () => {
    server = await startRecordingSmtp({ ...(await rigTlsOptions(rig)), password: 'right' });
  });

  afterAll(async () => {
    await server.close();
  });

  it('authenticates over STARTTLS and never starts a transaction (no MAIL FROM, RCPT TO or DATA)', async () => {
    const draft = rigDraft(rig, anna, { security: 'starttls' });
    const result = await testConnection(
      {
        ...draft,
        smtp: {
          ...draft.smtp,
          port: server.port,
          sameCredentialsAsImap: false,
          login: 'sender@example.test',
        },
      },
      { password: anna.password, smtpPassword: 'right' },
      deps,
    );
    expect(result.smtp).toEqual({ ok: true });
    expect(server.record.logins).toEqual(['sender@example.test']);
    expect(server.record).toMatchObject({ mailFrom: [], rcptTo: [], data: 0 });
  });
});
