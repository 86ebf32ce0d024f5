/**
 * Serves the built renderer (out/renderer) read-only. Only files below the root are served: a
 * decoded path containing "..", a NUL or a backslash is refused outright, and the resolved real
 * path (symlinks followed) must still lie inside the root's real path.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { Logger } from '../main/core/ports';

/** Content types of the files a Vite build produces. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The content type for a file name; unknown types are served as opaque bytes. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** A request path turned into path segments, or the reason it is refused. */
export type PathVerdict =
  | { readonly ok: true; readonly segments: readonly string[] }
  | { readonly ok: false; readonly status: 400 | 403; readonly reason: string };

/** Decodes and checks a request target ("/assets/app.js?v=1"). */
export function parseRequestPath(target: string): PathVerdict {
  const path = target.split('?', 1)[0] ?? '';
  if (!path.startsWith('/')) return { ok: false, status: 400, reason: 'Malformed path' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { ok: false, status: 400, reason: 'Malformed percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    return { ok: false, status: 400, reason: 'Forbidden character in path' };
  }
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { ok: false, status: 403, reason: 'Path traversal refused' };
  // "/" and folders serve their index.html; the renderer uses hash routes only.
  if (decoded.endsWith('/')) segments.push('index.html');
  return { ok: true, segments };
}

/** Sends a short plain-text answer. */
export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function inside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Creates the request handler for files under `root`. Security headers are set by the caller. */
export function createStaticFiles(
  root: string,
  logger: Logger,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const absoluteRoot = resolve(root);
  let realRoot: Promise<string> | undefined;

  async function locate(
    segments: readonly string[],
  ): Promise<{ readonly file: string; readonly size: number } | null> {
    realRoot ??= realpath(absoluteRoot);
    const base = await realRoot;
    const candidate = resolve(absoluteRoot, join(...segments));
    if (!inside(absoluteRoot, candidate)) return null;
    let real: string;
    try {
      real = await realpath(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // A symlink inside the build must not lead outside it.
    if (!inside(base, real)) return null;
    const info = await stat(real);
    return info.isFile() ? { file: real, size: info.size } : null;
  }

  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendText(response, 405, 'Method not allowed');
    }
    const verdict = parseRequestPath(request.url ?? '/');
    if (!verdict.ok) return sendText(response, verdict.status, verdict.reason);
    const segments = verdict.segments.length > 0 ? verdict.segments : ['index.html'];
    let found: Awaited<ReturnType<typeof locate>>;
    try {
      found = await locate(segments);
    } catch (error) {
      logger.error('web bridge: cannot read a static file', { path: request.url, error });
      return sendText(response, 500, 'Cannot read the file');
    }
    if (found === null) return sendText(response, 404, 'Not found');
    response.writeHead(200, {
      'Content-Type': contentTypeOf(found.file),
      'Content-Length': found.size,
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const body = createReadStream(found.file);
    body.on('error', (error) => {
      logger.error('web bridge: reading a static file failed', { path: request.url, error });
      response.destroy(error);
    });
    body.pipe(response);
  };
}
