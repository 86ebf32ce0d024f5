/**
 * Shown across the top of every screen while the back end cannot be reached, so a dropped
 * bridge reads as "not connected" with what to do, instead of a screen full of unrelated errors.
 */
import { useConnection } from './connectionSlice';

export function ConnectionBanner() {
  const status = useConnection((state) => state.status);
  const error = useConnection((state) => state.error);
  const probe = useConnection((state) => state.probe);

  if (status !== 'lost' && status !== 'reconnecting') return null;
  return (
    <div className="connection-banner" role="alert">
      <div>
        <p className="notice-title">
          {status === 'reconnecting'
            ? 'Connection to mailcrm lost: reconnecting…'
            : 'Not connected to mailcrm'}
        </p>
        <p>{error?.message ?? 'The app cannot reach its back end.'}</p>
        {error?.hint && error.hint !== error.message && !error.message.includes(error.hint) && (
          <p className="notice-hint">{error.hint}</p>
        )}
      </div>
      {status === 'lost' && error?.retryable !== false && (
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => void probe()}
        >
          Retry now
        </button>
      )}
    </div>
  );
}
