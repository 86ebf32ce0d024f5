/**
 * Reads header fields (the envelope's, References, List-Id, Auto-Submitted, ...) from a
 * BODY.PEEK[HEADER.FIELDS (...)] response: RFC 5322 section 2.2 fields, unfolded.
 */

/**
 * Longest value kept per field: a header is metadata, not a place to store megabytes, but a
 * To or Cc naming a few hundred people must keep every address.
 */
const MAX_VALUE = 64 * 1024;
/** At most this many References kept (the newest ones, which are the closest ancestors). */
const MAX_REFERENCES = 100;

/** Fields by lower-cased name; a field that appears twice keeps every value in order. */
export type HeaderFields = ReadonlyMap<string, readonly string[]>;

/**
 * Parses a header block. Bytes are read as UTF-8 (RFC 6532 allows it in headers; anything else
 * is 7-bit in practice), folded lines are joined (RFC 5322 section 2.2.3), and lines that are
 * not fields are skipped rather than failing the message.
 */
export function parseHeaderFields(raw: Buffer | undefined): HeaderFields {
  const fields = new Map<string, string[]>();
  if (raw === undefined) return fields;
  const lines = raw.toString('utf8').split(/\r?\n/);
  let current: { name: string; value: string } | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    const list = fields.get(current.name) ?? [];
    list.push(current.value.trim().slice(0, MAX_VALUE));
    fields.set(current.name, list);
    current = undefined;
  };
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (current !== undefined && current.value.length < MAX_VALUE)
        current.value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    current = { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1) };
  }
  flush();
  return fields;
}

/** The first value of a field, or undefined when absent or empty. */
export function firstField(fields: HeaderFields, name: string): string | undefined {
  const value = fields.get(name)?.[0];
  return value !== undefined && value.length > 0 ? value : undefined;
}

/** The msg-id tokens of a field (RFC 5322 section 3.6.4), each as "<id>". */
export function messageIdList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed !== null) return bracketed;
  // Some senders leave the brackets out: take the words that look like id@domain.
  return value
    .split(/[\s,]+/)
    .filter((word) => /^[^@\s]+@[^@\s]+$/.test(word))
    .map((word) => `<${word}>`);
}

/** The References of a message, oldest first, capped to the newest MAX_REFERENCES. */
export function referencesOf(fields: HeaderFields): string[] {
  const all = (fields.get('references') ?? []).flatMap((value) => messageIdList(value));
  return all.slice(-MAX_REFERENCES);
}
