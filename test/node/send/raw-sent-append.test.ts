/**
 * Sent copies over a raw IMAP connection, with a scripted connection: what goes on the wire,
 * when the copy is left to imapflow (nothing sent), and that a failed APPEND is never retried
 * here (the copy may be there) but the next copy gets a fresh connection; copies pipelined,
 * on a scripted connection and on the rig's Dovecot.
 */
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import type { RawImapConnection } from '../../../src/main/core/imap/raw/raw-imap-connection';
import { createRawSentAppender } from '../../../src/main/core/send/raw-sent-append';
import { addRigUser } from '../../servers/rig-users';
import { quietLogger, rawMail, rigSession } from '../imap/helpers';

const rig = inject('rig');

const MESSAGE = Buffer.from('Subject: Hi\r\nMessage-ID: <a@example.test>\r\n\r\nHello\r\n');

/** A command as it goes on the wire (a Buffer part as its bytes, one character a byte). */
function wire(command: string | readonly (string | Buffer)[]): string {
  if (typeof command === 'string') return command;
  return command
    .map((part) => (typeof part === 'string' ? part : part.toString('latin1')))
    .join('');
}

/** A connection that records its commands and answers each with `answers` in order (OK after). */
function scripted(capabilities: readonly string[], answers: (Error | undefined)[] = []) {
  const commands: string[] = [];
  let closed = 0;
  const connection: RawImapConnection = {
    capabilities: new Set(capabilities),
    run: (command) => {
      commands.push(wire(command));
      const answer = answers.shift();
      return answer === undefined
        ? Promise.resolve('OK Append completed.')
        : Promise.reject(answer);
    },
    close: () => {
      closed += 1;
      return Promise.resolve();
    },
  };
  return { connection, commands, closed: () => closed };
}

/** An appender whose connections are `connections`, one per opening, in order. */
function appenderOver(connections: RawImapConnection[]) {
  return createRawSentAppender(() => {
    const next = connections.shift();
    return next === undefined ? Promise.reject(new Error('no more')) : Promise.resolve(next);
  }, quietLogger);
}

describe('createRawSentAppender', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('appends a 7-bit copy as one APPEND with a non-synchronising literal, one login for all', async () => {
    const { connection, commands } = scripted(['IMAP4REV1', 'LITERAL+']);
    let opened = 0;
    const appender = createRawSentAppender(() => {
      opened += 1;
      return Promise.resolve(connection);
    }, quietLogger);
    expect(await appender.append('Sent "old"', MESSAGE)).toBe(true);
    expect(await appender.append('Sent "old"', MESSAGE)).toBe(true);
    expect(opened).toBe(1);
    expect(commands).toEqual([
      `APPEND "Sent \\"old\\"" (\\Seen) {${MESSAGE.length}+}\r\n${MESSAGE.toString()}`,
      `APPEND "Sent \\"old\\"" (\\Seen) {${MESSAGE.length}+}\r\n${MESSAGE.toString()}`,
    ]);
    await appender.close();
  });

  it('sends 8-bit bytes as they are; leaves to imapflow a NUL byte or a server without LITERAL+', async () => {
    const plain = scripted(['IMAP4REV1', 'LITERAL+']);
    const appender = createRawSentAppender(() => Promise.resolve(plain.connection), quietLogger);
    const eightBit = Buffer.from('Subject: Grüße\r\n\r\nx\r\n');
    expect(await appender.append('Sent', eightBit)).toBe(true);
    expect(plain.commands).toEqual([
      `APPEND "Sent" (\\Seen) {${eightBit.length}+}\r\n${eightBit.toString('latin1')}`,
    ]);
    expect(await appender.append('Sent', Buffer.from('Subject: a\r\n\r\n\0\r\n'))).toBe(false);
    expect(plain.commands).toHaveLength(1);
    await appender.close();

    const old = scripted(['IMAP4REV1']);
    const withoutLiteralPlus = createRawSentAppender(
      () => Promise.resolve(old.connection),
      quietLogger,
    );
    expect(await withoutLiteralPlus.append('Sent', MESSAGE)).toBe(false);
    expect(old.commands).toEqual([]);
    expect(old.closed()).toBe(1);

    const refused = createRawSentAppender(
      () => Promise.reject(new Error('The server takes no OAuth login in one step (SASL-IR).')),
      quietLogger,
    );
    expect(await refused.append('Sent', MESSAGE)).toBe(false);
  });

  it('rejects a failed APPEND (the copy may be there) and opens a new connection for the next', async () => {
    const first = scripted(['LITERAL+'], [new Error('The server went silent.')]);
    const second = scripted(['LITERAL+']);
    const appender = appenderOver([first.connection, second.connection]);
    // Not a server reply: reported as the connection lost, the copy's fate unknown.
    await expect(appender.append('Sent', MESSAGE)).rejects.toMatchObject({
      message: 'The server went silent.',
      code: 'ECONNRESET',
    });
    expect(first.commands).toHaveLength(1);
    expect(first.closed()).toBe(1);
    expect(await appender.append('Sent', MESSAGE)).toBe(true);
    expect(second.commands).toHaveLength(1);
    await appender.close();
    expect(second.closed()).toBe(1);
  });

  it('logs an idle connection out after 20 s, long before a server would, and opens anew', async () => {
    vi.useFakeTimers();
    const first = scripted(['LITERAL+']);
    const second = scripted(['LITERAL+']);
    const appender = appenderOver([first.connection, second.connection]);
    expect(await appender.append('Sent', MESSAGE)).toBe(true);
    await vi.advanceTimersByTimeAsync(19_000);
    expect(await appender.append('Sent', MESSAGE)).toBe(true);
    // Each copy restarts the wait: 19 s after the second the first connection is still in use.
    await vi.advanceTimersByTimeAsync(19_000);
    expect(first.closed()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(first.closed()).toBe(1);
    expect(await appender.append('Sent', MESSAGE)).toBe(true);
    expect([first.commands.length, second.commands.length]).toEqual([2, 1]);
    await appender.close();
  });

  it('tries to open the connection again a minute after it would not open', async () => {
    vi.useFakeTimers();
    const later = scripted(['LITERAL+']);
    const retried = createRawSentAppender(
      (() => {
        let tries = 0;
        return () => {
          tries += 1;
          return tries === 1
            ? Promise.reject(new Error('ECONNREFUSED'))
            : Promise.resolve(later.connection);
        };
      })(),
      quietLogger,
    );
    expect(await retried.append('Sent', MESSAGE)).toBe(false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await retried.append('Sent', MESSAGE)).toBe(false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await retried.append('Sent', MESSAGE)).toBe(true);
    expect(later.commands).toHaveLength(1);
    await retried.close();
  });

  it("passes the server's refusal on as it is, and keeps the connection", async () => {
    const refusal = Object.assign(new Error('APPEND failed: NO [OVERQUOTA] Quota exceeded'), {
      responseStatus: 'NO',
      serverResponseCode: 'OVERQUOTA',
    });
    const { connection, commands, closed } = scripted(['LITERAL+'], [refusal]);
    const appender = appenderOver([connection]);
    await expect(appender.append('Sent', MESSAGE)).rejects.toBe(refusal);
    expect(closed()).toBe(0);
    expect(await appender.append('Sent', MESSAGE)).toBe(true);
    expect(commands).toHaveLength(2);
    await appender.close();
  });

  it('pipelines copies: each goes out without waiting for the answers before it', async () => {
    const answers: (() => void)[] = [];
    const commands: string[] = [];
    const connection: RawImapConnection = {
      capabilities: new Set(['LITERAL+']),
      run: (command) => {
        commands.push(wire(command));
        return new Promise((resolve) => answers.push(() => resolve('OK')));
      },
      close: () => Promise.resolve(),
    };
    const appender = appenderOver([connection]);
    const copies = [1, 2, 3].map(() => appender.append('Sent', MESSAGE));
    await vi.waitFor(() => expect(commands).toHaveLength(3));
    for (const answer of answers) answer();
    expect(await Promise.all(copies)).toEqual([true, true, true]);
    // close() waits for copies under way before logging out.
    const late = appender.append('Sent', MESSAGE);
    const closing = appender.close();
    await vi.waitFor(() => expect(answers).toHaveLength(4));
    answers[3]?.();
    expect(await late).toBe(true);
    await closing;
  });

  it('pipelined on a real server, every copy lands once', async () => {
    const user = await addRigUser(rig);
    const session = await rigSession(rig, user);
    try {
      const appender = createRawSentAppender(() => session.openRawConnection(), quietLogger);
      const messages = Array.from({ length: 25 }, (_, index) =>
        Buffer.from(
          rawMail({ subject: `Copy ${index}`, messageId: `<copy${index}@example.test>` }),
        ),
      );
      // 8-bit bytes in a header and the body (as RFC 6532 mail has them) arrive byte for byte.
      const eightBit = Buffer.from(
        rawMail({ subject: 'Copy 25', text: 'Grüße, Ünïcödé', messageId: '<copy25@example.test>' }),
      );
      messages.push(eightBit);
      expect(await Promise.all(messages.map((raw) => appender.append('Sent', raw)))).toEqual(
        messages.map(() => true),
      );
      await appender.close();
      const lock = await session.client.getMailboxLock('Sent');
      try {
        const found = await session.client.fetchAll('1:*', { envelope: true, flags: true });
        expect(found.map((message) => message.envelope?.subject).sort()).toEqual(
          messages.map((_, index) => `Copy ${index}`).sort(),
        );
        expect(found.every((message) => message.flags?.has('\\Seen'))).toBe(true);
        const [copy] = await session.client.fetchAll(
          { header: { 'message-id': '<copy25@example.test>' } },
          { source: true },
        );
        expect(copy?.source?.equals(eightBit)).toBe(true);
      } finally {
        lock.release();
      }
    } finally {
      await session.close();
    }
  });
});
