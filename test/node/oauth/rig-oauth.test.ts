/**
 * The rig's token checks, below the app's code: Dovecot takes XOAUTH2 as well as OAUTHBEARER,
 * only for the token's own user and never a refresh token; the SMTP server refuses a token
 * that is not an access token of the user; passwords keep working beside tokens.
 */
import { connect } from 'node:tls';
import { createTransport } from 'nodemailer';
import { describe, expect, inject, it } from 'vitest';
import { createAuthorizationFlow } from '../../../src/main/core/oauth/authorization-flow';
import type { RigUser } from '../../servers/rig-info';
import { addRigUser } from '../../servers/rig-users';
import { httpBrowser, rigProvider } from './oauth-helpers';

const rig = inject('rig');

/** One IMAP AUTHENTICATE XOAUTH2 over implicit TLS; resolves with the tagged answer line. */
function imapXoauth2(user: string, token: string): Promise<string> {
  const payload = Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: rig.host,
      port: rig.imap.tlsPort,
      servername: rig.hostname,
      ca: [rig.certificate.pem],
    });
    let received = '';
    let sent = false;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (!sent && received.includes('\r\n')) {
        sent = true;
        socket.write(`a1 AUTHENTICATE XOAUTH2 ${payload}\r\n`);
      }
      // A failed XOAUTH2 first gets a "+" challenge with the error; the empty answer ends it.
      if (/^\+ /m.test(received) && !received.includes('\r\na1 ')) socket.write('\r\n');
      const answer = /^a1 .*$/m.exec(received);
      if (answer !== null) {
        socket.end('a2 LOGOUT\r\n');
        resolve(answer[0]);
      }
    });
    socket.once('error', reject);
  });
}

function smtpWithToken(user: RigUser, accessToken: string) {
  return createTransport({
    host: rig.host,
    port: rig.smtp.starttlsPort,
    requireTLS: true,
    tls: { ca: [rig.certificate.pem], servername: rig.hostname },
    auth: { type: 'OAuth2', user: user.login, accessToken },
  });
}

describe('the rig checks OAuth tokens by introspection', () => {
  it("takes a user's access token for that user only, in IMAP (XOAUTH2) and SMTP, and never a refresh token", async () => {
    const user = await addRigUser(rig);
    const other = rig.users[1] as RigUser;
    const flow = createAuthorizationFlow({
      browser: httpBrowser(),
      clock: { now: () => Date.now() },
    });
    const { tokens } = await flow.signIn({
      provider: await rigProvider(rig),
      loginHint: user.email,
    });
    const refreshToken = tokens.refreshToken ?? '';

    expect(await imapXoauth2(user.login, tokens.accessToken)).toMatch(/^a1 OK/);
    expect(await imapXoauth2(other.login, tokens.accessToken)).toMatch(/^a1 NO/);
    expect(await imapXoauth2(user.login, refreshToken)).toMatch(/^a1 NO \[AUTHENTICATIONFAILED\]/);

    await expect(smtpWithToken(user, tokens.accessToken).verify()).resolves.toBe(true);
    await expect(smtpWithToken(user, refreshToken).verify()).rejects.toMatchObject({
      responseCode: 535,
    });
    await expect(smtpWithToken(other, tokens.accessToken).verify()).rejects.toMatchObject({
      responseCode: 535,
    });
  });
});
