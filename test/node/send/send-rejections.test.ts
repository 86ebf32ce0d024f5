/**
 * Refusals from the real rig, each named with the server's words: an unknown recipient (and
 * then nobody gets the message), a message over the SIZE limit, a wrong password.
 */
import { afterEach, describe, expect, it, inject } from 'vitest';
import { toAppError } from '../../../src/shared/errors';
import { addRigUser } from '../../servers/rig-users';
import { SMTP_SIZE_LIMIT } from '../../servers/smtp';
import { countIn, outgoing, sendSetup, withClient, type SendSetup } from './helpers';

const rig = inject('rig');
const open: SendSetup[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((setup) => setup.service.close()));
});

async function failureOf(promise: Promise<unknown>): Promise<ReturnType<typeof toAppError>> {
  try {
    await promise;
  } catch (thrown) {
    return toAppError(thrown);
  }
  throw new Error('Expected a failure');
}

describe('SMTP refusals', () => {
  it('an unknown recipient fails the whole message: the known one gets nothing', async () => {
    const setup = await sendSetup(rig);
    open.push(setup);
    const known = await addRigUser(rig);
    const message = outgoing(setup, {
      to: [{ name: '', address: known.email }],
      cc: [{ name: '', address: 'nobody-here@example.test' }],
      subject: 'Partly addressed',
    });
    const error = await failureOf(setup.service.send(message));
    expect(error).toMatchObject({ code: 'RECIPIENT_REJECTED', retryable: false });
    expect(error.message).toContain('nobody-here@example.test');
    expect(error.serverResponse).toMatch(/550 5\.1\.1/);
    expect(error.hint).toMatch(/Check the address/);
    await withClient(rig, known, async (client) => {
      expect(await countIn(client, 'INBOX')).toBe(0);
    });
    // The failed connection is not reused; the next message goes out normally.
    await setup.service.send(outgoing(setup, { to: [{ name: '', address: known.email }] }));
    await withClient(rig, known, async (client) => {
      expect(await countIn(client, 'INBOX')).toBe(1);
    });
  });

  it('a message over the SIZE limit is MESSAGE_TOO_LARGE', async () => {
    const setup = await sendSetup(rig);
    open.push(setup);
    const to = await addRigUser(rig);
    // Base64 makes 20 MB of zeros about 27 MB on the wire: over the rig's 25 MB.
    const size = Math.ceil((SMTP_SIZE_LIMIT * 0.8) / (1024 * 1024)) * 1024 * 1024;
    const { token } = await setup.staging.begin('big.bin', 'application/octet-stream', size);
    const chunk = Buffer.alloc(1024 * 1024).toString('base64');
    for (let offset = 0; offset < size; offset += 1024 * 1024) {
      await setup.staging.append(token, offset, chunk);
    }
    await setup.staging.finish(token);
    const message = outgoing(setup, {
      to: [{ name: '', address: to.email }],
      attachments: [
        {
          kind: 'staged',
          token,
          filename: 'big.bin',
          contentType: 'application/octet-stream',
          size,
        },
      ],
    });
    const error = await failureOf(setup.service.send(message));
    expect(error.code).toBe('MESSAGE_TOO_LARGE');
    expect(error.hint).toMatch(/attachments/);
    expect(error.serverResponse).toBeDefined();
  });

  it('a wrong password is AUTH_FAILED with the server response', async () => {
    const setup = await sendSetup(rig, {}, 'not-the-password');
    open.push(setup);
    const to = await addRigUser(rig);
    const error = await failureOf(
      setup.service.send(outgoing(setup, { to: [{ name: '', address: to.email }] })),
    );
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.serverResponse).toMatch(/535/);
  });

  it('refuses a From address that is not the account', async () => {
    const setup = await sendSetup(rig);
    open.push(setup);
    const message = outgoing(setup, {
      from: { name: '', address: 'someone-else@example.test' },
      to: [{ name: '', address: setup.user.email }],
    });
    const error = await failureOf(setup.service.send(message));
    expect(error.code).toBe('INVALID_INPUT');
  });
});
