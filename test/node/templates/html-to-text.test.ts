import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  htmlToPlainText,
  plainTextToHtml,
} from '../../../src/shared/text/html-to-text';

describe('htmlToPlainText', () => {
  it('turns paragraphs, divs and line breaks into newlines', () => {
    expect(htmlToPlainText('<p>Hello  Anna,</p><p>Thanks for\n the call.<br>Talk soon</p>')).toBe(
      'Hello Anna,\n\nThanks for the call.\nTalk soon',
    );
    expect(htmlToPlainText('<div>One</div><div>Two</div><div><br></div><div>Three</div>')).toBe(
      'One\nTwo\n\nThree',
    );
  });

  it('writes bulleted and numbered lists, nested ones indented', () => {
    const html =
      '<p>Agenda:</p><ul><li>Intro</li><li>Pricing<ol><li>Basic</li><li>Pro</li></ol></li></ul><p>End</p>';
    expect(htmlToPlainText(html)).toBe(
      'Agenda:\n\n- Intro\n- Pricing\n  1. Basic\n  2. Pro\n\nEnd',
    );
    expect(htmlToPlainText('<ol start="3"><li>c<li>d</ol>')).toBe('3. c\n4. d');
  });

  it('writes links as "text (url)" unless the text is the url', () => {
    expect(htmlToPlainText('See <a href="https://example.com/pricing">our prices</a>.')).toBe(
      'See our prices (https://example.com/pricing).',
    );
    expect(htmlToPlainText('<a href="https://example.com/">example.com</a>')).toBe('example.com');
    expect(htmlToPlainText('<a href="mailto:ann@example.com">Ann</a>')).toBe(
      'Ann (ann@example.com)',
    );
    expect(htmlToPlainText('Go<a href="#top"> up</a>')).toBe('Go up');
  });

  it('prefixes quoted lines with "> "', () => {
    expect(
      htmlToPlainText('<p>Sure.</p><blockquote><p>Can we meet?</p><p>Ann</p></blockquote>'),
    ).toBe('Sure.\n\n> Can we meet?\n>\n> Ann');
    expect(htmlToPlainText('<blockquote>a<blockquote>b</blockquote></blockquote>')).toBe(
      '> a\n>\n> > b',
    );
  });

  it('decodes entities and drops scripts, styles and comments', () => {
    expect(
      htmlToPlainText(
        '<style>p{color:red}</style><script>alert(1)</script><!-- x --><p>Tom &amp; Jerry &lt;3 &#8212; &eacute;&nbsp;t&eacute; &#x1F600; &bogus;</p>',
      ),
    ).toBe('Tom & Jerry <3 — é té 😀 &bogus;');
  });

  it('keeps preformatted text and a whole document readable', () => {
    expect(htmlToPlainText('<pre>a  b\n  c</pre>')).toBe('a  b\n  c');
    expect(
      htmlToPlainText(
        '<html><head><title>T</title></head><body><h1>Title</h1><table><tr><td>A</td><td>B</td></tr></table></body></html>',
      ),
    ).toBe('Title\n\nA B');
  });
});

describe('plainTextToHtml and escapeHtml', () => {
  it('escapes, breaks lines and makes paragraphs of blank-line separated text', () => {
    expect(plainTextToHtml('Hi <Ann>,\nthanks & bye\n\n\nBen')).toBe(
      '<p>Hi &lt;Ann&gt;,<br>thanks &amp; bye</p><p>Ben</p>',
    );
    expect(plainTextToHtml('  \n')).toBe('');
  });

  it('escapes quotes for attributes', () => {
    expect(escapeHtml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &#39;b&#39;');
  });

  it('round-trips plain text through HTML', () => {
    const text = 'Line one\nLine two\n\nNext <paragraph> & more';
    expect(htmlToPlainText(plainTextToHtml(text))).toBe(text);
  });
});
