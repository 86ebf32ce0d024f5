/**
 * A certificate no authority vouches for, shown so the user can compare its fingerprint with
 * what their administrator publishes before trusting it. Trusting pins this exact certificate.
 */
import type { CertificateInfo } from '../../../../shared/account';

interface CertificateCardProps {
  readonly certificate: CertificateInfo;
  /** Which servers presented it, e.g. "IMAP and SMTP". */
  readonly servers: string;
  /** Absent when the problem is not one trusting can fix (e.g. an expired certificate). */
  readonly onTrust?: () => void;
  readonly busy: boolean;
}

function formatDate(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function CertificateCard({ certificate, servers, onTrust, busy }: CertificateCardProps) {
  return (
    <section className="certificate" aria-label={`Certificate presented by ${servers}`}>
      <h3>Certificate presented by {servers}</h3>
      <p>
        No certificate authority vouches for this certificate. Trust it only if you expect this
        server to use its own certificate: compare the fingerprint with the one your administrator
        gives you.
      </p>
      <dl className="certificate-details">
        <dt>Subject</dt>
        <dd>{certificate.subject}</dd>
        <dt>Issuer</dt>
        <dd>{certificate.issuer}</dd>
        <dt>Valid</dt>
        <dd>
          {formatDate(certificate.validFrom)} to {formatDate(certificate.validTo)}
        </dd>
        <dt>SHA-256 fingerprint</dt>
        <dd>
          <code className="fingerprint">{certificate.fingerprint256}</code>
        </dd>
      </dl>
      {onTrust && (
        <button
          type="button"
          className="button button-warning"
          disabled={busy}
          aria-label={`Trust this certificate for ${servers}`}
          onClick={onTrust}
        >
          Trust this certificate
        </button>
      )}
    </section>
  );
}
