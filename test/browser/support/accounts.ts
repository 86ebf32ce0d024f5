/** Account views as main reports them, for scheduler tests. */
import type { AccountView } from '../../../src/shared/account';
import type { SyncSettings } from '../../../src/shared/sync';

/** An enabled IMAP account syncing INBOX and Sent (its mapped folders). */
export function accountView(id: string, overrides: Partial<AccountView> = {}): AccountView {
  return {
    id,
    name: `Account ${id}`,
    provider: 'custom',
    senderName: 'Me',
    email: `${id}@example.test`,
    login: `${id}@example.test`,
    auth: 'password',
    imap: { host: '127.0.0.1', port: 993, security: 'tls' },
    smtp: {
      host: '127.0.0.1',
      port: 465,
      security: 'tls',
      noAuth: false,
      sameCredentialsAsImap: true,
    },
    folders: { inbox: 'INBOX', sent: 'Sent', trash: 'Trash' },
    copySentToSentFolder: true,
    isDefaultSender: false,
    enabled: true,
    scope: 'personal',
    createdAt: '2024-01-01T00:00:00.000Z',
    awaitingPassword: false,
    status: 'active',
    ...overrides,
  };
}

/** A promise to release by hand. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Sync settings that select `folders`, everything else at its default. */
export function syncSettings(folders: string[]): SyncSettings {
  return {
    folders,
    historyWindow: '30d',
    initialBodyCount: 0,
    unseenOnly: false,
    pollIntervalMinutes: 5,
    excludePatterns: [],
    importConditions: [],
  };
}
