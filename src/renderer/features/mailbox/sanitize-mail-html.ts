/**
 * Mail HTML is untrusted: it is sanitized with DOMPurify, then shown in an iframe whose sandbox
 * has neither allow-scripts nor allow-same-origin, under a CSP of its own (DESIGN.md, Reading).
 * Remote content (images, CSS, fonts) is removed here and blocked by that CSP as well, so a
 * tracking pixel cannot tell the sender the mail was read. Loading it on request comes later.
 */
import DOMPurify from 'dompurify';

/** What the sanitizer kept, and how much remote content it held back. */
export interface SanitizedMail {
  /** The document for the frame's srcdoc, with its own CSP. */
  readonly srcdoc: string;
  /** Remote images, stylesheets and other references removed. */
  readonly blockedRemote: number;
}

/**
 * The frame's own policy: nothing loads but data: images and the mail's inline styles. The app
 * page's policy also applies to a srcdoc frame (it inherits it), and is stricter still.
 */
export const MAIL_FRAME_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'";

/** Elements that run code, submit, redirect or load documents; never kept. */
const FORBID_TAGS = [
  'script',
  'form',
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
  'input',
  'button',
  'textarea',
  'select',
  'noscript',
  'template',
];

const FORBID_ATTR = ['action', 'formaction', 'ping', 'srcdoc', 'http-equiv'];

/** Link targets a reader may follow (later, through main's URL check). */
const SAFE_LINK = /^(?:https?:|mailto:|#)/i;
/** Attributes that load something; only data: is kept (cid: parts resolve in a later step). */
const LOADING_ATTRIBUTES = ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc'];
const REMOTE = /^\s*(?:https?:)?\/\//i;

const purifier = DOMPurify(window);
let blocked = 0;

purifier.addHook('uponSanitizeElement', (node, data) => {
  // @import pulls a remote stylesheet past everything else; drop it from <style> text.
  if (data.tagName === 'style' && node.textContent !== null) {
    const text = node.textContent;
    const cleaned = text.replace(/@import[^;]*;?/gi, () => {
      blocked += 1;
      return '';
    });
    if (cleaned !== text) node.textContent = cleaned;
  }
});

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (!(node instanceof Element)) return;
  for (const name of LOADING_ATTRIBUTES) {
    const value = node.getAttribute(name);
    if (value === null) continue;
    if (!/^\s*data:/i.test(value)) {
      if (REMOTE.test(value) || name === 'srcset') blocked += 1;
      node.removeAttribute(name);
    }
  }
  const tag = node.tagName.toLowerCase();
  const href = node.getAttribute('href');
  if (href !== null) {
    if ((tag === 'a' || tag === 'area') && SAFE_LINK.test(href.trim())) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else {
      node.removeAttribute('href');
    }
  }
  node.removeAttribute('xlink:href');
  const style = node.getAttribute('style');
  if (style !== null && /url\s*\(/i.test(style)) {
    blocked += 1;
    node.setAttribute('style', style.replace(/url\s*\([^)]*\)/gi, 'none'));
  }
});

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** Sanitizes mail HTML into a srcdoc document for a sandboxed frame. */
export function sanitizeMailHtml(html: string): SanitizedMail {
  blocked = 0;
  const body = purifier.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    WHOLE_DOCUMENT: false,
    RETURN_TRUSTED_TYPE: false,
  });
  const srcdoc =
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(MAIL_FRAME_CSP)}">` +
    `<meta name="referrer" content="no-referrer"></head><body>${body}</body></html>`;
  return { srcdoc, blockedRemote: blocked };
}
