/**
 * The outcome of Test Connection, one line per side, and the certificates the user may trust.
 * When IMAP and SMTP present the same certificate (one server, one certificate: the usual case)
 * a single card trusts it for both.
 */
import type {
  CertificateInfo,
  CheckResult,
  ConnectionTestResult,
} from '../../../../shared/account';
import { useAccountEditor, type Side } from './accountEditorSlice';
import { CertificateCard } from './CertificateCard';

const SIDE_NAMES: Readonly<Record<Side, string>> = {
  imap: 'IMAP (incoming)',
  smtp: 'SMTP (outgoing)',
};

function ResultLine({ side, check, okText }: { side: Side; check: CheckResult; okText: string }) {
  return (
    <li className={`result ${check.ok ? 'result-ok' : 'result-failed'}`}>
      <span className="result-icon" aria-hidden="true">
        {check.ok ? '✓' : '✕'}
      </span>
      <div>
        <p className="result-title">
          {SIDE_NAMES[side]}: {check.ok ? 'OK' : 'Failed'}
        </p>
        {check.ok ? (
          <p className="result-detail">{okText}</p>
        ) : (
          <>
            <p className="result-detail">{check.error?.message ?? 'The check failed.'}</p>
            {check.error?.hint && <p className="result-hint">{check.error.hint}</p>}
          </>
        )}
      </div>
    </li>
  );
}

interface CertificateOffer {
  readonly sides: readonly Side[];
  readonly certificate: CertificateInfo;
  readonly trustable: boolean;
}

/** Groups the sides' certificates by fingerprint, so one certificate is offered once. */
function certificateOffers(result: ConnectionTestResult): CertificateOffer[] {
  const offers: CertificateOffer[] = [];
  const sides: readonly [Side, CheckResult][] = [
    ['imap', result.imap],
    ['smtp', result.smtp],
  ];
  for (const [side, check] of sides) {
    if (check.ok || !check.certificate) continue;
    const trustable = check.error?.code === 'TLS_CERT_UNTRUSTED';
    const same = offers.find(
      (offer) =>
        offer.certificate.fingerprint256 === check.certificate?.fingerprint256 &&
        offer.trustable === trustable,
    );
    if (same) offers[offers.indexOf(same)] = { ...same, sides: [...same.sides, side] };
    else offers.push({ sides: [side], certificate: check.certificate, trustable });
  }
  return offers;
}

export function TestResults({ result }: { readonly result: ConnectionTestResult }) {
  const pending = useAccountEditor((state) => state.pending);
  const trustCertificate = useAccountEditor((state) => state.trustCertificate);
  const folderCount = result.imap.folders.length;

  return (
    <section className="test-results" aria-label="Test results">
      <ul className="results">
        <ResultLine
          side="imap"
          check={result.imap}
          okText={`Signed in and found ${folderCount} ${folderCount === 1 ? 'folder' : 'folders'}.`}
        />
        <ResultLine
          side="smtp"
          check={result.smtp}
          okText="Connected and ready to send. No email was sent."
        />
      </ul>
      {certificateOffers(result).map((offer) => {
        const servers = offer.sides.map((side) => side.toUpperCase()).join(' and ');
        return (
          <CertificateCard
            key={`${offer.certificate.fingerprint256}-${offer.sides.join()}`}
            certificate={offer.certificate}
            servers={servers}
            busy={pending !== undefined}
            onTrust={
              offer.trustable
                ? () => void trustCertificate(offer.sides, offer.certificate)
                : undefined
            }
          />
        );
      })}
    </section>
  );
}
