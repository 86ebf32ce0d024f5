import { describe, expect, it } from 'vitest';
import {
  sanitizeMailHtml,
  type SanitizeOptions,
} from '../../src/renderer/features/mail-view/sanitize-mail-html';

const BLOCKED: SanitizeOptions = { allowRemote: false, inlineImages: new Map() };
const ALLOWED: SanitizeOptions = { allowRemote: true, inlineImages: new Map() };

/** The mail document as the frame would parse it, and its body markup. */
function parse(html: string, options: SanitizeOptions = BLOCKED) {
  const result = sanitizeMailHtml(html, options);
  const doc = new DOMParser().parseFromString(result.srcdoc, 'text/html');
  return { result, doc, body: doc.body.innerHTML };
}

function policyOf(doc: Document): string {
  const first = doc.head.firstElementChild;
  expect(first?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
  return first?.getAttribute('content') ?? '';
}

describe('sanitizeMailHtml: hostile snippets', () => {
  it('drops scripts, event handlers and javascript: links', () => {
    const { body } = parse(
      '<p onclick="x()">hi<script>alert(1)</script></p><img src="data:image/png;base64,AA==" onerror="alert(2)">' +
        '<a href="javascript:alert(3)">js</a><a href=" JaVaScRiPt:alert(4)">js2</a><svg onload="alert(5)"></svg>',
    );
    expect(body).not.toMatch(/script|onerror|onclick|onload|javascript:/i);
    expect(body).toContain('data:image/png;base64,AA==');
  });

  it('drops <base>, <meta refresh>, forms, inputs, objects, embeds and iframes', () => {
    const { body, doc } = parse(
      '<html><head><base href="http://evil.example/"><meta http-equiv="refresh" content="0;url=http://evil.example/"></head>' +
        '<body><form action="http://evil.example/"><input name="pw"><button>Go</button></form>' +
        '<object data="http://evil.example/x"></object><embed src="http://evil.example/y"><iframe src="http://evil.example/z"></iframe>' +
        '<p>kept</p></body></html>',
    );
    expect(body).not.toMatch(
      /<base|<meta|<form|<input|<button|<object|<embed|<iframe|evil\.example/i,
    );
    expect(body).toContain('kept');
    // Only our own meta tags remain in the head.
    expect(doc.querySelectorAll('meta[http-equiv]')).toHaveLength(1);
    expect(doc.querySelector('base')).toBeNull();
  });

  it('removes @import and blocks remote url() in styles and attributes', () => {
    const { body, doc, result } = parse(
      '<html><head><style>@import url("http://evil.example/a.css"); @import "http://evil.example/b.css"; ' +
        '.x { background: url(http://evil.example/bg.png) } @font-face { font-family: F; src: url("https://evil.example/f.woff") }</style></head>' +
        '<body><div style="background-image: url(\'//evil.example/c.png\')">x</div>' +
        '<table background="http://evil.example/t.png"><tr><td>t</td></tr></table></body></html>',
    );
    const styles = Array.from(doc.querySelectorAll('style'), (style) => style.textContent).join('');
    expect(styles + body).not.toMatch(/@import|evil\.example/);
    expect(result.blockedRemote).toBeGreaterThanOrEqual(5);
    expect(policyOf(doc)).toMatch(/img-src data:;/);
    expect(result.remoteOrigins).toEqual([]);
  });

  it('blocks remote images by default and lists their origins only when allowed', () => {
    const html = '<img src="https://images.example/logo.png" alt="logo">';
    const blocked = parse(html);
    expect(blocked.body).not.toContain('images.example');
    expect(blocked.result.blockedRemote).toBe(1);
    const allowed = parse(html, ALLOWED);
    expect(allowed.body).toContain('https://images.example/logo.png');
    expect(allowed.result.remoteOrigins).toEqual(['https://images.example']);
    expect(policyOf(allowed.doc)).toContain('img-src data: https://images.example');
    expect(policyOf(allowed.doc)).toMatch(/default-src 'none'/);
  });

  it('keeps tracking pixels and tracker hosts blocked even when remote content is allowed', () => {
    const { body, result } = parse(
      '<img src="https://news.example/open.gif" width="1" height="1">' +
        '<img src="https://news.example/o2.gif" style="width:1px;height:1px">' +
        '<img src="https://news.example/o3.gif" style="display:none">' +
        '<img src="https://abc.list-manage.com/track/open.php?u=1" width="600">' +
        '<img src="https://news.example/banner.png" width="600" height="200">',
      ALLOWED,
    );
    expect(body).not.toMatch(/open\.gif|o2\.gif|o3\.gif|list-manage/);
    expect(body).toContain('banner.png');
    expect(result.blockedTrackers).toBe(4);
  });

  it('allows data: only for images, never for links', () => {
    const { body } = parse(
      '<a href="data:text/html,<script>alert(1)</script>">d</a><img src="data:text/html,hi">' +
        '<a href="file:///etc/passwd">f</a><a href="smb://host/share">s</a>',
    );
    expect(body).not.toMatch(/data:|file:|smb:/);
  });

  it('opens links in a new window without opener or referrer, with the real host in the title', () => {
    const { doc } = parse('<a href="https://shop.example/deal?x=1">See the deal</a>');
    const link = doc.querySelector('a');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link?.getAttribute('title')).toBe('Opens shop.example');
  });

  it('flags a link whose text names another host', () => {
    const { doc, result } = parse(
      '<a href="https://evil.example/login">https://bank.example/login</a>' +
        '<a href="https://www.bank.example/">bank.example</a>',
    );
    const [bad, good] = Array.from(doc.querySelectorAll('a'));
    expect(bad?.getAttribute('title')).toBe('This link goes to evil.example, not bank.example');
    expect(bad?.textContent).toMatch(/^⚠ /);
    expect(good?.getAttribute('title')).toBe('Opens www.bank.example');
    expect(result.flaggedLinks).toBe(1);
  });

  it('resolves cid: images from the message parts and nothing else', () => {
    const inlineImages = new Map([['logo@x', 'data:image/png;base64,AAAA']]);
    const { body, result } = parse('<img src="cid:LOGO@x"><img src="cid:missing@x">', {
      allowRemote: false,
      inlineImages,
    });
    expect(body).toContain('data:image/png;base64,AAAA');
    expect(body).not.toContain('cid:');
    expect(result.contentIds).toEqual(['logo@x', 'missing@x']);
  });

  it('keeps the mail styles from the head', () => {
    const { doc } = parse(
      '<html><head><style>p { color: red }</style></head><body><p>x</p></body></html>',
    );
    expect(
      Array.from(doc.querySelectorAll('style'), (style) => style.textContent).join(''),
    ).toContain('p { color: red }');
  });
});
