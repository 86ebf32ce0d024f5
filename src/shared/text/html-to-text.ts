/**
 * The plain-text alternative of rich mail (multipart/alternative), and the way back for plain
 * text. A small tokenizer instead of a DOM, so the same code runs in Node and in the renderer;
 * the HTML it sees is our own editor's output or sanitized mail, not arbitrary web pages.
 */
import { decodeEntities, escapeHtml } from './entities';

export { escapeHtml } from './entities';

/** Elements whose content is never text: dropped with everything inside them. */
const DROPPED = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'xml']);
/** Blocks with a blank line around them, as their default margins show. */
const PARAGRAPHS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'pre', 'dl']);
/** Blocks that start and end a line. */
const LINES = new Set([
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'address',
  'figure',
  'figcaption',
  'tr',
  'dt',
  'dd',
  'center',
  'tbody',
  'thead',
  'tfoot',
]);

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?\]\]>|<[!?][^>]*>|<(\/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

function attribute(source: string, wanted: string): string | undefined {
  for (const match of source.matchAll(ATTRIBUTE)) {
    if (match[1]?.toLowerCase() === wanted) {
      return decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
    }
  }
  return undefined;
}

/** Text being written: collapses whitespace and keeps track of line and paragraph breaks. */
class TextBuffer {
  private out = '';
  /** An inline child (a link) starts mid-line: a leading space there is meaningful. */
  constructor(private readonly midLine = false) {}

  get value(): string {
    return this.out;
  }

  text(raw: string, preformatted: boolean): void {
    if (preformatted) {
      this.out += raw.replace(/\r\n?/g, '\n');
      return;
    }
    let text = raw.replace(/[ \t\n\r\f]+/g, ' ');
    if (text.startsWith(' ') && this.atSpace()) text = text.slice(1);
    this.out += text;
  }

  /** Inline text that is already laid out (a link's words). */
  inline(text: string): void {
    this.out += this.atSpace() ? text.replace(/^ /, '') : text;
  }

  lineBreak(): void {
    this.trimLineEnd();
    this.out += '\n';
  }

  /** Ends the current line unless it is empty. */
  blockBreak(): void {
    this.trimLineEnd();
    if (this.out !== '' && !this.out.endsWith('\n')) this.out += '\n';
  }

  /** Leaves one blank line, except at the very start. */
  paragraphBreak(): void {
    this.blockBreak();
    if (this.out !== '' && !this.out.endsWith('\n\n')) this.out += '\n';
  }

  /** A laid-out block (a list item, a quote) on lines of its own. */
  block(text: string): void {
    this.blockBreak();
    this.out += text;
    this.blockBreak();
  }

  private atSpace(): boolean {
    if (this.out === '') return !this.midLine;
    return this.out.endsWith(' ') || this.out.endsWith('\n');
  }

  private trimLineEnd(): void {
    this.out = this.out.replace(/[ \t]+$/, '');
  }
}

type Frame =
  | { readonly kind: 'root'; readonly buffer: TextBuffer }
  | { readonly kind: 'a'; readonly buffer: TextBuffer; readonly href?: string }
  | { readonly kind: 'blockquote'; readonly buffer: TextBuffer }
  | {
      readonly kind: 'ul' | 'ol';
      readonly buffer: TextBuffer;
      readonly nested: boolean;
      next: number;
    }
  | { readonly kind: 'li'; readonly buffer: TextBuffer; readonly marker: string };

/** Strips scheme, trailing slash and case, so "example.com" matches "https://example.com/". */
function comparableUrl(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^(mailto:|https?:\/\/)/, '')
    .replace(/\/$/, '');
}

function linkText(text: string, href: string | undefined): string {
  const lead = text.startsWith(' ') ? ' ' : '';
  const trail = text.endsWith(' ') ? ' ' : '';
  const words = text.trim();
  const url = href?.trim() ?? '';
  // Anchors and scripts lead nowhere a reader of plain text can follow.
  if (url === '' || url.startsWith('#') || /^javascript:/i.test(url)) return text;
  if (words === '') return `${lead}${url}${trail}`;
  if (comparableUrl(words) === comparableUrl(url)) return text;
  const shown = url.toLowerCase().startsWith('mailto:') ? url.slice('mailto:'.length) : url;
  return `${lead}${words} (${shown})${trail}`;
}

function indentAfterFirst(text: string, marker: string): string {
  const pad = ' '.repeat(marker.length);
  const lines = text.replace(/^\n+|\n+$/g, '').split('\n');
  return lines
    .map((line, index) => (index === 0 ? marker + line : line ? pad + line : ''))
    .join('\n');
}

function quoteLines(text: string): string {
  return text
    .replace(/^\n+|\n+$/g, '')
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** Converts one HTML document or fragment to readable plain text. */
class Converter {
  private readonly stack: Frame[] = [{ kind: 'root', buffer: new TextBuffer() }];
  private preformatted = 0;

  private get top(): Frame {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) throw new Error('html-to-text: empty stack');
    return frame;
  }

  private get buffer(): TextBuffer {
    return this.top.buffer;
  }

  run(html: string): string {
    let position = 0;
    TOKEN.lastIndex = 0;
    for (let match = TOKEN.exec(html); match; match = TOKEN.exec(html)) {
      if (match.index > position) this.text(html.slice(position, match.index));
      position = TOKEN.lastIndex;
      const name = match[2]?.toLowerCase();
      if (name === undefined) continue;
      if (match[1] === '/') {
        this.close(name);
      } else if (DROPPED.has(name) && !/\/\s*$/.test(match[3] ?? '')) {
        // Skip to the matching end tag; with none, the rest is its content, as in a browser.
        const end = new RegExp(`</${name}\\s*>`, 'ig');
        end.lastIndex = position;
        const found = end.exec(html);
        position = found ? end.lastIndex : html.length;
        TOKEN.lastIndex = position;
      } else {
        this.open(name, match[3] ?? '');
      }
    }
    if (position < html.length) this.text(html.slice(position));
    while (this.stack.length > 1) this.pop();
    return tidy(this.buffer.value);
  }

  private text(raw: string): void {
    this.buffer.text(decodeEntities(raw), this.preformatted > 0);
  }

  private open(name: string, attributes: string): void {
    if (PARAGRAPHS.has(name)) {
      this.buffer.paragraphBreak();
      if (name === 'pre') this.preformatted += 1;
      return;
    }
    if (LINES.has(name)) {
      this.buffer.blockBreak();
      return;
    }
    switch (name) {
      case 'br':
        this.buffer.lineBreak();
        return;
      case 'hr':
        this.buffer.block('----');
        return;
      case 'td':
      case 'th':
        this.buffer.inline(' ');
        return;
      case 'a':
        this.stack.push({
          kind: 'a',
          buffer: new TextBuffer(true),
          href: attribute(attributes, 'href'),
        });
        return;
      case 'blockquote':
        this.buffer.paragraphBreak();
        this.stack.push({ kind: 'blockquote', buffer: new TextBuffer() });
        return;
      case 'ul':
      case 'ol': {
        const nested = this.stack.some((frame) => frame.kind === 'li');
        if (nested) this.buffer.blockBreak();
        else this.buffer.paragraphBreak();
        const start = Number.parseInt(attribute(attributes, 'start') ?? '1', 10);
        this.stack.push({
          kind: name,
          buffer: new TextBuffer(),
          nested,
          next: Number.isFinite(start) ? start : 1,
        });
        return;
      }
      case 'li':
        this.openItem();
        return;
      default:
        return;
    }
  }

  private openItem(): void {
    // An open <li> ends where the next one starts (the end tag is optional in HTML).
    if (this.top.kind === 'li') this.pop();
    const list = this.top;
    let marker = '- ';
    if (list.kind === 'ol') {
      marker = `${list.next}. `;
      list.next += 1;
    }
    this.stack.push({ kind: 'li', buffer: new TextBuffer(), marker });
  }

  private close(name: string): void {
    if (PARAGRAPHS.has(name)) {
      if (name === 'pre' && this.preformatted > 0) this.preformatted -= 1;
      this.buffer.paragraphBreak();
      return;
    }
    if (LINES.has(name)) {
      this.buffer.blockBreak();
      return;
    }
    if (name !== 'a' && name !== 'blockquote' && name !== 'ul' && name !== 'ol' && name !== 'li') {
      return;
    }
    // Stray end tags are ignored; a missing one is implied by its parent's end tag.
    const index = this.stack.findLastIndex((frame) => frame.kind === name);
    if (index <= 0) return;
    while (this.stack.length > index) this.pop();
  }

  private pop(): void {
    const frame = this.stack.pop();
    if (!frame) return;
    const parent = this.buffer;
    switch (frame.kind) {
      case 'root':
        return;
      case 'a':
        parent.inline(linkText(frame.buffer.value, frame.href));
        return;
      case 'blockquote':
        parent.block(quoteLines(frame.buffer.value));
        parent.paragraphBreak();
        return;
      case 'ul':
      case 'ol':
        parent.block(frame.buffer.value.replace(/^\n+|\n+$/g, ''));
        if (!frame.nested) parent.paragraphBreak();
        return;
      case 'li':
        parent.block(indentAfterFirst(frame.buffer.value, frame.marker));
        return;
      default: {
        const unknown: never = frame;
        throw new Error(`html-to-text: unknown frame ${String(unknown)}`);
      }
    }
  }
}

/** Trailing spaces off, no-break spaces to spaces, at most one blank line in a row. */
function tidy(text: string): string {
  return text
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

/**
 * The plain-text version of an HTML message: paragraphs and line breaks as newlines, lists as
 * "- " and "1. ", links as "text (url)" (just the text when it is the url), quotes as "> ",
 * character references decoded, scripts and styles dropped.
 */
export function htmlToPlainText(html: string): string {
  return new Converter().run(html);
}

/** HTML for plain text: escaped, line breaks as <br>, blank lines between paragraphs. */
export function plainTextToHtml(text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n').replace(/^\s*\n|\n\s*$/g, '');
  if (normalized.trim() === '') return '';
  return normalized
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
