/**
 * Rich text we store and send (templates, signatures, compose bodies) keeps only simple markup:
 * text formatting, paragraphs, lists, quotes and links. Whatever is pasted or typed, no style,
 * script, image or event handler reaches the database or a recipient.
 */
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'p',
  'div',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'ul',
  'ol',
  'li',
  'a',
  'blockquote',
  'pre',
  'code',
  'hr',
  'h1',
  'h2',
  'h3',
];

/** Links may go to the web or to an address, nowhere else. */
const SAFE_URL = /^(?:https?:|mailto:)/i;

/** Keeps only simple tags and safe links of `html`. */
export function sanitizeRichText(html: string): string {
  const clean = DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href'],
    ALLOWED_URI_REGEXP: SAFE_URL,
    KEEP_CONTENT: true,
  });
  // An editor left with only a line break is empty.
  return clean === '<br>' || clean === '<div><br></div>' ? '' : clean;
}

/** A link target from what the user typed: http(s) or mailto, "example.com" → https. */
export function normalizeLink(input: string): string | undefined {
  const url = input.trim();
  if (url === '') return undefined;
  if (SAFE_URL.test(url)) return url;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(url)) return `mailto:${url}`;
  if (/^[^\s:/]+\.[^\s:/]+(?:[/?#]\S*)?$/.test(url)) return `https://${url}`;
  return undefined;
}
