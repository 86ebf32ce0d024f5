/** Pure account rules: status and the one default sender. */
import { describe, expect, it } from 'vitest';
import {
  accountStatus,
  isAwaitingPassword,
  normalizeDefaultSender,
  type StoredAccount,
} from '../../../src/main/core/accounts/account-rules';
import { appError } from '../../../src/shared/errors';

function account(id: string, enabled: boolean, isDefaultSender = false): StoredAccount {
  return {
    id,
    enabled,
    isDefaultSender,
    createdAt: '2024-01-01T00:00:00.000Z',
    awaitingPassword: false,
    keychain: { imap: true, smtp: false },
    name: id,
    provider: 'custom',
    senderName: '',
    email: `${id}@example.test`,
    login: id,
    auth: 'password',
    imap: { host: 'mail.example.test', port: 993, security: 'tls' },
    smtp: {
      host: 'mail.example.test',
      port: 465,
      security: 'tls',
      noAuth: false,
      sameCredentialsAsImap: true,
    },
    folders: {},
    copySentToSentFolder: true,
    scope: 'personal',
  };
}

const defaults = (accounts: readonly StoredAccount[]) =>
  accounts.filter((a) => a.isDefaultSender).map((a) => a.id);

describe('accountStatus', () => {
  it('orders disabled, awaiting password, error, active', () => {
    const error = appError('AUTH_FAILED', 'no');
    expect(accountStatus({ enabled: false, awaitingPassword: true, lastError: error })).toBe(
      'disabled',
    );
    expect(accountStatus({ enabled: true, awaitingPassword: true, lastError: error })).toBe(
      'awaiting-password',
    );
    expect(accountStatus({ enabled: true, awaitingPassword: false, lastError: error })).toBe(
      'error',
    );
    expect(accountStatus({ enabled: true, awaitingPassword: false })).toBe('active');
  });
});

describe('isAwaitingPassword', () => {
  it('waits for a missing password, but never for an OAuth account, which signs in instead', () => {
    const none = { imap: false, smtp: false };
    expect(isAwaitingPassword(account('a', true), none)).toBe(true);
    expect(isAwaitingPassword(account('a', true), { imap: true, smtp: false })).toBe(false);
    expect(isAwaitingPassword({ ...account('a', true), auth: 'oauth' }, none)).toBe(false);
  });
});

describe('normalizeDefaultSender', () => {
  it('makes the first enabled account the default when there is none', () => {
    expect(
      defaults(
        normalizeDefaultSender([account('a', false), account('b', true), account('c', true)]),
      ),
    ).toEqual(['b']);
  });
  it('keeps one default of several flagged, and honours a choice', () => {
    const list = [account('a', true, true), account('b', true, true), account('c', true)];
    expect(defaults(normalizeDefaultSender(list))).toEqual(['a']);
    expect(defaults(normalizeDefaultSender(list, { chosenId: 'c' }))).toEqual(['c']);
  });
  it('moves the default off a disabled account, and avoids an account the user unticked', () => {
    expect(
      defaults(normalizeDefaultSender([account('a', false, true), account('b', true)])),
    ).toEqual(['b']);
    expect(
      defaults(normalizeDefaultSender([account('a', true), account('b', true)], { avoidId: 'a' })),
    ).toEqual(['b']);
    expect(defaults(normalizeDefaultSender([account('a', false, true)]))).toEqual([]);
  });
});
