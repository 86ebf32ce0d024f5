/**
 * The code that runs inside each parser worker: mailparser driven for text, HTML and attachment
 * metadata only.
 *
 * SELF-CONTAINED ON PURPOSE. `createMessageParser` and `parseWorkerMain` are turned into the
 * worker's source with Function.prototype.toString (see worker-source.ts), so their bodies may
 * use only their parameters and globals: no imports, no module-level constants or helpers.
 * Type-only imports are fine (they are erased). This is what lets one worker run unchanged under
 * vitest (from TypeScript), in the electron-vite main bundle and in the plain-Node bundles, with
 * no extra build entry; test/node/mime/built-worker.test.ts proves it on real builds.
 */
import type { Readable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';

/** Limits and switches for one parser. */
export interface MessageParserOptions {
  /**
   * Longest HTML (characters) ever handed to an HTML parser (html-to-text). mailparser's own
   * conversion is switched off; this also caps ours (`textFromHtml`).
   */
  readonly maxHtmlLengthToParse: number;
  /** Derive `text` from the HTML when a message has no text part (costs CPU per such message). */
  readonly textFromHtml: boolean;
  /**
   * Test-only: let mailparser decode every header of the message, as it does by itself, not
   * only the Content-* ones (the result must not change; top-headers.test.ts compares).
   */
  readonly allTopHeaders?: boolean;
}

/** Attachment metadata as the worker sees it; attachment-info.ts turns it into AttachmentInfo. */
export interface RawAttachment {
  readonly partId: string;
  readonly filename?: string;
  readonly contentType: string;
  readonly size: number;
  /** Content-ID without angle brackets, as `cid:` URLs in the HTML name it. */
  readonly contentId?: string;
  readonly disposition?: string;
  /** Inside a multipart/related (an image the HTML shows). */
  readonly related: boolean;
}

/** What one parse returns across the thread boundary: plain data, never attachment contents. */
export interface RawBody {
  readonly text?: string;
  readonly html?: string;
  readonly attachments: readonly RawAttachment[];
  readonly warnings: readonly string[];
}

/** Parent to worker. */
export interface ParseRequest {
  readonly id: number;
  readonly source: Uint8Array;
}

/** Worker to parent: `ready` once mailparser is loaded, then one answer per request. */
export type ParseReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'parsed'; readonly id: number; readonly body: RawBody }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };

/** What the pool hands each worker at start. */
export interface ParseWorkerData {
  /** Absolute path of mailparser's entry, resolved by the parent (a worker's eval has no base). */
  readonly mailparserPath: string;
  readonly options: MessageParserOptions;
  /** Test-only: a source starting with this text makes the worker throw outside any parse. */
  readonly crashMarker?: string;
}

/** A module loader: the worker's `require`, or `createRequire(...)` in-process. */
export type ModuleLoader = (id: string) => unknown;

/** Parses one message source. */
export type MessageParser = (source: Buffer) => Promise<RawBody>;

/**
 * Builds a parser over mailparser's streaming MailParser (not simpleParser: simpleParser buffers
 * every attachment and inlines cid: images as data URLs; here contents are counted and dropped).
 * Part numbers are IMAP's (RFC 3501 §6.4.5), computed from mailsplit's node: its `partNr` counts
 * siblings and marks the top of every (encapsulated) message with "TEXT"; a message whose body is
 * a single part has that part as ".1" in IMAP, so "TEXT" on a non-multipart node becomes 1.
 */
export function createMessageParser(
  load: ModuleLoader,
  mailparserPath: string,
  options: MessageParserOptions,
): MessageParser {
  interface SplitNode {
    readonly partNr: readonly (number | string)[] | false;
    readonly multipart: string | false;
    readonly root: boolean;
  }
  interface HeaderLine {
    readonly key: string;
  }
  interface TreeNode {
    readonly headers: object;
  }
  interface AttachmentData {
    readonly type: 'attachment';
    readonly content: Readable;
    readonly contentType: string;
    readonly partId: string | null;
    readonly filename?: string;
    readonly contentDisposition?: string;
    readonly cid?: string;
    readonly related?: boolean;
    readonly size?: number;
    readonly headers: object;
    release: (() => void) | null;
  }
  interface TextData {
    readonly type: 'text';
    readonly text?: string;
    readonly html?: string | false;
  }
  interface Parser {
    createNode: (node: SplitNode) => TreeNode;
    processHeaders: (lines: readonly HeaderLine[]) => unknown;
    read(): AttachmentData | TextData | null;
    on(event: 'readable' | 'end', listener: () => void): unknown;
    on(event: 'error', listener: (error: Error) => void): unknown;
    end(chunk: Buffer): unknown;
    destroy(): unknown;
  }
  type ParserClass = new (config: Record<string, unknown>) => Parser;
  type HtmlToText = (html: string, config?: Record<string, unknown>) => string;

  const { MailParser } = load(mailparserPath) as { MailParser: ParserClass };
  const { createRequire } = load('node:module') as typeof import('node:module');
  let htmlToText: HtmlToText | undefined;

  function imapPartId(node: SplitNode | undefined, fallback: string | null): string | undefined {
    if (node === undefined || node.partNr === false) return fallback ?? undefined;
    const numbers = node.partNr.filter((nr): nr is number => typeof nr === 'number');
    if (node.partNr[node.partNr.length - 1] === 'TEXT' && node.multipart === false) numbers.push(1);
    return numbers.join('.');
  }

  function deriveText(html: string, warnings: string[]): string | undefined {
    if (html.length > options.maxHtmlLengthToParse) {
      warnings.push(`HTML too long to extract its text (${html.length} characters)`);
      return undefined;
    }
    try {
      // html-to-text is mailparser's own dependency: resolve it from there, not from the app.
      htmlToText ??= (createRequire(mailparserPath)('html-to-text') as { htmlToText: HtmlToText })
        .htmlToText;
      return htmlToText(html, { wordwrap: false });
    } catch (error) {
      warnings.push(`Could not extract text from the HTML: ${String(error)}`);
      return undefined;
    }
  }

  return (source) =>
    new Promise<RawBody>((resolve, reject) => {
      const parser = new MailParser({
        skipTextToHtml: true,
        skipTextLinks: true,
        skipImageLinks: true,
        skipHtmlToText: true,
        maxHtmlLengthToParse: options.maxHtmlLengthToParse,
      });
      // mailparser keeps the mailsplit node only on its private tree; remember it by the
      // headers Map, which the attachment object shares with its tree node.
      const splitNodes = new WeakMap<object, SplitNode>();
      // The message's own headers (addresses, dates, Received...) come from the header pass:
      // mailparser decodes only its Content-* ones here, which shape the body. Decoding them all
      // was a sixth of each parse. Parts and attached messages keep every header (an attached
      // message shows its From, Date and Subject).
      const processHeaders = parser.processHeaders.bind(parser);
      let top = false;
      parser.processHeaders = (lines) =>
        processHeaders(
          top && options.allTopHeaders !== true
            ? lines.filter((line) => line.key.startsWith('content-'))
            : lines,
        );
      const createNode = parser.createNode.bind(parser);
      parser.createNode = (node) => {
        top = node.root;
        const created = createNode(node);
        top = false;
        splitNodes.set(created.headers, node);
        return created;
      };

      const attachments: RawAttachment[] = [];
      const warnings: string[] = [];
      let text: string | undefined;
      let html: string | undefined;
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        parser.destroy();
        reject(error);
      };

      const addAttachment = (data: AttachmentData): void => {
        const partId = imapPartId(splitNodes.get(data.headers), data.partId);
        if (partId === undefined || partId === '') {
          warnings.push(`An attachment (${data.contentType}) has no part number and was left out`);
          return;
        }
        attachments.push({
          partId,
          contentType: data.contentType,
          size: data.size ?? 0,
          related: data.related === true,
          ...(data.filename !== undefined ? { filename: data.filename } : {}),
          ...(data.cid !== undefined ? { contentId: data.cid } : {}),
          ...(data.contentDisposition !== undefined
            ? { disposition: data.contentDisposition }
            : {}),
        });
      };

      let reading = false;
      const readNext = (): void => {
        reading = true;
        for (;;) {
          const data = parser.read();
          if (data === null) {
            reading = false;
            return;
          }
          if (data.type === 'text') {
            if (typeof data.text === 'string') text = data.text;
            if (typeof data.html === 'string') html = data.html;
            continue;
          }
          // Drain the contents without keeping them: the size is counted by mailparser's hasher,
          // set before 'end'. The parser waits for release() before it reads on.
          data.content.on('error', fail);
          data.content.on('end', () => {
            addAttachment(data);
            data.release?.();
            readNext();
          });
          data.content.resume();
          return;
        }
      };

      parser.on('readable', () => {
        if (!reading) readNext();
      });
      parser.on('error', fail);
      parser.on('end', () => {
        if (settled) return;
        settled = true;
        if (options.textFromHtml && (text === undefined || text.trim() === '') && html) {
          const derived = deriveText(html, warnings);
          if (derived !== undefined) text = derived;
        }
        resolve({
          attachments,
          warnings,
          ...(text !== undefined && text !== '' ? { text } : {}),
          ...(html !== undefined && html !== '' ? { html } : {}),
        });
      });
      parser.end(source);
    });
}

/**
 * The worker's main: parses requests one at a time, in order, with `createParser` and answers
 * each with plain data. The parent may send the next request before this one is answered, so
 * the worker never waits for a busy main thread. A parse that fails answers `failed`; only a
 * crash (or the test-only crash marker) ends the worker.
 */
export function parseWorkerMain(
  load: ModuleLoader,
  createParser: typeof createMessageParser,
): void {
  const threads = load('node:worker_threads') as typeof import('node:worker_threads');
  const port = threads.parentPort as MessagePort;
  const data = threads.workerData as ParseWorkerData;
  const parse = createParser(load, data.mailparserPath, data.options);
  const marker = data.crashMarker === undefined ? undefined : Buffer.from(data.crashMarker);
  const pending: ParseRequest[] = [];
  let busy = false;

  const answer = (reply: ParseReply): void => {
    port.postMessage(reply);
    busy = false;
    next();
  };

  function next(): void {
    if (busy) return;
    const request = pending.shift();
    if (request === undefined) return;
    busy = true;
    const source = Buffer.from(
      request.source.buffer,
      request.source.byteOffset,
      request.source.byteLength,
    );
    if (marker !== undefined && source.subarray(0, marker.length).equals(marker)) {
      // Thrown from a timer, outside any promise: an uncaught exception, as a bug would be.
      setTimeout(() => {
        throw new Error('test crash requested by the message');
      }, 0);
      return;
    }
    parse(source).then(
      (body) => answer({ kind: 'parsed', id: request.id, body }),
      (error: unknown) =>
        answer({
          kind: 'failed',
          id: request.id,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  }

  port.on('message', (request: ParseRequest) => {
    pending.push(request);
    next();
  });
  port.postMessage({ kind: 'ready' } satisfies ParseReply);
}
