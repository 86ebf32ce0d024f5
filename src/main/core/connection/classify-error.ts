/**
 * Names the cause of a failed IMAP or SMTP connection: maps what node:net/tls, imapflow 2 and
 * nodemailer 10 throw to one of our error codes, with a sentence for the user and a next step.
 */
import type { ProviderId, Security } from '../../../shared/account';
import { appError, AppFailure, isAppError, type AppError } from '../../../shared/errors';
import { authFailureHint } from './auth-hint';
import { errorFacts, type ErrorFacts } from './error-facts';

/** Which connection failed, so messages can name the host and hints the right ports. */
export interface ErrorContext {
  readonly protocol: 'imap' | 'smtp';
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly provider: ProviderId;
  /** How the account logs in; an OAuth refusal is about the token, not a password. */
  readonly auth?: 'password' | 'oauth';
}

/** OpenSSL verify results that mean "no trusted authority vouches for this certificate". */
const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
/**
 * nodemailer rewraps a failed STARTTLS handshake as `ETLS` "Error initiating TLS - <reason>",
 * dropping Node's code, so the OpenSSL verify strings are matched as well.
 */
const UNTRUSTED_TEXT =
  /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate|certificate not trusted|certificate signature failure/i;
const EXPIRED_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const EXPIRED_TEXT = /certificate has expired|certificate is not yet valid/i;
const MISMATCH_TEXT = /does not match certificate's altnames/i;
/** TLS spoken to a plaintext port (or the reverse) fails in the record layer, before any alert. */
const HANDSHAKE_TEXT =
  /wrong version number|packet length too long|unknown protocol|http request|handshake failure|protocol version|no protocols available|unsupported protocol|disconnected before secure TLS connection/i;

const DNS_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_NODATA',
  'ENODATA',
  'ESERVFAIL',
  'EDNS',
]);
const REFUSED_CODES = new Set(['ECONNREFUSED']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ETIMEOUT',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'SOCKET_TIMEOUT',
]);
const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ECONNECTION',
  'EConnectionClosed',
  'NoConnection',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);
/** Temporary refusals: RFC 5530 LIMIT/UNAVAILABLE, SMTP 421/450/451/454 (RFC 5321, RFC 4954). */
const THROTTLE_IMAP_CODES = new Set(['LIMIT', 'UNAVAILABLE', 'INUSE']);
const THROTTLE_SMTP_REPLIES = new Set([421, 450, 451, 454]);
const THROTTLE_TEXT =
  /too many|rate limit|throttl|maximum number of connections|try again later|temporarily unavailable/i;
/** IMAP response codes of a refused login (RFC 5530). */
const AUTH_IMAP_CODES = new Set([
  'AUTHENTICATIONFAILED',
  'AUTHORIZATIONFAILED',
  'EXPIRED',
  'CONTACTADMIN',
]);
/** SMTP replies to AUTH: 535 credentials invalid, 534 mechanism too weak / app password (RFC 4954). */
const AUTH_SMTP_REPLIES = new Set([534, 535]);

/** The usual ports, for hints that tell the user what to switch to. */
function ports(protocol: 'imap' | 'smtp'): { tls: number; starttls: number } {
  return protocol === 'imap' ? { tls: 993, starttls: 143 } : { tls: 465, starttls: 587 };
}

/** True when any code is in the set. */
function anyCode(facts: ErrorFacts, codes: ReadonlySet<string>): boolean {
  return facts.codes.some((code) => codes.has(code));
}

/** The server's words for `serverResponse`, when it said anything. */
function serverWords(facts: ErrorFacts): { serverResponse?: string } {
  return facts.serverResponse !== undefined ? { serverResponse: facts.serverResponse } : {};
}

/** A certificate problem found by Node's verification (OpenSSL verify result or host check). */
function certificateError(facts: ErrorFacts, context: ErrorContext): AppError | undefined {
  const where = `${context.host}:${context.port}`;
  if (anyCode(facts, UNTRUSTED_CODES) || UNTRUSTED_TEXT.test(facts.message)) {
    return appError(
      'TLS_CERT_UNTRUSTED',
      `The certificate of ${where} is not signed by an authority this computer trusts.`,
      {
        hint: 'If this is your own or your company\'s server, compare the fingerprint with the one your administrator gives you, then choose "Trust this certificate".',
      },
    );
  }
  if (anyCode(facts, EXPIRED_CODES) || EXPIRED_TEXT.test(facts.message)) {
    return appError(
      'TLS_CERT_EXPIRED',
      `The certificate of ${where} has expired or is not valid yet.`,
      {
        hint: "Check this computer's date and time; if they are right, ask the server's administrator to renew the certificate.",
      },
    );
  }
  if (facts.codes.includes('ERR_TLS_CERT_ALTNAME_INVALID') || MISMATCH_TEXT.test(facts.message)) {
    return appError(
      'TLS_HOSTNAME_MISMATCH',
      `The certificate of ${where} is issued for a different server name.`,
      {
        hint: "Use the server name the certificate names (often the provider's own mail host) instead of an alias.",
      },
    );
  }
  return undefined;
}

/** STARTTLS refused or not offered (RFC 3501 section 6.2.1, RFC 3207). */
function starttlsError(facts: ErrorFacts, context: ErrorContext): AppError | undefined {
  const imapMissing = facts.tlsFailed && /does not support STARTTLS/i.test(facts.message);
  // With requireTLS nodemailer sends STARTTLS even when EHLO did not offer it; a refusal comes
  // back as ETLS on the STARTTLS command with the reply, or on EHLO when only HELO works.
  const smtpRefused =
    facts.codes.includes('ETLS') &&
    facts.command === 'STARTTLS' &&
    facts.smtpReplyCode !== undefined;
  const smtpNoEhlo = /HELO does not support required STARTTLS/i.test(facts.message);
  if (!imapMissing && !smtpRefused && !smtpNoEhlo) return undefined;
  return appError(
    'STARTTLS_UNAVAILABLE',
    `${context.host}:${context.port} does not offer STARTTLS, so the connection cannot be encrypted. The password was not sent.`,
    {
      hint: `Choose SSL/TLS on port ${ports(context.protocol).tls} if the server offers it, or ask the provider for the secure settings.`,
      ...serverWords(facts),
    },
  );
}

/** A TLS handshake that could not even start, typically SSL/TLS chosen for a STARTTLS port. */
function handshakeError(facts: ErrorFacts, context: ErrorContext): AppError | undefined {
  const sslCode = facts.codes.some((code) => code.startsWith('ERR_SSL_'));
  if (!sslCode && !HANDSHAKE_TEXT.test(facts.message)) return undefined;
  const { tls, starttls } = ports(context.protocol);
  const hint =
    context.security === 'tls'
      ? `This port may expect STARTTLS: choose STARTTLS (usually port ${starttls}), or SSL/TLS on port ${tls}.`
      : `The server may expect SSL/TLS from the start on this port: choose SSL/TLS (usually port ${tls}).`;
  return appError(
    'TLS_HANDSHAKE_FAILED',
    `The secure connection to ${context.host}:${context.port} could not be set up.`,
    {
      hint,
    },
  );
}

/** A server that asks the client to come back later. */
function throttleError(facts: ErrorFacts, context: ErrorContext): AppError | undefined {
  const throttled =
    facts.codes.includes('ETHROTTLE') ||
    (context.protocol === 'imap'
      ? facts.imapResponseCode !== undefined && THROTTLE_IMAP_CODES.has(facts.imapResponseCode)
      : facts.smtpReplyCode !== undefined && THROTTLE_SMTP_REPLIES.has(facts.smtpReplyCode)) ||
    (facts.serverResponse !== undefined && THROTTLE_TEXT.test(facts.serverResponse));
  if (!throttled) return undefined;
  return appError('THROTTLED', `${context.host} is limiting connections or logins right now.`, {
    hint: 'Wait a few minutes and try again; close other mail apps that use this account.',
    ...serverWords(facts),
  });
}

/** A refused login, or a login the client could not attempt. */
function authError(facts: ErrorFacts, context: ErrorContext): AppError | undefined {
  const server = context.protocol === 'imap' ? 'IMAP' : 'SMTP';
  if (
    /no matching authentication method|login is disabled|unknown authentication method/i.test(
      facts.message,
    )
  ) {
    return appError(
      'AUTH_MECHANISM_UNSUPPORTED',
      `The ${server} server offers no sign-in method this app can use.`,
      {
        hint: 'Choose SSL/TLS or STARTTLS: many servers only allow a password login over an encrypted connection.',
        ...serverWords(facts),
      },
    );
  }
  const refused =
    context.protocol === 'imap'
      ? facts.authenticationFailed ||
        (facts.imapResponseCode !== undefined && AUTH_IMAP_CODES.has(facts.imapResponseCode))
      : facts.codes.includes('EAUTH') ||
        (facts.smtpReplyCode !== undefined && AUTH_SMTP_REPLIES.has(facts.smtpReplyCode));
  if (!refused) return undefined;
  if (context.auth === 'oauth') {
    return appError('AUTH_FAILED', `The ${server} server refused the sign-in token.`, {
      hint: 'Sign in again. If that does not help, check that IMAP and SMTP access are allowed for your account at the provider.',
      retryable: false,
      ...serverWords(facts),
    });
  }
  return appError('AUTH_FAILED', `The ${server} server refused the login name or password.`, {
    hint: authFailureHint(context.provider),
    ...serverWords(facts),
  });
}

/** Socket-level failures: DNS, refused, unreachable, timed out, reset. */
function networkError(facts: ErrorFacts, context: ErrorContext): AppError | undefined {
  const where = `${context.host}:${context.port}`;
  const { tls, starttls } = ports(context.protocol);
  const messages: Record<'dns' | 'refused' | 'unreachable' | 'timeout' | 'reset', () => AppError> =
    {
      dns: () =>
        appError('DNS_NOT_FOUND', `The server name ${context.host} could not be found.`, {
          hint: 'Check the spelling of the server name and that this computer is online.',
        }),
      refused: () =>
        appError('CONNECTION_REFUSED', `${where} refused the connection.`, {
          hint: `Check the port: usually ${tls} for SSL/TLS and ${starttls} for STARTTLS. A firewall may also block it.`,
        }),
      unreachable: () =>
        appError('CONNECTION_REFUSED', `${where} cannot be reached from this network.`, {
          hint: 'Check the network connection, a VPN or a firewall.',
        }),
      timeout: () =>
        appError('TIMEOUT', `${where} did not answer in time.`, {
          hint:
            context.security === 'tls'
              ? 'Check the port and the network; a firewall may be dropping the connection.'
              : `If this port expects SSL/TLS from the start (usually ${tls}), choose SSL/TLS instead of ${context.security === 'starttls' ? 'STARTTLS' : 'no encryption'}.`,
        }),
      reset: () =>
        appError('CONNECTION_RESET', `The connection to ${where} was closed unexpectedly.`, {
          hint: 'Try again; if it keeps happening, check the security setting (SSL/TLS or STARTTLS) for this port.',
          ...serverWords(facts),
        }),
    };
  // The outermost code names the failing step; nodemailer's wrapper code (ESOCKET) maps to
  // nothing, so its originalCode (ECONNREFUSED) decides.
  for (const code of facts.codes) {
    if (DNS_CODES.has(code)) return messages.dns();
    if (REFUSED_CODES.has(code)) return messages.refused();
    if (UNREACHABLE_CODES.has(code)) return messages.unreachable();
    if (TIMEOUT_CODES.has(code)) return messages.timeout();
    if (RESET_CODES.has(code)) return messages.reset();
  }
  return undefined;
}

/** The order matters: a certificate error also closes the socket, a throttle also fails a login. */
const CLASSIFIERS: readonly ((facts: ErrorFacts, context: ErrorContext) => AppError | undefined)[] =
  [certificateError, starttlsError, handshakeError, throttleError, authError, networkError];

/** Library codes for a server that broke the protocol (imapflow parser, nodemailer EPROTOCOL). */
const PROTOCOL_CODES = new Set([
  'EPROTOCOL',
  'InvalidResponse',
  'UnexpectedTag',
  'ResponseProcessingFailed',
  'STARTTLS_INJECTION',
  'LineTooLarge',
  'LiteralTooLarge',
  'ResponseTooLarge',
  'MAX_IMAP_NESTING_REACHED',
]);

/**
 * Maps anything thrown while connecting, securing or logging in to an AppError. An AppError (or
 * AppFailure) passes through; anything the server said is kept in `serverResponse`.
 */
export function classifyError(thrown: unknown, context: ErrorContext): AppError {
  if (thrown instanceof AppFailure) return thrown.error;
  if (isAppError(thrown)) return thrown;
  const facts = errorFacts(thrown);
  for (const classify of CLASSIFIERS) {
    const error = classify(facts, context);
    if (error !== undefined) return error;
  }
  const fromServer =
    facts.serverResponse !== undefined ||
    facts.imapResponseCode !== undefined ||
    facts.smtpReplyCode !== undefined ||
    facts.codes.some((code) => PROTOCOL_CODES.has(code) || code.startsWith('ParserError'));
  if (fromServer) {
    const server = context.protocol === 'imap' ? 'IMAP' : 'SMTP';
    return appError(
      'PROTOCOL',
      `The ${server} server at ${context.host} answered unexpectedly: ${facts.message}`,
      {
        hint: "Check the server settings; the server's answer is shown for your administrator.",
        ...serverWords(facts),
      },
    );
  }
  return appError(
    'INTERNAL',
    `Unexpected error talking to ${context.host}:${context.port}: ${facts.message}`,
  );
}
