/**
 * The account a sync call is about: its stored settings with sync defaults applied, refused
 * with a clear error when it cannot connect (unknown, damaged, disabled, awaiting password).
 */
import { accountDraftSchema, type AccountDraft, type AccountView } from '../../../shared/account';
import { fail } from '../../../shared/errors';
import { syncSettingsSchema, type SyncSettings } from '../../../shared/sync';
import type { AccountService } from '../accounts/account-service';
import { connectionFingerprint } from '../accounts/account-rules';
import { assertCanConnect } from '../imap/imap-session';

/** An account ready to sync. */
export interface SyncAccount {
  readonly view: AccountView;
  readonly settings: SyncSettings;
  /** Changes when anything a connection depends on changes (host, port, login, ...). */
  readonly fingerprint: string;
}

/** The account's settings as a draft, e.g. to store a new folder selection through update. */
export function draftOf(view: AccountView): AccountDraft {
  // The schema keeps the draft's fields and drops the view's (id, status, lastError...).
  return accountDraftSchema.parse(view);
}

/** Loads an account for syncing; throws NOT_FOUND, INVALID_INPUT or AUTH_FAILED with a reason. */
export async function loadSyncAccount(
  accounts: AccountService,
  accountId: string,
): Promise<SyncAccount> {
  const view = (await accounts.list()).find((account) => account.id === accountId);
  if (view === undefined)
    fail('NOT_FOUND', 'This account no longer exists. Reload the account list.');
  if (view.imap.host === '') {
    fail(
      'INVALID_INPUT',
      view.lastError?.message ?? 'The saved settings of this account are damaged.',
      {
        hint: 'Remove the account and add it again.',
      },
    );
  }
  assertCanConnect(view);
  return {
    view,
    settings: syncSettingsSchema.parse(view.sync ?? {}),
    fingerprint: connectionFingerprint(view),
  };
}
