/** One account's sync state, for components. */
import { EMPTY_ACCOUNT, useSync, type AccountSync } from './syncSlice';

/** The sync state of `accountId` (empty until the scheduler reports on it). */
export function useAccountSync(accountId: string): AccountSync {
  return useSync((state) => state.accounts[accountId] ?? EMPTY_ACCOUNT);
}
