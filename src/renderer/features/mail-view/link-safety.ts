/**
 * Links in mail: which ones may be followed, the real host they lead to, and the classic
 * phishing trick of link text that names one host ("bank.example") while the link goes to
 * another ("evil.example").
 */

/** Link schemes a reader may follow: web pages (opened by the system browser) and mail. */
const FOLLOWABLE = new Set(['http:', 'https:', 'mailto:']);

/** A host name as written in text: labels separated by dots, ending in a letters-only TLD. */
const HOST_IN_TEXT =
  /(?:^|[\s(<["'])(?:https?:\/\/)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})(?=$|[\s/:?#)>\]"',;!])/i;

/** A parsed followable link, or null for anything else (javascript:, data:, file:, smb:...). */
export function parseFollowableLink(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    // Relative or malformed: mail has no base URL, so it leads nowhere.
    return null;
  }
  return FOLLOWABLE.has(url.protocol) ? url : null;
}

/** The host a piece of link text names, lower-case, or undefined when it names none. */
export function hostNamedIn(text: string): string | undefined {
  const match = HOST_IN_TEXT.exec(text.trim());
  return match?.[1]?.toLowerCase();
}

/** "www.bank.example" and "bank.example" are one site for this purpose; so is a subdomain. */
function sameSite(a: string, b: string): boolean {
  const strip = (host: string): string => host.replace(/^www\./, '');
  const x = strip(a);
  const y = strip(b);
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/**
 * The host a link really goes to when its text names another, else undefined. Only web links
 * are checked; a mailto: link's text is usually an address, compared by its domain.
 */
export function mismatchedHost(
  url: URL,
  text: string,
): { real: string; named: string } | undefined {
  const named = hostNamedIn(text);
  if (named === undefined) return undefined;
  const real =
    url.protocol === 'mailto:'
      ? (url.pathname.split('@')[1] ?? '').toLowerCase()
      : url.hostname.toLowerCase();
  if (real === '' || sameSite(real, named)) return undefined;
  return { real, named };
}
