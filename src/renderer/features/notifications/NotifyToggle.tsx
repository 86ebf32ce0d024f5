/** The per-account switch for new-mail notifications, beside the account in the folder pane. */
import { useNotifySettings } from './notify-settings';

export function NotifyToggle({
  accountId,
  accountName,
}: {
  readonly accountId: string;
  readonly accountName: string;
}) {
  const on = useNotifySettings((state) => state.enabled(accountId));
  const setEnabled = useNotifySettings((state) => state.setEnabled);
  return (
    <button
      type="button"
      className="notify-toggle"
      aria-pressed={on}
      title={on ? 'Notifications on for new mail' : 'Notifications off'}
      aria-label={`Notify me of new mail in ${accountName}`}
      onClick={() => setEnabled(accountId, !on)}
    >
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path
          d="M8 2a4 4 0 0 0-4 4v3l-1.5 2h11L12 9V6a4 4 0 0 0-4-4zM6.5 13a1.5 1.5 0 0 0 3 0"
          fill={on ? 'currentColor' : 'none'}
          stroke="currentColor"
          strokeWidth="1.2"
        />
      </svg>
    </button>
  );
}
