/**
 * Mail for the rendering test: a loopback HTTP server that counts every request (the "remote
 * content" host), crafted hostile messages that reference it in every way mail can, and the
 * shared corpora turned into deliveries.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Delivery } from '../servers/deliver';

/** A 2×2 red PNG (visible in screenshots once loaded). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGO4oKAARAwQCgAgjgRBUcmqiQAAAABJRU5ErkJggg==',
  'base64',
);

/** The counting server. */
export interface Counter {
  readonly port: number;
  readonly base: string;
  /** Paths (with query) requested so far, in order. */
  readonly hits: string[];
  close(): Promise<void>;
}

/** Starts the counter on 127.0.0.1; it answers every request with a small red PNG. */
export async function startCounter(): Promise<Counter> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': PNG.length });
    response.end(PNG);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}

function message(from: string, to: string, subject: string, date: Date, body: string[]): Delivery {
  const id = `<${randomBytes(6).toString('hex')}@rendering.test>`;
  const head = [`From: ${from}`, `To: ${to}`, `Subject: ${subject}`, `Date: ${date.toUTCString()}`];
  const raw = [...head, `Message-ID: ${id}`, 'MIME-Version: 1.0', ...body, ''].join('\r\n');
  return { from: /<(.+)>/.exec(from)?.[1] ?? from, to: [to], raw };
}

/**
 * HTML that tries everything against the counter under `/<tag>/`: an image, a tracking pixel,
 * a CSS background, @import, @font-face, link prefetch and stylesheet, a script, an onerror
 * handler, a meta refresh and a javascript: link. Only `/<tag>/image.png`, `/<tag>/bg.png` and
 * `/<tag>/font.woff` are legitimate remote content; anything with "script" or "nav" is an attack.
 */
export function hostileHtml(base: string, tag: string, marker: string): string {
  const at = `${base}/${tag}`;
  return [
    '<html><head>',
    `<meta http-equiv="refresh" content="0;url=${at}/refresh-nav">`,
    `<base href="${at}/base-nav/">`,
    `<link rel="prefetch" href="${at}/prefetch"><link rel="stylesheet" href="${at}/style.css">`,
    `<style>@import url("${at}/import.css"); @font-face { font-family: Remote; src: url("${at}/font.woff"); }`,
    `body { font-family: Remote, sans-serif; } .bg { background: url("${at}/bg.png"); min-height: 20px; }</style>`,
    '</head><body>',
    `<h1 class="bg">${marker}</h1>`,
    `<p>A remote image: <img src="${at}/image.png" width="120" height="40" alt="remote image"></p>`,
    `<img src="${at}/pixel.gif" width="1" height="1" alt="">`,
    `<img src="broken-image" onerror="fetch('${at}/onerror-script')" alt="broken">`,
    `<script>fetch('${at}/inline-script'); top.location = '${at}/script-nav';</script>`,
    `<a href="javascript:fetch('${at}/js-link-script')">javascript link</a>`,
    `<p><a href="http://evil.test/login">https://bank.test/login</a></p>`,
    `<form action="${at}/form-nav"><input name="q" value="x"></form>`,
    '</body></html>',
  ].join('\n');
}

/** A message of `from` with {@link hostileHtml}. */
export function hostileMessage(
  from: string,
  to: string,
  subject: string,
  html: string,
  date: Date,
): Delivery {
  return message(from, to, subject, date, [
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
  ]);
}

/** A plain-text reply with a quoted block and links. */
export function plainReply(to: string, date: Date): Delivery {
  return message('Quinn Quoter <quinn@plain.test>', to, 'Plain reply with quotes', date, [
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Thanks, see https://docs.example.test/guide. for details.',
    '',
    'On Monday, someone wrote:',
    '> The quoted original line one',
    '> and line two',
    '',
    'Regards',
  ]);
}

/** HTML with a cid: image from its own multipart/related part, and a PDF attachment. */
export function inlineImageMessage(to: string, date: Date): Delivery {
  return message('Ivy Inline <ivy@inline.test>', to, 'Inline logo and a file', date, [
    'Content-Type: multipart/mixed; boundary="mix"',
    '',
    '--mix',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Inline marker</p><img id="logo" src="cid:logo.123@inline.test" width="40" height="40" alt="logo">',
    '--rel',
    'Content-Type: image/png',
    'Content-ID: <logo.123@inline.test>',
    'Content-Disposition: inline; filename="logo.png"',
    'Content-Transfer-Encoding: base64',
    '',
    PNG.toString('base64'),
    '--rel--',
    '--mix',
    'Content-Type: application/pdf; name="terms.pdf"',
    'Content-Disposition: attachment; filename="terms.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 pretend\n').toString('base64'),
    '--mix--',
  ]);
}

/** Every file of the corpora, as a delivery to `to` (LF line ends become CRLF). */
export function corpusDeliveries(dir: string, to: string): Delivery[] {
  const files: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(dir);
  return files
    .map((file) => readFileSync(file))
    .filter((raw) => raw.length > 0 && raw.length < 20 * 1024 * 1024)
    .map((raw) => ({
      from: 'corpus@rendering.test',
      to: [to],
      raw: Buffer.from(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'),
    }));
}
