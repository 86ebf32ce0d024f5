/**
 * classifyError against real errors provoked from node:net/tls, imapflow and nodemailer where
 * practical, and against the exact shapes those libraries build where provoking is not.
 */
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { ImapFlow } from 'imapflow';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { classifyError, type ErrorContext } from '../../../src/main/core/connection/classify-error';
import { appError, AppFailure } from '../../../src/shared/errors';
import { expiredCertificate, privateCaLeaf, type TestCertificate } from './certs';
import { listenLoopback, rigTlsOptions, type LoopbackServer } from './helpers';

const rig = inject('rig');
const imap: ErrorContext = {
  protocol: 'imap',
  host: 'mail.example.test',
  port: 993,
  security: 'tls',
  provider: 'custom',
};
const smtp: ErrorContext = {
  protocol: 'smtp',
  host: 'mail.example.test',
  port: 587,
  security: 'starttls',
  provider: 'custom',
};

/** Resolves with the error a TLS client gets from 127.0.0.1:port. */
function tlsFailure(port: number, options: ConnectionOptions): Promise<Error> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ...options });
    socket.once('secureConnect', () => {
      socket.destroy();
      reject(new Error('the TLS handshake unexpectedly succeeded'));
    });
    socket.once('error', resolve);
  });
}

/** Resolves with the error an SMTPConnection reports, by callback or 'error' event. */
function smtpFailure(options: ConstructorParameters<typeof SMTPConnection>[0]): Promise<Error> {
  return new Promise((resolve, reject) => {
    const connection = new SMTPConnection({ logger: false, ...options });
    connection.once('error', resolve);
    connection.connect((error) => {
      connection.close();
      if (error) resolve(error);
      else reject(new Error('the SMTP connection unexpectedly succeeded'));
    });
  });
}

/** Resolves with what imapflow's connect() rejects with. */
async function imapFailure(options: ConstructorParameters<typeof ImapFlow>[0]): Promise<unknown> {
  const client = new ImapFlow({ logger: false, ...options });
  client.on('error', () => client.close());
  return client.connect().then(
    () => {
      client.close();
      throw new Error('the IMAP connection unexpectedly succeeded');
    },
    (error: unknown) => error,
  );
}

let silent: LoopbackServer;
let plaintext: LoopbackServer;
let resetting: LoopbackServer;
let selfSigned: LoopbackServer;
let expired: LoopbackServer;
let expiredCert: TestCertificate;
let chained: LoopbackServer;

beforeAll(async () => {
  silent = await listenLoopback(() => undefined);
  plaintext = await listenLoopback((socket) => socket.write('* OK plaintext IMAP\r\n'));
  resetting = await listenLoopback((socket) => socket.resetAndDestroy());
  selfSigned = await listenLoopback(() => undefined, await rigTlsOptions(rig));
  expiredCert = await expiredCertificate(rig.tempDir);
  expired = await listenLoopback(() => undefined, { key: expiredCert.key, cert: expiredCert.cert });
  const { leaf } = await privateCaLeaf(rig.tempDir);
  chained = await listenLoopback(() => undefined, { key: leaf.key, cert: leaf.cert });
});

afterAll(async () => {
  await Promise.all(
    [silent, plaintext, resetting, selfSigned, expired, chained].map((server) => server.close()),
  );
});

describe('network errors', () => {
  it('maps a refused connection from node:net and from nodemailer (ESOCKET + originalCode)', async () => {
    const fromNet = await new Promise<Error>((resolve) => {
      netConnect({ host: '127.0.0.1', port: rig.closedPort }).once('error', resolve);
    });
    expect(classifyError(fromNet, imap)).toMatchObject({
      code: 'CONNECTION_REFUSED',
      retryable: true,
    });
    const fromNodemailer = await smtpFailure({ host: '127.0.0.1', port: rig.closedPort });
    expect(fromNodemailer).toMatchObject({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' });
    const error = classifyError(fromNodemailer, smtp);
    expect(error.code).toBe('CONNECTION_REFUSED');
    expect(error.message).toContain('mail.example.test:587');
  });

  it('maps getaddrinfo failures to DNS_NOT_FOUND', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
      const thrown = Object.assign(new Error(`getaddrinfo ${code} nowhere.example.test`), {
        code,
        syscall: 'getaddrinfo',
      });
      expect(classifyError(thrown, imap).code).toBe('DNS_NOT_FOUND');
    }
  });

  it('maps greeting timeouts of imapflow and nodemailer, and ETIMEDOUT, to TIMEOUT', async () => {
    const fromImap = await imapFailure({
      host: '127.0.0.1',
      port: silent.port,
      secure: false,
      doSTARTTLS: true,
      greetingTimeout: 200,
    });
    expect(fromImap).toMatchObject({ code: 'GREETING_TIMEOUT' });
    expect(classifyError(fromImap, { ...imap, security: 'starttls' })).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
    });
    const fromSmtp = await smtpFailure({
      host: '127.0.0.1',
      port: silent.port,
      greetingTimeout: 200,
    });
    expect(fromSmtp).toMatchObject({ code: 'ETIMEDOUT' });
    const error = classifyError(fromSmtp, smtp);
    expect(error.code).toBe('TIMEOUT');
    expect(error.hint).toContain('SSL/TLS');
    const plain = Object.assign(new Error('connect ETIMEDOUT 192.0.2.1:993'), {
      code: 'ETIMEDOUT',
    });
    expect(classifyError(plain, imap).code).toBe('TIMEOUT');
  });

  it('maps a reset and a broken pipe to CONNECTION_RESET', async () => {
    const reset = await new Promise<Error>((resolve) => {
      const socket = netConnect({ host: '127.0.0.1', port: resetting.port });
      socket.once('error', resolve);
      socket.on('connect', () => socket.write('a NOOP\r\n'));
    });
    expect(reset).toMatchObject({ code: 'ECONNRESET' });
    expect(classifyError(reset, imap).code).toBe('CONNECTION_RESET');
    expect(
      classifyError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), smtp).code,
    ).toBe('CONNECTION_RESET');
  });
});

describe('TLS errors', () => {
  it('maps a self-signed certificate to TLS_CERT_UNTRUSTED, also inside nodemailer STARTTLS', async () => {
    const direct = await tlsFailure(selfSigned.port, { servername: 'mail.example.test' });
    expect(direct).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(classifyError(direct, imap)).toMatchObject({
      code: 'TLS_CERT_UNTRUSTED',
      retryable: false,
    });
    // nodemailer reports a failed STARTTLS handshake as ESOCKET (Node's code in originalCode)...
    const wrapped = await smtpFailure({
      host: '127.0.0.1',
      port: rig.smtp.starttlsPort,
      requireTLS: true,
      tls: { servername: rig.hostname },
    });
    expect(wrapped).toMatchObject({ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(classifyError(wrapped, smtp).code).toBe('TLS_CERT_UNTRUSTED');
    // ...or, when the handshake callback wins, as ETLS "Error initiating TLS - <reason>" without it.
    const rewrapped = Object.assign(new Error('Error initiating TLS - self-signed certificate'), {
      code: 'ETLS',
      command: 'STARTTLS',
    });
    expect(classifyError(rewrapped, smtp).code).toBe('TLS_CERT_UNTRUSTED');
  });

  it('maps a leaf from an unknown CA, and the other untrusted-chain codes, to TLS_CERT_UNTRUSTED', async () => {
    const leafOnly = await tlsFailure(chained.port, { servername: 'mail.example.test' });
    expect(leafOnly).toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(classifyError(leafOnly, imap).code).toBe('TLS_CERT_UNTRUSTED');
    for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']) {
      expect(classifyError(Object.assign(new Error('untrusted'), { code }), imap).code).toBe(
        'TLS_CERT_UNTRUSTED',
      );
    }
  });

  it('maps an expired certificate to TLS_CERT_EXPIRED', async () => {
    const thrown = await tlsFailure(expired.port, {
      servername: 'mail.example.test',
      ca: [expiredCert.cert],
    });
    expect(thrown).toMatchObject({ code: 'CERT_HAS_EXPIRED' });
    expect(classifyError(thrown, imap).code).toBe('TLS_CERT_EXPIRED');
  });

  it('maps a certificate for another name to TLS_HOSTNAME_MISMATCH', async () => {
    const thrown = await tlsFailure(selfSigned.port, {
      servername: 'other.example.test',
      ca: [rig.certificate.pem],
    });
    expect(thrown).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(classifyError(thrown, imap).code).toBe('TLS_HOSTNAME_MISMATCH');
  });

  it('maps TLS spoken to a plaintext port to TLS_HANDSHAKE_FAILED with a STARTTLS hint', async () => {
    const thrown = await tlsFailure(plaintext.port, { servername: 'mail.example.test' });
    const error = classifyError(thrown, imap);
    expect(error.code).toBe('TLS_HANDSHAKE_FAILED');
    expect(error.hint).toContain('STARTTLS');
  });

  it('maps a missing STARTTLS (imapflow and nodemailer shapes) to STARTTLS_UNAVAILABLE', () => {
    const fromImap = Object.assign(new Error('Server does not support STARTTLS'), {
      tlsFailed: true,
    });
    expect(classifyError(fromImap, { ...imap, security: 'starttls' }).code).toBe(
      'STARTTLS_UNAVAILABLE',
    );
    const fromSmtp = Object.assign(
      new Error('Error upgrading connection with STARTTLS: 502 5.5.1 Unrecognized command'),
      {
        code: 'ETLS',
        command: 'STARTTLS',
        response: '502 5.5.1 Unrecognized command',
        responseCode: 502,
      },
    );
    const error = classifyError(fromSmtp, smtp);
    expect(error).toMatchObject({
      code: 'STARTTLS_UNAVAILABLE',
      serverResponse: '502 5.5.1 Unrecognized command',
    });
  });
});

describe('server answers', () => {
  it('maps a refused IMAP login to AUTH_FAILED with the provider hint and the server words', () => {
    const thrown = Object.assign(new Error('Command failed'), {
      authenticationFailed: true,
      serverResponseCode: 'AUTHENTICATIONFAILED',
      response: '2 NO [AUTHENTICATIONFAILED] Authentication failed.',
    });
    const error = classifyError(thrown, { ...imap, provider: 'gmail' });
    expect(error).toMatchObject({
      code: 'AUTH_FAILED',
      serverResponse: '2 NO [AUTHENTICATIONFAILED] Authentication failed.',
    });
    expect(error.hint).toMatch(/app password/i);
    // The same refusal for a Gmail account signed in with OAuth is about the token.
    const oauth = classifyError(thrown, { ...imap, provider: 'gmail', auth: 'oauth' });
    expect(oauth).toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringMatching(/token/) as unknown,
    });
    expect(oauth.hint).toMatch(/^Sign in again/);
    expect(oauth.hint).not.toMatch(/app password/i);
  });

  it('maps a refused SMTP AUTH (EAUTH 535) to AUTH_FAILED, with the Microsoft OAuth hint', () => {
    const thrown = Object.assign(
      new Error('Invalid login: 535 5.7.8 Error: authentication failed'),
      {
        code: 'EAUTH',
        response: '535 5.7.8 Error: authentication failed',
        responseCode: 535,
        command: 'AUTH PLAIN',
      },
    );
    const error = classifyError(thrown, { ...smtp, provider: 'microsoft' });
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.hint).toMatch(/OAuth/);
  });

  it('maps rate limits of IMAP (RFC 5530) and SMTP (421/454) to THROTTLED, even on a login', () => {
    const unavailable = Object.assign(new Error('Command failed'), {
      authenticationFailed: true,
      serverResponseCode: 'UNAVAILABLE',
      response: '2 NO [UNAVAILABLE] Temporary authentication failure',
    });
    expect(classifyError(unavailable, imap)).toMatchObject({ code: 'THROTTLED', retryable: true });
    const tooMany = Object.assign(new Error('Command failed'), {
      responseText: 'Too many simultaneous connections',
    });
    expect(classifyError(tooMany, imap).code).toBe('THROTTLED');
    expect(
      classifyError(Object.assign(new Error('Throttled'), { code: 'ETHROTTLE' }), imap).code,
    ).toBe('THROTTLED');
    const busy = Object.assign(new Error('Server terminates connection'), {
      code: 'ECONNECTION',
      response: '421 4.7.0 Try later',
      responseCode: 421,
    });
    expect(classifyError(busy, smtp).code).toBe('THROTTLED');
    const temporary = Object.assign(new Error('Invalid login'), {
      code: 'EAUTH',
      response: '454 4.7.0 Temporary authentication failure',
      responseCode: 454,
    });
    expect(classifyError(temporary, smtp).code).toBe('THROTTLED');
  });

  it('keeps any other server answer as PROTOCOL with serverResponse', () => {
    const thrown = Object.assign(new Error('Command failed'), {
      responseStatus: 'BAD',
      responseText: 'Error in IMAP command LIST: Invalid arguments.',
    });
    expect(classifyError(thrown, imap)).toMatchObject({
      code: 'PROTOCOL',
      serverResponse: 'Error in IMAP command LIST: Invalid arguments.',
    });
  });

  it('passes AppFailures through and calls anything unknown INTERNAL', () => {
    const failure = new AppFailure(appError('DNS_NOT_FOUND', 'not found'));
    expect(classifyError(failure, imap)).toBe(failure.error);
    expect(classifyError(new Error('something odd'), imap)).toMatchObject({ code: 'INTERNAL' });
    expect(classifyError('a string', imap).message).toContain('a string');
  });
});
