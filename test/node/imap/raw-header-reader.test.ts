/**
 * The raw header reader against Dovecot: over the shared corpora it gives exactly what imapflow
 * gives for the header pass; it logs in over implicit TLS and STARTTLS; and whenever it cannot
 * be used (a wrong generation, a failed login, a connection lost mid-fill) the fill goes on
 * through imapflow with a warning, losing nothing.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { fetchHeaders } from '../../../src/main/core/imap/fetch-headers';
import { openHeaderSource } from '../../../src/main/core/imap/header-source';
import {
  imapErrorContext,
  openImapSession,
  type ImapSession,
} from '../../../src/main/core/imap/imap-session';
import { classifyError } from '../../../src/main/core/connection/classify-error';
import type { HeaderMessage } from '../../../src/main/core/imap/normalize-message';
import { openHeaderReader } from '../../../src/main/core/imap/raw/header-reader';
import { openRawImapConnection } from '../../../src/main/core/imap/raw/raw-imap-connection';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import { addRigUser } from '../../servers/rig-users';
import type { RigUser } from '../../servers/rig-info';
import {
  appendAll,
  appendCorpora,
  quietLogger,
  rawMail,
  rigAccount,
  rigClient,
  rigSession,
  warningLogger,
} from './helpers';

const rig = inject('rig');
const corpora = resolve(process.cwd(), '../shared/corpora');

/** The items normalizeMessage reads, as plain values for comparison. */
function comparable(message: HeaderMessage): Record<string, unknown> {
  return {
    uid: message.uid,
    // \Recent belongs to the session that SELECTed first (normalizeMessage drops it).
    flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
    size: message.size,
    internalDate: message.internalDate,
    headers: message.headers?.toString('latin1'),
    emailId: message.emailId,
    threadId: message.threadId,
    labels: message.labels === undefined ? undefined : [...message.labels].sort(),
  };
}

/** A session on `folder` (SELECTed, as a sync has it) and its UIDVALIDITY. */
async function selected(
  session: ImapSession,
  folder: string,
): Promise<{ uidValidity: number; uids: number[] }> {
  const mailbox = await session.client.mailboxOpen(folder);
  const uids = await session.client.search({ all: true }, { uid: true });
  return { uidValidity: Number(mailbox.uidValidity), uids: Array.isArray(uids) ? uids : [] };
}

async function userWithMail(count: number): Promise<RigUser> {
  const user = await addRigUser(rig);
  const admin = await rigClient(rig, user);
  const mails = Array.from({ length: count }, (_, index) =>
    rawMail({ subject: `Message ${index}` }, index),
  );
  await appendAll(admin, 'INBOX', mails, ['\\Seen', '$Customer']);
  await admin.logout();
  return user;
}

describe('the raw header reader', () => {
  it.runIf(existsSync(corpora))(
    'reads every corpus message as imapflow does',
    async () => {
      const user = await addRigUser(rig);
      const admin = await rigClient(rig, user);
      const appended = await appendCorpora(admin, corpora, 'Corpus');
      await admin.logout();
      expect(appended.length).toBeGreaterThan(100);

      const session = await rigSession(rig, user);
      try {
        const { uidValidity, uids } = await selected(session, 'Corpus');
        const reader = await openHeaderReader(
          await session.openRawConnection(),
          'Corpus',
          uidValidity,
        );
        try {
          for (let start = 0; start < uids.length; start += 100) {
            const chunk = uids.slice(start, start + 100);
            const ours = await reader.fetch(chunk);
            const theirs = await fetchHeaders(session.client, chunk, () => session.alive());
            expect(theirs.failures).toEqual([]);
            expect(ours.map(comparable)).toEqual(theirs.messages.map(comparable));
          }
        } finally {
          await reader.close();
        }
      } finally {
        await session.close();
      }
    },
    120_000,
  );

  it('logs in over STARTTLS as over implicit TLS; refusals read like imapflow ones', async () => {
    const user = await userWithMail(3);
    const implicit = rigAccount(rig, user);
    const account = rigAccount(rig, user, {
      imap: { ...implicit.imap, port: rig.imap.starttlsPort, security: 'starttls' },
    });
    const deps = {
      dns: createNodeDnsResolver([rig.dnsServer]),
      timeoutMs: 10_000,
      logger: quietLogger,
      readCredentials: () => Promise.resolve({ password: user.password }),
    };
    const session = await openImapSession(account, deps);
    try {
      const { uidValidity, uids } = await selected(session, 'INBOX');
      const reader = await openHeaderReader(
        await session.openRawConnection(),
        'INBOX',
        uidValidity,
      );
      const messages = await reader.fetch(uids);
      await reader.close();
      expect(messages.map((message) => message.uid)).toEqual(uids);
      expect([...(messages[0]?.flags ?? [])].sort()).toEqual(['$Customer', '\\Seen']);
    } finally {
      await session.close();
    }

    // Refusals read as imapflow's do, so they are classified alike.
    const refused: unknown = await openRawImapConnection({
      host: rig.host,
      port: rig.imap.tlsPort,
      secure: true,
      tls: { ca: rig.certificate.pem, servername: rig.hostname },
      auth: { user: user.login, pass: 'wrong password' },
    }).catch((thrown: unknown) => thrown);
    expect(classifyError(refused, imapErrorContext(implicit))).toMatchObject({
      code: 'AUTH_FAILED',
      serverResponse: expect.stringMatching(/AUTHENTICATIONFAILED/) as unknown,
    });
    const session2 = await rigSession(rig, user);
    try {
      const missing: unknown = await openHeaderReader(
        await session2.openRawConnection(),
        'No such folder',
        1,
      ).catch((thrown: unknown) => thrown);
      expect(missing).toMatchObject({
        command: 'EXAMINE',
        responseStatus: 'NO',
        responseText: expect.stringMatching(/doesn't exist/) as unknown,
      });
    } finally {
      await session2.close();
    }
  });

  it('falls back to imapflow when it cannot be used, losing no message', async () => {
    const user = await userWithMail(30);
    const session = await rigSession(rig, user);
    try {
      const { uidValidity, uids } = await selected(session, 'INBOX');
      const base = {
        client: session.client,
        alive: () => session.alive(),
        bulkHeaderMinimum: 1,
      };

      // Another generation of the folder than the sync selected: never mixed in.
      const wrongGeneration = warningLogger();
      const stale = await openHeaderSource(
        uids.length,
        { path: 'INBOX', uidValidity: uidValidity + 1 },
        { ...base, logger: wrongGeneration, openRawConnection: () => session.openRawConnection() },
      );
      expect((await stale.fetch(uids)).messages).toHaveLength(30);
      await stale.close();
      expect(wrongGeneration.warnings).toEqual([
        expect.stringMatching(/Fast header reader unavailable/),
      ]);

      // The connection is lost after the first chunk: the rest comes through imapflow.
      const lost = warningLogger();
      let raw: Awaited<ReturnType<ImapSession['openRawConnection']>> | undefined;
      const source = await openHeaderSource(
        uids.length,
        { path: 'INBOX', uidValidity },
        {
          ...base,
          logger: lost,
          openRawConnection: async () => (raw = await session.openRawConnection()),
        },
      );
      const first = await source.fetch(uids.slice(0, 10));
      expect(lost.warnings).toEqual([]);
      await raw?.close();
      const rest = await source.fetch(uids.slice(10));
      await source.close();
      expect([...first.messages, ...rest.messages].map((message) => message.uid)).toEqual(uids);
      expect(lost.warnings).toEqual([expect.stringMatching(/Fast header reader failed/)]);

      // Small fills never open a second connection.
      let opened = 0;
      const small = await openHeaderSource(
        5,
        { path: 'INBOX', uidValidity },
        {
          ...base,
          bulkHeaderMinimum: 2000,
          logger: quietLogger,
          openRawConnection: () => {
            opened += 1;
            return session.openRawConnection();
          },
        },
      );
      expect((await small.fetch(uids.slice(0, 5))).messages).toHaveLength(5);
      expect(opened).toBe(0);
    } finally {
      await session.close();
    }
  });
});
