/**
 * Addresses, domains and names as the CRM compares them: one spelling per mailbox, so that
 * "Anna@ACME.io" and "anna+crm@gmail.com" find the contact that has "anna@acme.io" / "anna@gmail.com".
 */

/**
 * Providers known to deliver "local+tag@domain" to "local@domain". Elsewhere "+" may be a real
 * part of the mailbox name, so it is kept.
 */
export const PLUS_ADDRESSING_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'fastmail.com',
  'fastmail.fm',
  'proton.me',
  'protonmail.com',
  'protonmail.ch',
  'pm.me',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'hey.com',
  'tuta.io',
  'tutanota.com',
]);

/** Trimmed, lower case, without angle brackets; "+tag" removed where the provider ignores it. */
export function normalizeAddress(address: string): string {
  const plain = address
    .trim()
    .replace(/^<(.*)>$/u, '$1')
    .trim()
    .toLowerCase();
  const at = plain.lastIndexOf('@');
  if (at <= 0) return plain;
  const local = plain.slice(0, at);
  const domain = plain.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0 && PLUS_ADDRESSING_DOMAINS.has(domain)) return `${local.slice(0, plus)}@${domain}`;
  return plain;
}

/** The domain of an address (or of a bare domain or URL), lower case, without "www." and a final dot. */
export function domainOf(address: string): string {
  const plain = address
    .trim()
    .replace(/^<(.*)>$/u, '$1')
    .trim()
    .toLowerCase();
  const at = plain.lastIndexOf('@');
  // A company's domain may be typed as a URL: "https://www.acme.io/about".
  const domain =
    at >= 0
      ? plain.slice(at + 1)
      : plain.replace(/^[a-z][a-z0-9+.-]*:\/\//u, '').replace(/[/?#:].*$/su, '');
  return domain.replace(/\.$/u, '').replace(/^www\./u, '');
}

/** Free-mail providers: their domain says nothing about a company. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'outlook.de',
  'outlook.fr',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.de',
  'hotmail.fr',
  'hotmail.it',
  'hotmail.es',
  'live.com',
  'live.co.uk',
  'live.de',
  'live.fr',
  'msn.com',
  'passport.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.co.jp',
  'yahoo.de',
  'yahoo.fr',
  'yahoo.es',
  'yahoo.it',
  'ymail.com',
  'rocketmail.com',
  'aol.com',
  'aim.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'gmx.ch',
  'web.de',
  't-online.de',
  'freenet.de',
  'mail.de',
  'posteo.de',
  'posteo.net',
  'mailbox.org',
  'mail.ru',
  'inbox.ru',
  'list.ru',
  'bk.ru',
  'yandex.ru',
  'yandex.com',
  'ya.ru',
  'rambler.ru',
  'proton.me',
  'protonmail.com',
  'protonmail.ch',
  'pm.me',
  'tutanota.com',
  'tutanota.de',
  'tuta.io',
  'zoho.com',
  'zohomail.com',
  'fastmail.com',
  'fastmail.fm',
  'hey.com',
  'mail.com',
  'email.com',
  'usa.com',
  'hushmail.com',
  'qq.com',
  '163.com',
  '126.com',
  'sina.com',
  'naver.com',
  'daum.net',
  'hanmail.net',
  'rediffmail.com',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'laposte.net',
  'sfr.fr',
  'libero.it',
  'virgilio.it',
  'tin.it',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'interia.pl',
  'onet.pl',
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  'btinternet.com',
  'bigpond.com',
  'shaw.ca',
  'rogers.com',
  'telia.com',
  'bluewin.ch',
]);

/** Brands whose free-mail service runs under many country domains (hotmail.*, yahoo.*, ...). */
const FREE_MAIL_BRANDS: ReadonlySet<string> = new Set([
  'hotmail',
  'outlook',
  'live',
  'yahoo',
  'gmx',
  'yandex',
  'proton',
  'protonmail',
]);

/** True for a free-mail domain, including a brand's country domains (yahoo.co.jp, gmx.ch). */
export function isFreeMailDomain(domain: string): boolean {
  const plain = domainOf(domain);
  if (FREE_MAIL_DOMAINS.has(plain)) return true;
  const [brand, ...rest] = plain.split('.');
  if (brand === undefined || !FREE_MAIL_BRANDS.has(brand)) return false;
  // Only brand.<tld> or brand.co.<cc> / brand.com.<cc>: "outlook.acme.io" is a company's host.
  return /^(?:(?:co|com)\.)?[a-z]{2,3}$/u.test(rest.join('.'));
}

/** A name for comparing: lower case, accents and punctuation removed, spaces collapsed. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc]/gu, "'")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The keys a contact's name is known by: "anna berg" and "berg anna" ("Berg, Anna"). */
export function contactNameKeys(contact: { firstName: string; lastName: string }): string[] {
  const first = nameKey(contact.firstName);
  const last = nameKey(contact.lastName);
  if (first.length === 0 || last.length === 0) {
    const single = first.length > 0 ? first : last;
    return single.length > 0 ? [single] : [];
  }
  return [...new Set([`${first} ${last}`, `${last} ${first}`])];
}

/** "Anna Berg" for a contact; its primary address when it has no name. */
export function contactDisplayName(contact: {
  readonly firstName: string;
  readonly lastName: string;
  readonly addresses: readonly string[];
}): string {
  const name = `${contact.firstName} ${contact.lastName}`.trim();
  return name.length > 0 ? name : (contact.addresses[0] ?? '');
}

/** True for something that looks like local@domain.tld. */
export function isMailAddress(address: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/u.test(address.trim());
}
