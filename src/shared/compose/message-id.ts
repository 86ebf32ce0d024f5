/**
 * Message-IDs for new mail (RFC 5322 3.6.4): `<random@domain>`, the domain taken from the
 * sender's address so the ID is unique to a host the sender controls.
 */

/** A Message-ID for mail from `fromAddress`; `random` supplies the unique left part. */
export function newMessageId(fromAddress: string, random: () => string): string {
  const at = fromAddress.lastIndexOf('@');
  const rawDomain = at >= 0 ? fromAddress.slice(at + 1) : '';
  // Only characters a dot-atom allows, so the header never needs quoting.
  const domain = rawDomain.replace(/[^A-Za-z0-9.-]/g, '') || 'mailcrm.invalid';
  const left = random().replace(/[^A-Za-z0-9._-]/g, '') || 'm';
  return `<${left}@${domain}>`;
}
