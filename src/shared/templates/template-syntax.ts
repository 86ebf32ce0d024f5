/**
 * How variables are written: `{group.name}` or `{group.name|fallback text}`. Only a brace
 * followed by a dotted name (and an optional fallback) up to `}` is a variable, so prose such as
 * "{ }" stays text; `\{` and `\}` are literal braces.
 */

/** A piece of a template: literal text, or one variable. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'variable';
      readonly name: string;
      /** The text after `|`, untrimmed; undefined when there is no `|`. */
      readonly fallback?: string;
      /** As written, braces included. */
      readonly source: string;
    };

const PART = /\\([{}])|\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*(?:\|([^{}]*))?\}/g;

/** Splits `text` into literal text (escapes resolved) and variables. */
export function parseTemplate(text: string): readonly TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let position = 0;
  for (const match of text.matchAll(PART)) {
    literal += text.slice(position, match.index);
    position = match.index + match[0].length;
    const escaped = match[1];
    const name = match[2];
    if (escaped !== undefined) {
      literal += escaped;
      continue;
    }
    if (name === undefined) continue;
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
    parts.push({ kind: 'variable', name, fallback: match[3], source: match[0] });
  }
  literal += text.slice(position);
  if (literal !== '') parts.push({ kind: 'text', text: literal });
  return parts;
}

/** The names of the variables `text` uses, each once, in order of appearance. */
export function templateVariables(text: string): readonly string[] {
  const names = parseTemplate(text).flatMap((part) =>
    part.kind === 'variable' ? [part.name] : [],
  );
  return [...new Set(names)];
}
