/**
 * Below the editor: the signature (chosen per message, the account's default to start with) and
 * the quoted original or forwarded block, in the order the account's preferences say.
 */
import { useId } from 'react';
import type { QuoteBlock } from '../../../shared/compose/quote';
import type { DraftKind } from '../../db/compose-records';
import type { SignatureRow } from '../../db/template-records';
import { sanitizeRichText } from '../templates/sanitize-rich-text';

interface SignatureAndQuoteProps {
  readonly signatures: readonly SignatureRow[];
  readonly signatureId: string;
  /** The chosen signature, filled in and sanitized. */
  readonly signatureHtml: string;
  readonly onSignature: (id: string) => void;
  readonly quote?: QuoteBlock;
  readonly kind: DraftKind;
  readonly onRemoveQuote: () => void;
  /** The signature goes below the quote. */
  readonly below: boolean;
}

export function SignatureAndQuote(props: SignatureAndQuoteProps) {
  const pickerId = useId();
  const signature = (
    <div className="compose-signature" key="signature">
      <div className="compose-signature-picker">
        <label htmlFor={pickerId}>Signature</label>
        <select
          id={pickerId}
          value={props.signatureId}
          onChange={(event) => props.onSignature(event.target.value)}
        >
          <option value="">None</option>
          {props.signatures.map((row) => (
            <option key={row.id} value={row.id}>
              {row.name}
            </option>
          ))}
        </select>
      </div>
      {props.signatureHtml !== '' && (
        <div
          className="compose-signature-preview"
          data-testid="compose-signature"
          // Sanitized rich text (signatureHtml in compose-form.ts).
          dangerouslySetInnerHTML={{ __html: props.signatureHtml }}
        />
      )}
    </div>
  );
  const quote = props.quote && (
    <div className="compose-quote" key="quote">
      <div className="compose-quote-head">
        <span className="muted">
          {props.kind === 'forward' ? 'Forwarded message' : 'Quoted text'}
        </span>
        <button type="button" className="link-button" onClick={props.onRemoveQuote}>
          Remove
        </button>
      </div>
      <div
        className="compose-quote-body"
        data-testid="compose-quote"
        // Sanitized again for display: it drops the quote's inline style, which the app's CSP
        // refuses (the message sent keeps it for the recipient's mail client).
        dangerouslySetInnerHTML={{ __html: sanitizeRichText(props.quote.html) }}
      />
    </div>
  );
  return (
    <div className="compose-extras">{props.below ? [quote, signature] : [signature, quote]}</div>
  );
}
