/** A small coloured dot for an account's connection, with the state in words for screen readers. */
import { useAccountSync } from '../sync/useAccountSync';
import { summarizeConnection } from './connection-summary';

export function ConnectionDot({ accountId, enabled }: { accountId: string; enabled: boolean }) {
  const sync = useAccountSync(accountId);
  const summary = summarizeConnection(sync, enabled);
  return (
    <span className={`connection-dot tone-${summary.tone}`} title={summary.label}>
      <span className="visually-hidden">{summary.label}: </span>
    </span>
  );
}
