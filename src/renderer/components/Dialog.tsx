/**
 * A modal dialog on the native <dialog> element: the browser gives it the dialog role, a focus
 * trap, Escape to cancel and an inert background, which a hand-made overlay would have to imitate.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  readonly title: string;
  /** Called on Escape and on the close button; the parent unmounts the dialog. */
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** Buttons shown at the bottom, right-aligned. */
  readonly footer?: ReactNode;
  readonly size?: 'small' | 'large';
  /** Optional line under the title (e.g. the step indicator). */
  readonly subtitle?: ReactNode;
}

export function Dialog({
  title,
  onClose,
  children,
  footer,
  size = 'small',
  subtitle,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Let React own the lifecycle: the parent unmounts us instead of the browser closing.
        event.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      {subtitle}
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-footer">{footer}</footer>}
    </dialog>
  );
}
