/**
 * The sender patterns of the sync's exclude rules (noreply@*, *@marketing.*), matched the same
 * way: a case-insensitive glob over the whole value. (src/main/core/imap/exclude-rules.ts has the
 * same matcher, but shared code may not import from core.)
 */

/** `*` is any run of characters, `?` one character, everything else literal. */
export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern.trim()]
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[.+^${}()|[\]\\]/gu, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`, 'iu');
}

/** A compiled list of patterns: the first one that matches a value, or undefined. */
export function compileGlobs(patterns: readonly string[]): (value: string) => string | undefined {
  const compiled = patterns.map((pattern) => ({ pattern, regexp: globToRegExp(pattern) }));
  return (value) => compiled.find((entry) => entry.regexp.test(value))?.pattern;
}
