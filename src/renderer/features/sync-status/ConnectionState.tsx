/** An account's connection as a block: state, what it means, the error and what to do. */
import type { ConnectionSummary } from './connection-summary';

export function ConnectionState({ summary }: { readonly summary: ConnectionSummary }) {
  const { error, hint } = summary;
  return (
    <div className={`connection-state tone-${summary.tone}`}>
      <p className="connection-label">
        <span className={`connection-dot tone-${summary.tone}`} aria-hidden="true" />
        {summary.label}
      </p>
      <p className="connection-detail">{summary.detail}</p>
      {error && <p className="connection-error">{error.message}</p>}
      {hint && hint !== error?.message && <p className="notice-hint">{hint}</p>}
    </div>
  );
}
