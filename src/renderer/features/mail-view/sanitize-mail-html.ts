/**
 * Mail HTML is untrusted. It is sanitized with DOMPurify (no script, form, input, meta, base,
 * link, object, embed, frame, event handler), then every reference in what is left is decided
 * here: links keep only http, https and mailto and show their real host; images keep data:,
 * cid: (resolved from the message's own parts) and, only when the user allowed this sender's
 * remote content, remote URLs that are not tracking pixels. The result is a whole document for
 * the sandboxed inner frame, carrying its own policy (mail-csp.ts) that repeats the decision.
 */
import DOMPurify from 'dompurify';
import { mailDocumentPolicy } from './mail-csp';
import { rewriteCss } from './mail-css';
import { mismatchedHost, parseFollowableLink } from './link-safety';
import { isTrackerHost, looksLikePixel } from './tracking';

/** How one message is to be shown. */
export interface SanitizeOptions {
  /** Load remote images, fonts and CSS backgrounds (once, or by the sender's rule). */
  readonly allowRemote: boolean;
  /** The message's inline parts: Content-ID (lower-case, no angle brackets) → data: URL. */
  readonly inlineImages: ReadonlyMap<string, string>;
}

/** What the sanitizer produced and what it held back. */
export interface SanitizedMail {
  /** The document for the inner frame's srcdoc, with its own CSP first in <head>. */
  readonly srcdoc: string;
  /** Remote references held back because remote content is not allowed. */
  readonly blockedRemote: number;
  /** Tracking pixels and tracker hosts removed, allowed or not. */
  readonly blockedTrackers: number;
  /** Links whose text names another host than the one they lead to. */
  readonly flaggedLinks: number;
  /** The origins the document may load from (empty unless remote content is allowed). */
  readonly remoteOrigins: readonly string[];
  /** Content-IDs the HTML refers to with cid: (lower-case). */
  readonly contentIds: readonly string[];
}

/** Elements that run code, submit, redirect, or load documents or stylesheets; never kept. */
const FORBID_TAGS = [
  'script',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'meta',
  'base',
  'link',
  'object',
  'embed',
  'applet',
  'iframe',
  'frame',
  'frameset',
  'portal',
  'noscript',
  'template',
  'audio',
  'video',
  'source',
  'track',
  'math',
];

const FORBID_ATTR = ['action', 'formaction', 'ping', 'srcdoc', 'http-equiv', 'srcset', 'sizes'];

/** Attributes that load an image; decided by {@link decideImage}. */
const IMAGE_ATTRIBUTES = ['src', 'background'];
/** Attributes that load something else and are never needed in mail. */
const DROPPED_LOADERS = [
  'poster',
  'lowsrc',
  'dynsrc',
  'data',
  'code',
  'codebase',
  'archive',
  'manifest',
  'icon',
  'xlink:href',
];

const DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|bmp|svg\+xml)[;,]/i;

const purifier = DOMPurify(window);

interface Tally {
  blockedRemote: number;
  blockedTrackers: number;
  flaggedLinks: number;
  readonly origins: Set<string>;
  readonly contentIds: Set<string>;
}

function remoteUrl(raw: string): URL | null {
  const value = raw.trim();
  const absolute = value.startsWith('//') ? `https:${value}` : value;
  if (!/^https?:/i.test(absolute)) return null;
  try {
    return new URL(absolute);
  } catch {
    // Malformed: loads nothing, so nothing to keep.
    return null;
  }
}

function contentIdOf(raw: string): string | undefined {
  const match = /^\s*cid:(.+)$/i.exec(raw);
  if (match?.[1] === undefined) return undefined;
  let id = match[1].trim();
  try {
    id = decodeURIComponent(id);
  } catch {
    // Not percent-encoded after all: the raw id is the id.
  }
  return id.replace(/^<|>$/g, '').toLowerCase();
}

/** Decides one image-like reference: the value to keep, or null to drop it. */
function decideImage(
  raw: string,
  options: SanitizeOptions,
  tally: Tally,
  pixel: boolean,
): string | null {
  if (DATA_IMAGE.test(raw.trim())) return raw.trim();
  const cid = contentIdOf(raw);
  if (cid !== undefined) {
    tally.contentIds.add(cid);
    return options.inlineImages.get(cid) ?? null;
  }
  const url = remoteUrl(raw);
  if (url === null) return null;
  if (pixel || isTrackerHost(url.hostname)) {
    tally.blockedTrackers += 1;
    return null;
  }
  if (!options.allowRemote) {
    tally.blockedRemote += 1;
    return null;
  }
  tally.origins.add(url.origin);
  return url.href;
}

function rewriteStyle(css: string, options: SanitizeOptions, tally: Tally): string {
  const result = rewriteCss(css, (raw) => {
    if (/^\s*data:(?:image|font|application\/(?:x-)?font)/i.test(raw)) return raw.trim();
    return decideImage(raw, options, tally, false);
  });
  if (!options.allowRemote) tally.blockedRemote += result.imports;
  return result.css;
}

function fixLink(link: Element, tally: Tally): void {
  const href = link.getAttribute('href') ?? '';
  if (href.trim().startsWith('#')) return;
  const url = parseFollowableLink(href);
  if (url === null) {
    link.removeAttribute('href');
    return;
  }
  link.setAttribute('href', url.href);
  link.setAttribute('target', '_blank');
  link.setAttribute('rel', 'noopener noreferrer');
  const mismatch = mismatchedHost(url, link.textContent ?? '');
  if (mismatch !== undefined) {
    tally.flaggedLinks += 1;
    link.setAttribute('title', `This link goes to ${mismatch.real}, not ${mismatch.named}`);
    link.setAttribute('data-mailcrm-warning', '');
    link.prepend(link.ownerDocument.createTextNode('⚠ '));
    return;
  }
  link.setAttribute(
    'title',
    url.protocol === 'mailto:'
      ? `Write to ${decodeURIComponent(url.pathname)}`
      : `Opens ${url.host}`,
  );
}

function fixElement(element: Element, options: SanitizeOptions, tally: Tally): void {
  const tag = element.tagName.toLowerCase();
  for (const name of DROPPED_LOADERS) element.removeAttribute(name);
  if (element.hasAttribute('href') && tag !== 'a' && tag !== 'area')
    element.removeAttribute('href');
  const pixel = tag === 'img' && looksLikePixel(element);
  for (const name of IMAGE_ATTRIBUTES) {
    const value = element.getAttribute(name);
    if (value === null) continue;
    const kept = decideImage(value, options, tally, pixel);
    if (kept === null) element.removeAttribute(name);
    else element.setAttribute(name, kept);
  }
  const style = element.getAttribute('style');
  if (style !== null) element.setAttribute('style', rewriteStyle(style, options, tally));
  if (tag === 'style')
    element.textContent = rewriteStyle(element.textContent ?? '', options, tally);
  if (tag === 'a' || tag === 'area') fixLink(element, tally);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Our own styles: mail is written for a white page, and wide images must not overflow. */
const FRAME_STYLE =
  'html{color-scheme:light;background:#fff;color:#111}' +
  'body{margin:12px;font-family:system-ui,sans-serif;font-size:14px;overflow-wrap:anywhere}' +
  'img{max-width:100%}[data-mailcrm-warning]{outline:2px solid #c62828}';

/** Sanitizes mail HTML into a whole document for the sandboxed inner frame. */
export function sanitizeMailHtml(html: string, options: SanitizeOptions): SanitizedMail {
  const tally: Tally = {
    blockedRemote: 0,
    blockedTrackers: 0,
    flaggedLinks: 0,
    origins: new Set(),
    contentIds: new Set(),
  };
  const sanitized = purifier.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    WHOLE_DOCUMENT: true,
    RETURN_DOM: true,
  });
  if (!(sanitized instanceof Element)) throw new Error('DOMPurify returned no document element');
  const root = sanitized;
  // The sanitized tree lives in an inert document: nothing in it loads while it is fixed here.
  for (const element of Array.from(root.querySelectorAll('*'))) fixElement(element, options, tally);
  const headStyles = Array.from(root.querySelectorAll('head style'), (style) => style.outerHTML);
  const body = root.querySelector('body')?.innerHTML ?? '';
  const remoteOrigins = [...tally.origins].sort();
  const srcdoc =
    '<!doctype html><html><head>' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(mailDocumentPolicy(remoteOrigins))}">` +
    '<meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
    `<style>${FRAME_STYLE}</style>${headStyles.join('')}</head><body>${body}</body></html>`;
  return {
    srcdoc,
    blockedRemote: tally.blockedRemote,
    blockedTrackers: tally.blockedTrackers,
    flaggedLinks: tally.flaggedLinks,
    remoteOrigins,
    contentIds: [...tally.contentIds].sort(),
  };
}
