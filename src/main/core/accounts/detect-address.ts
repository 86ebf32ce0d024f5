/**
 * The domain part of an email address, in the form DNS lookups need: trimmed, lower-case,
 * without a trailing dot, and internationalised names converted to A-labels (RFC 5891, via
 * WHATWG URL's domainToASCII).
 */
import { domainToASCII } from 'node:url';
import { fail } from '../../../shared/errors';

const INVALID_HINT = 'Enter the whole address, like name@example.com';
// An LDH label (RFC 1123 §2.1); A-labels ("xn--") are LDH too.
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Returns the ASCII domain of `address`, or throws AppFailure('INVALID_INPUT'). */
export function domainOfAddress(address: string): string {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  if (at <= 0 || /\s/.test(local)) {
    fail('INVALID_INPUT', `"${trimmed}" is not an email address`, { hint: INVALID_HINT });
  }
  const raw = trimmed
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  // domainToASCII returns '' for a name it cannot convert (bad IDN, forbidden characters).
  const domain = raw === '' ? '' : domainToASCII(raw);
  const labels = domain.split('.');
  if (
    domain === '' ||
    domain.length > 253 ||
    labels.length < 2 ||
    // A top-level domain is never all digits (RFC 3696 §2): "1.2.3.4" is an IP, not a domain.
    /^[0-9]+$/.test(labels[labels.length - 1] ?? '') ||
    !labels.every((label) => LABEL.test(label))
  ) {
    fail('INVALID_INPUT', `"${trimmed}" does not end in a valid domain name`, {
      hint: INVALID_HINT,
    });
  }
  return domain;
}
