/**
 * A bare IMAP connection for the jobs imapflow does slowly: reading many small FETCH responses
 * (the header pass, header-reader.ts) and appending many Sent copies (send/raw-sent-append.ts).
 * It connects with the same options as the account's imapflow session (imapClientOptions:
 * implicit TLS, required STARTTLS or plain; the same trust), logs in with SASL PLAIN, LOGIN,
 * XOAUTH2 or OAUTHBEARER, and runs tagged commands, pipelined where the caller allows. It knows
 * nothing of mailboxes: anything unusual fails it, and the caller goes back to imapflow.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { ImapFlowOptions } from 'imapflow';
import { exchange, whenConnected } from '../../connection/plain-dialogue';
import { DEFAULT_TIMEOUT_MS } from '../../connection/tls-trust';
import { quoted } from './imap-arguments';
import { createResponseSplitter, type RawResponse } from './response-splitter';

/** Header fields are small; anything far bigger is not an answer we asked for. */
const LIMITS = { maxLineBytes: 1024 * 1024, maxLiteralBytes: 64 * 1024 * 1024 } as const;

export interface RawImapConnection {
  /** The capabilities after login. */
  readonly capabilities: ReadonlySet<string>;
  /**
   * Runs `command` (CRLF added; parts are written one after the other, so a literal's bytes
   * go out as they are); untagged responses go to `onUntagged` until the tagged one.
   * Resolves with the tagged OK text; rejects on NO, BAD or a connection failure. A throw in
   * `onUntagged` fails the command (the connection is closed: the rest of its answer is lost).
   * Commands may be pipelined (sent before the last is answered) where RFC 3501 section 5.5
   * allows it; untagged data then goes to the oldest, so only one of them may expect any.
   */
  run(
    command: string | readonly (string | Buffer)[],
    onUntagged?: (response: RawResponse) => void,
  ): Promise<string>;
  /** LOGOUT when possible, then close; never throws. */
  close(): Promise<void>;
}

/** Options of imapflow's constructor this connection honours. */
export type RawConnectionOptions = Pick<
  ImapFlowOptions,
  'host' | 'secure' | 'doSTARTTLS' | 'servername' | 'tls' | 'auth' | 'connectionTimeout'
> & { readonly port: number; readonly socketTimeout?: number };

/**
 * A tagged NO or BAD as imapflow reports one (responseStatus, responseText, serverResponseCode,
 * authenticationFailed for a login), so classifyError names it the same way: a full quota, a
 * throttled account or a refused password, with the server's words.
 */
function refusal(verb: string, status: string): Error {
  const [, responseStatus = 'BAD', responseText = ''] = /^(\S+)\s*(.*)$/.exec(status) ?? [];
  const code = /^\[([A-Z0-9-]+)/i.exec(responseText)?.[1]?.toUpperCase();
  const login = verb === 'LOGIN' || verb === 'AUTHENTICATE';
  return Object.assign(new Error(`${verb} failed: ${status}`), {
    command: verb,
    responseStatus: responseStatus.toUpperCase(),
    responseText,
    ...(code !== undefined ? { serverResponseCode: code } : {}),
    ...(login && responseStatus.toUpperCase() === 'NO' ? { authenticationFailed: true } : {}),
  });
}

/** A LOGIN argument; refused where only a literal would do. */
function loginArgument(value: string): string {
  const argument = quoted(value);
  if (argument === undefined) {
    throw new Error('The login contains characters that need an IMAP literal.');
  }
  return argument;
}

function capabilitiesIn(text: string): Set<string> | undefined {
  const match = /\[CAPABILITY ([^\]]*)\]/i.exec(text) ?? /^\* CAPABILITY (.*)$/im.exec(text);
  if (match?.[1] === undefined) return undefined;
  return new Set(match[1].toUpperCase().split(' ').filter(Boolean));
}

async function openSocket(options: RawConnectionOptions): Promise<TLSSocket | Socket> {
  const timeout = options.connectionTimeout ?? DEFAULT_TIMEOUT_MS;
  const tls = { ...options.tls, ...(options.servername ? { servername: options.servername } : {}) };
  const secured = (socket: TLSSocket): Promise<TLSSocket> =>
    new Promise((resolve, reject) => {
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  const withTimeout = <T>(promise: Promise<T>, socket: Socket): Promise<T> => {
    const timer = setTimeout(
      () => socket.destroy(new Error(`No answer from ${options.host} in ${timeout} ms`)),
      timeout,
    );
    return promise.finally(() => clearTimeout(timer));
  };
  if (options.secure === true) {
    const socket = tlsConnect({ ...tls, host: options.host, port: options.port });
    return withTimeout(secured(socket), socket);
  }
  const plain = netConnect({ host: options.host, port: options.port });
  await withTimeout(whenConnected(plain), plain);
  if (options.doSTARTTLS !== true) return plain;
  const greeting = await withTimeout(
    exchange(plain, undefined, (line) => line.startsWith('* ')),
    plain,
  );
  if (!/^\* OK/i.test(greeting.at(-1) ?? '')) throw new Error(`Greeting: ${greeting.join(' ')}`);
  const answer = await withTimeout(
    exchange(plain, 'S0 STARTTLS', (line) => line.startsWith('S0 ')),
    plain,
  );
  if (!/^S0 OK/i.test(answer.at(-1) ?? '')) throw new Error('The server refused STARTTLS.');
  const socket = tlsConnect({ ...tls, socket: plain });
  return withTimeout(secured(socket), plain);
}

/** Connects and logs in; rejects with what went wrong. */
export async function openRawImapConnection(
  options: RawConnectionOptions,
): Promise<RawImapConnection> {
  const socket = await openSocket(options);
  const split = createResponseSplitter(LIMITS);
  /** STARTTLS read the greeting already; otherwise it is the first response. */
  let greeted = options.secure !== true && options.doSTARTTLS === true;
  let loggingOut = false;
  let greetingText = '';
  /** Commands sent and not answered yet, oldest first (pipelined, RFC 3501 section 5.5). */
  const inFlight: {
    readonly tag: string;
    readonly verb: string;
    readonly onUntagged?: (response: RawResponse) => void;
    readonly settle: (error: Error | undefined, text?: string) => void;
  }[] = [];
  let failure: Error | undefined;
  let counter = 0;
  let onGreeting: ((error: Error | undefined) => void) | undefined;

  const fail = (error: Error): void => {
    failure ??= error;
    socket.destroy();
    for (const command of inFlight.splice(0)) command.settle(failure);
    onGreeting?.(failure);
  };
  socket.setTimeout(options.socketTimeout ?? DEFAULT_TIMEOUT_MS * 15, () =>
    fail(new Error(`The server ${options.host} went silent.`)),
  );
  socket.on('error', fail);
  socket.on('close', () => fail(new Error(`The server ${options.host} closed the connection.`)));
  socket.on('data', (chunk: Buffer) => {
    try {
      for (const response of split(chunk)) {
        if (!greeted) {
          greeted = true;
          greetingText = response.text;
          onGreeting?.(undefined);
        } else if (/^R\d+ /.test(response.text)) {
          const tag = response.text.slice(0, response.text.indexOf(' '));
          const index = inFlight.findIndex((command) => command.tag === tag);
          if (index < 0) throw new Error(`An answer to no command: ${response.text}`);
          const [done] = inFlight.splice(index, 1);
          const status = response.text.slice(tag.length + 1);
          done?.settle(/^OK\b/i.test(status) ? undefined : refusal(done.verb, status), status);
        } else if (response.text.startsWith('+')) {
          // A refused SASL exchange (XOAUTH2 sends its error as a challenge): answer empty.
          socket.write('\r\n');
        } else if (/^\* BYE/i.test(response.text) && !loggingOut) {
          fail(new Error(`The server ended the session: ${response.text}`));
        } else {
          inFlight[0]?.onUntagged?.(response);
        }
      }
    } catch (thrown) {
      fail(thrown instanceof Error ? thrown : new Error(String(thrown)));
    }
  });
  socket.resume();

  const run: RawImapConnection['run'] = (command, onUntagged) =>
    new Promise((resolve, reject) => {
      if (failure !== undefined) {
        reject(failure);
        return;
      }
      counter += 1;
      const tag = `R${counter}`;
      const parts = typeof command === 'string' ? [command] : command;
      inFlight.push({
        tag,
        verb: /^(?:UID )?\S+/i.exec(String(parts[0] ?? ''))?.[0]?.toUpperCase() ?? '',
        ...(onUntagged !== undefined ? { onUntagged } : {}),
        settle: (error, text) => (error !== undefined ? reject(error) : resolve(text ?? '')),
      });
      socket.cork();
      socket.write(`${tag} `);
      for (const part of parts) socket.write(part);
      socket.write('\r\n');
      socket.uncork();
    });

  const close = async (): Promise<void> => {
    if (failure === undefined) {
      loggingOut = true;
      await run('LOGOUT').catch(() => undefined);
    }
    socket.destroy();
  };

  try {
    if (!greeted) {
      await new Promise<void>((resolve, reject) => {
        onGreeting = (error) => (error !== undefined ? reject(error) : resolve());
      });
      onGreeting = undefined;
      if (!/^\* OK/i.test(greetingText)) throw new Error(`Greeting: ${greetingText}`);
    }
    // Most servers list their capabilities in the greeting; STARTTLS means asking again.
    let capabilities = capabilitiesIn(greetingText);
    const capture = (response: RawResponse): void => {
      capabilities = capabilitiesIn(response.text) ?? capabilities;
    };
    if (capabilities === undefined) await run('CAPABILITY', capture);
    const before = capabilities ?? new Set<string>();
    const loggedIn = await run(loginCommand(options.auth, before), capture);
    capabilities = capabilitiesIn(loggedIn);
    if (capabilities === undefined) await run('CAPABILITY', capture);
    const after: ReadonlySet<string> = capabilities ?? before;
    return { capabilities: after, run, close };
  } catch (thrown) {
    socket.destroy();
    throw thrown;
  }
}

/** The login command: SASL with an initial response where the server takes one, else LOGIN. */
function loginCommand(auth: RawConnectionOptions['auth'], capabilities: ReadonlySet<string>) {
  const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  const saslIr = capabilities.has('SASL-IR');
  if (auth === undefined) throw new Error('No login given.');
  if (auth.accessToken !== undefined) {
    if (saslIr && capabilities.has('AUTH=XOAUTH2')) {
      return `AUTHENTICATE XOAUTH2 ${base64(`user=${auth.user}\x01auth=Bearer ${auth.accessToken}\x01\x01`)}`;
    }
    if (saslIr && capabilities.has('AUTH=OAUTHBEARER')) {
      return `AUTHENTICATE OAUTHBEARER ${base64(`n,a=${auth.user},\x01auth=Bearer ${auth.accessToken}\x01\x01`)}`;
    }
    throw new Error('The server takes no OAuth login in one step (SASL-IR).');
  }
  if (auth.pass === undefined) throw new Error('No password given.');
  if (capabilities.has('LOGINDISABLED')) throw new Error('The server refuses LOGIN here.');
  if (saslIr && capabilities.has('AUTH=PLAIN')) {
    return `AUTHENTICATE PLAIN ${base64(`\0${auth.user}\0${auth.pass}`)}`;
  }
  return `LOGIN ${loginArgument(auth.user)} ${loginArgument(auth.pass)}`;
}
