/**
 * First and last name from a display name ("Anna Berg", "Berg, Anna", "'Anna Berg' via Team"),
 * or from an address that spells one (anna.berg@acme.io) when there is no display name.
 */

/** True when a "name" is really an address (many mailers put the address in the name). */
function looksLikeAddress(name: string): boolean {
  return name.includes('@');
}

function capitalize(word: string): string {
  return word.length === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1);
}

/** Split a display name; the first word is the first name, the rest the last name. */
export function splitDisplayName(
  displayName: string,
  address: string,
): { firstName: string; lastName: string } {
  const name = displayName
    .replace(/\s+via\s+.*$/iu, '')
    .replace(/^["'\s]+|["'\s]+$/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  if (name.length > 0 && !looksLikeAddress(name)) {
    const comma = name.indexOf(',');
    if (comma > 0) {
      // "Berg, Anna": directories write the family name first.
      const last = name.slice(0, comma).trim();
      const first = name.slice(comma + 1).trim();
      if (first.length > 0 && !first.includes(',')) return { firstName: first, lastName: last };
    }
    const space = name.indexOf(' ');
    return space < 0
      ? { firstName: name, lastName: '' }
      : { firstName: name.slice(0, space), lastName: name.slice(space + 1) };
  }
  const local = address.slice(0, Math.max(0, address.lastIndexOf('@')));
  const parts = local.split(/[._]/u);
  if (parts.length === 2 && parts.every((part) => /^\p{L}{2,}$/u.test(part))) {
    return { firstName: capitalize(parts[0] ?? ''), lastName: capitalize(parts[1] ?? '') };
  }
  return { firstName: '', lastName: '' };
}

/** A company name from its domain: "acme.io" → "Acme", "shop.acme.co.uk" → "Acme". */
export function companyNameOf(domain: string): string {
  const labels = domain.split('.').filter((label) => label.length > 0);
  labels.pop();
  const secondLevel = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc']);
  const last = labels.at(-1);
  if (labels.length > 1 && last !== undefined && secondLevel.has(last)) labels.pop();
  return capitalize(labels.at(-1) ?? domain);
}
