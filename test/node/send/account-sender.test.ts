/**
 * The per-account sender on its own (the path the CLI uses): XOAUTH2 with an access token of
 * the rig's authorization server, a refused token refreshed once, and the learned "server
 * files Sent" memory; Sent copies appended over the raw IMAP connection.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { outgoingMessageSchema } from '../../../src/shared/compose';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import type { MailAuth } from '../../../src/main/core/connection/imap-check';
import { createAuthorizationFlow } from '../../../src/main/core/oauth/authorization-flow';
import { createAccountSender } from '../../../src/main/core/send/account-sender';
import { addRigUser } from '../../servers/rig-users';
import type { ImapSession } from '../../../src/main/core/imap/imap-session';
import { quietLogger, rigAccount, rigSession } from '../imap/helpers';
import { httpBrowser, rigProvider } from '../oauth/oauth-helpers';
import { countIn, readByMessageId, withClient } from './helpers';

const rig = inject('rig');

describe('createAccountSender', () => {
  it('sends with XOAUTH2, refreshing a refused token once, and learns who files Sent', async () => {
    const user = await addRigUser(rig);
    const to = await addRigUser(rig);
    const flow = createAuthorizationFlow({
      browser: httpBrowser(),
      clock: { now: () => Date.now() },
    });
    const { tokens } = await flow.signIn({
      provider: await rigProvider(rig),
      loginHint: user.email,
    });
    const asked: boolean[] = [];
    const smtpAuth = (refresh = false): Promise<MailAuth> => {
      asked.push(refresh);
      // The first token is refused (a refresh token is no access token), the refreshed one works.
      const token = refresh ? tokens.accessToken : (tokens.refreshToken ?? 'stale');
      return Promise.resolve({ user: user.login, accessToken: token });
    };
    let memory: boolean | undefined;
    const account = rigAccount(rig, user, {
      auth: 'oauth',
      smtp: {
        host: rig.hostname,
        port: rig.smtp.filingTlsPort,
        security: 'tls',
        noAuth: false,
        sameCredentialsAsImap: true,
      },
    });
    const sender = createAccountSender({
      account,
      openImap: () => rigSession(rig, user),
      smtpAuth,
      connection: {
        dns: createNodeDnsResolver([rig.dnsServer]),
        extraCaPem: [rig.certificate.pem],
      },
      attachments: { stagedPath: () => Promise.reject(new Error('no staged files here')) },
      sentMemory: {
        get: () => memory,
        set: (value) => {
          memory = value;
          return Promise.resolve();
        },
      },
      logger: quietLogger,
      sentWaitMs: 200,
    });
    try {
      const message = outgoingMessageSchema.parse({
        accountId: account.id,
        messageId: `<${randomUUID()}@example.test>`,
        date: new Date().toISOString(),
        from: { name: '', address: user.email },
        to: [{ name: '', address: to.email }],
        subject: 'Over XOAUTH2',
        text: 'Signed in with a token.',
      });
      expect((await sender.locate(message.messageId)).found).toBe(false);
      const receipt = await sender.send(message);
      expect(receipt.accepted).toEqual([to.email]);
      expect(asked).toEqual([false, true]);
      expect(await sender.fileSent(message)).toBe('server');
      expect(memory).toBe(true);
      expect(await sender.locate(message.messageId)).toEqual({
        found: true,
        folder: 'Sent',
        serverFilesSent: true,
      });
      // A second message reuses the logged-in connection: no new login.
      await sender.send({ ...message, messageId: `<${randomUUID()}@example.test>` });
      expect(asked).toEqual([false, true]);
      const received = await withClient(rig, to, (client) =>
        readByMessageId(client, 'INBOX', message.messageId),
      );
      expect(received).toHaveLength(1);
      await withClient(rig, user, async (client) => {
        expect(await countIn(client, 'Sent')).toBe(2);
      });
    } finally {
      await sender.close();
    }
  });
});

describe('Sent copies', () => {
  it('appends each copy once over one raw connection, \\Seen, subject and text intact', async () => {
    const user = await addRigUser(rig);
    const to = await addRigUser(rig);
    const account = rigAccount(rig, user);
    let rawOpened = 0;
    const openImap = async (): Promise<ImapSession> => {
      const session = await rigSession(rig, user);
      return {
        ...session,
        openRawConnection: () => {
          rawOpened += 1;
          return session.openRawConnection();
        },
      };
    };
    const sender = createAccountSender({
      account,
      openImap,
      smtpAuth: () => Promise.resolve({ user: user.login, password: user.password }),
      connection: {
        dns: createNodeDnsResolver([rig.dnsServer]),
        extraCaPem: [rig.certificate.pem],
      },
      attachments: { stagedPath: () => Promise.reject(new Error('no staged files here')) },
      // Known not to file Sent itself (the plain port): each copy is appended at once.
      sentMemory: { get: () => false, set: () => Promise.resolve() },
      logger: quietLogger,
    });
    const messages = ['Grüße aus Köln', 'Second copy'].map((subject) =>
      outgoingMessageSchema.parse({
        accountId: account.id,
        messageId: `<${randomUUID()}@example.test>`,
        date: new Date().toISOString(),
        from: { name: 'Zoë', address: user.email },
        to: [{ name: '', address: to.email }],
        subject,
        text: `${subject}: straße, café.`,
      }),
    );
    try {
      for (const message of messages) {
        await sender.send(message);
        expect(await sender.fileSent(message)).toBe('appended');
      }
    } finally {
      await sender.close();
    }
    expect(rawOpened).toBe(1);
    await withClient(rig, user, async (client) => {
      expect(await countIn(client, 'Sent')).toBe(2);
      for (const message of messages) {
        const [copy, ...more] = await readByMessageId(client, 'Sent', message.messageId);
        expect(more).toEqual([]);
        expect(copy?.subject).toBe(message.subject);
        expect(copy?.text?.trim()).toBe(message.text);
      }
      const lock = await client.getMailboxLock('Sent');
      try {
        const copies = await client.fetchAll('1:*', { flags: true });
        expect(copies.map((entry) => entry.flags?.has('\\Seen'))).toEqual([true, true]);
      } finally {
        lock.release();
      }
    });
  });
});
