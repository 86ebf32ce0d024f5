/**
 * An smtp-server of our own on 127.0.0.1 that records what a client did: who logged in, and
 * whether a transaction (MAIL FROM, RCPT TO, DATA) was ever started.
 */
import { SMTPServer } from 'smtp-server';

/** What the server saw. */
export interface SmtpRecord {
  readonly logins: string[];
  readonly mailFrom: string[];
  readonly rcptTo: string[];
  data: number;
}

/** A running recording server. */
export interface RecordingSmtp {
  readonly port: number;
  readonly record: SmtpRecord;
  close(): Promise<void>;
}

/**
 * Starts a server that accepts `password` for anyone. With `noStarttls` the server neither
 * advertises nor accepts STARTTLS (`hideSTARTTLS` alone still accepts the command).
 */
export async function startRecordingSmtp(options: {
  key: string | Buffer;
  cert: string;
  password: string;
  noStarttls?: boolean;
}): Promise<RecordingSmtp> {
  const record: SmtpRecord = { logins: [], mailFrom: [], rcptTo: [], data: 0 };
  const server = new SMTPServer({
    key: options.key,
    cert: options.cert,
    hideSTARTTLS: options.noStarttls ?? false,
    disabledCommands: options.noStarttls === true ? ['STARTTLS'] : [],
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    // Without STARTTLS the server must still offer AUTH, to prove the client does not use it.
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      record.logins.push(auth.username ?? '');
      if (auth.password === options.password) callback(null, { user: auth.username });
      else
        callback(
          Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }),
        );
    },
    onMailFrom(address, _session, callback) {
      record.mailFrom.push(address.address);
      callback();
    },
    onRcptTo(address, _session, callback) {
      record.rcptTo.push(address.address);
      callback();
    },
    onData(stream, _session, callback) {
      record.data += 1;
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    record,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
