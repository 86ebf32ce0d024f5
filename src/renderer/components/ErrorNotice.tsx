/**
 * Shows an AppError the way every error in the app is shown: what happened, then what to do
 * next. The hint is never dropped: it is the part the user acts on.
 */
import type { ReactNode } from 'react';
import type { AppError } from '../../shared/errors';

interface ErrorNoticeProps {
  readonly error: AppError;
  /** A heading such as "Could not delete Work"; the error message follows it. */
  readonly title?: string;
  /** Advice to show when the error has no hint of its own. */
  readonly fallbackHint?: string;
  readonly tone?: 'error' | 'warning';
  readonly children?: ReactNode;
}

export function ErrorNotice({
  error,
  title,
  fallbackHint,
  tone = 'error',
  children,
}: ErrorNoticeProps) {
  const hint =
    error.hint ?? fallbackHint ?? (error.retryable ? 'Try again in a moment.' : undefined);
  return (
    <div className={`notice notice-${tone}`} role="alert">
      {title && <p className="notice-title">{title}</p>}
      <p>{error.message}</p>
      {hint && <p className="notice-hint">{hint}</p>}
      {error.serverResponse && (
        <p className="notice-detail">
          Server said: <code>{error.serverResponse}</code>
        </p>
      )}
      {children}
    </div>
  );
}
