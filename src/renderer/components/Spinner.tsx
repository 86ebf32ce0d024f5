/** A progress indicator with text, announced politely to screen readers. */
export function Spinner({ label }: { readonly label: string }) {
  return (
    <p className="spinner" role="status">
      <span className="spinner-wheel" aria-hidden="true" />
      {label}
    </p>
  );
}
