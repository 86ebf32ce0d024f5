/**
 * Plain-text mail for display: runs of quoted lines (starting with ">") become blocks that can
 * be folded, and web and mail addresses become link segments. Nothing here is HTML: the view
 * renders text nodes, so no markup in the mail can take effect.
 */
import { parseFollowableLink } from './link-safety';

/** A piece of a line: text, or a link with its checked URL. */
export type TextSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly href: string; readonly host: string };

/** A run of lines, quoted or not. */
export interface TextBlock {
  readonly quoted: boolean;
  readonly text: string;
}

const QUOTED = /^[ \t]*>/;
const LINK = /\b(?:https?:\/\/|mailto:|www\.)[^\s<>"'`]+/gi;
/** Punctuation that ends a sentence rather than the URL. */
const TRAILING = /[.,;:!?)\]}]+$/;

/** Splits text into runs of quoted and unquoted lines. */
export function splitQuotes(text: string): readonly TextBlock[] {
  const blocks: TextBlock[] = [];
  let current: { quoted: boolean; lines: string[] } | undefined;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const quoted = QUOTED.test(line);
    if (current === undefined || current.quoted !== quoted) {
      if (current !== undefined)
        blocks.push({ quoted: current.quoted, text: current.lines.join('\n') });
      current = { quoted, lines: [] };
    }
    current.lines.push(line);
  }
  if (current !== undefined)
    blocks.push({ quoted: current.quoted, text: current.lines.join('\n') });
  return blocks;
}

/** Splits text into plain and link segments; only http, https and mailto become links. */
export function linkify(text: string): readonly TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    const raw = match[0].replace(TRAILING, '');
    const url = parseFollowableLink(/^www\./i.test(raw) ? `https://${raw}` : raw);
    if (url === null || raw === '') continue;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    const host = url.protocol === 'mailto:' ? url.pathname : url.host;
    segments.push({ kind: 'link', text: raw, href: url.href, host });
    last = start + raw.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
