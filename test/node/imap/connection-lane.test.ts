/**
 * One connection per lane, reused while it lives, replaced when it died, and closed for good on
 * shutdown even in the middle of work.
 */
import { describe, expect, inject, it } from 'vitest';
import type { ImapSession } from '../../../src/main/core/imap/imap-session';
import { createConnectionLane } from '../../../src/main/core/sync/connection-lane';
import { AppFailure } from '../../../src/shared/errors';
import { addRigUser } from '../../servers/rig-users';
import { quietLogger, rigAccount, rigSession } from './helpers';
import { openImapSession } from '../../../src/main/core/imap/imap-session';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';

const rig = inject('rig');

async function failure(promise: Promise<unknown>): Promise<AppFailure> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof AppFailure) return thrown;
    throw thrown;
  }
  throw new Error('expected a failure');
}

describe('connection lane', () => {
  it('reuses a live connection and replaces a dead one', async () => {
    const user = await addRigUser(rig);
    const sessions: ImapSession[] = [];
    const lane = createConnectionLane(
      async () => {
        const session = await rigSession(rig, user);
        sessions.push(session);
        return session;
      },
      quietLogger,
      'test',
    );
    await lane.run((session) => session.client.noop());
    await lane.run((session) => session.client.noop());
    expect(sessions).toHaveLength(1);

    // The server or the network drops the connection between two uses.
    sessions[0]?.client.close();
    await lane.run((session) => session.client.noop());
    expect(sessions).toHaveLength(2);

    // It dies during work: that work fails with a classified error, the next gets a new one.
    const died = await failure(
      lane.run(async (session) => {
        session.client.close();
        await session.client.noop();
      }),
    );
    expect(died.error.code).toBe('CONNECTION_RESET');
    await lane.run((session) => session.client.noop());
    expect(sessions).toHaveLength(3);

    // Shutdown cuts work in progress and refuses what comes after.
    const running = lane.run(async (session) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await session.client.noop();
    });
    await lane.close();
    expect((await failure(running)).error.code).toBe('CONNECTION_RESET');
    const after = await failure(lane.run((session) => session.client.noop()));
    expect(after.error.message).toMatch(/shutting down/);
  });

  it('refuses an account awaiting its password before connecting', async () => {
    const user = await addRigUser(rig);
    const refused = await failure(
      openImapSession(rigAccount(rig, user, { awaitingPassword: true }), {
        dns: createNodeDnsResolver([rig.dnsServer]),
        readCredentials: () => Promise.reject(new Error('must not be asked')),
      }),
    );
    expect(refused.error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(refused.error.hint).toMatch(/Enter the password/);
  });
});
