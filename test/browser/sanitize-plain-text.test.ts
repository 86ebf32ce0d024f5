import { describe, expect, it } from 'vitest';
import { linkify, splitQuotes } from '../../src/renderer/features/mail-view/plain-text';
import { hostNamedIn } from '../../src/renderer/features/mail-view/link-safety';

describe('plain-text mail', () => {
  it('folds runs of quoted lines into their own blocks', () => {
    const blocks = splitQuotes('Hi\r\n> quoted one\n>> quoted two\nreply\n');
    expect(blocks).toEqual([
      { quoted: false, text: 'Hi' },
      { quoted: true, text: '> quoted one\n>> quoted two' },
      { quoted: false, text: 'reply\n' },
    ]);
  });

  it('links only http, https, mailto and www, without trailing punctuation', () => {
    const segments = linkify(
      'See https://a.example/x?y=1. Or www.b.example, mail mailto:c@c.example; not javascript:alert(1) file:///etc/passwd',
    );
    const links = segments.filter((segment) => segment.kind === 'link');
    expect(links.map((link) => link.href)).toEqual([
      'https://a.example/x?y=1',
      'https://www.b.example/',
      'mailto:c@c.example',
    ]);
    expect(segments.map((segment) => segment.text).join('')).toContain('javascript:alert(1)');
  });

  it('finds the host a link text names, and nothing in ordinary words', () => {
    expect(hostNamedIn('https://bank.example/login')).toBe('bank.example');
    expect(hostNamedIn('Log in at www.Bank.example now')).toBe('www.bank.example');
    expect(hostNamedIn('Click here')).toBeUndefined();
    expect(hostNamedIn('Read more.')).toBeUndefined();
  });
});
