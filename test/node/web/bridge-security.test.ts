/**
 * The browser bridge's defences, checked against the real server on a free port: the socket
 * needs our token and our Origin, every request needs our Host, nothing but 127.0.0.1 is bound,
 * files outside the build are unreachable, and every answer carries the CSP.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src/shared/ipc/content-security-policy';
import { startWebBridge, type WebBridge } from '../../../src/web/bridge';
import { testContract, testHandlers, type TestObservations } from '../contract/test-contract';
import { recordingLogger } from '../contract/transports';

const SECRET = 'outside the build: must never be served';

let bridge: WebBridge;
let root: string;
let origin: string;
let host: string;
const observed: TestObservations = { hung: [], calls: 0 };
const logs: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mailcrm-bridge-'));
  const staticDir = join(root, 'renderer');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>mailcrm</title>');
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  await writeFile(join(staticDir, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, 'secret.txt'), SECRET);
  await symlink(join(root, 'secret.txt'), join(staticDir, 'assets', 'link.txt'));
  bridge = await startWebBridge({
    contract: testContract,
    handlers: testHandlers(observed),
    staticDir,
    logger: recordingLogger(logs),
  });
  origin = `http://127.0.0.1:${bridge.port}`;
  host = `127.0.0.1:${bridge.port}`;
});

afterAll(async () => {
  await bridge.close();
  await rm(root, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A raw GET: Node's client sends the path as given, without normalising "..". */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: bridge.port, path, headers: { host, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface UpgradeAttempt {
  readonly path?: string;
  readonly origin?: string | null;
  readonly host?: string;
}

/** Tries a WebSocket handshake by hand; resolves with 101 when accepted, else the status. */
function tryUpgrade(attempt: UpgradeAttempt): Promise<number> {
  const headers: Record<string, string> = {
    host: attempt.host ?? host,
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': randomBytes(16).toString('base64'),
  };
  const sentOrigin = attempt.origin === undefined ? origin : attempt.origin;
  if (sentOrigin !== null) headers['origin'] = sentOrigin;
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: bridge.port,
      path: attempt.path ?? `/ipc?token=${bridge.token}`,
      headers,
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Whether a TCP connection to address:port succeeds. */
function reachable(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host: address, port: bridge.port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the browser bridge', () => {
  it('prints a page URL with the token in the fragment only', () => {
    expect(bridge.url).toBe(`${origin}/#token=${bridge.token}`);
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts the socket with the right token, Origin and Host', async () => {
    expect(await tryUpgrade({})).toBe(101);
    expect(await tryUpgrade({ host: `localhost:${bridge.port}` })).toBe(101);
  });

  it('refuses a socket without a token, before any message', async () => {
    const before = observed.calls;
    expect(await tryUpgrade({ path: '/ipc' })).toBe(401);
    expect(await tryUpgrade({ path: '/ipc?token=' })).toBe(401);
    expect(observed.calls).toBe(before);
  });

  it('refuses a socket with a wrong token', async () => {
    const wrong = `${bridge.token.slice(0, -1)}${bridge.token.endsWith('A') ? 'B' : 'A'}`;
    expect(await tryUpgrade({ path: `/ipc?token=${wrong}` })).toBe(401);
    expect(await tryUpgrade({ path: `/ipc?token=${bridge.token}&token=${bridge.token}` })).toBe(
      401,
    );
  });

  it('refuses a socket from a foreign or missing Origin', async () => {
    expect(await tryUpgrade({ origin: 'http://evil.test' })).toBe(403);
    expect(await tryUpgrade({ origin: `http://localhost:${bridge.port}.evil.test` })).toBe(403);
    expect(await tryUpgrade({ origin: `http://127.0.0.1:${bridge.port + 1}` })).toBe(403);
    expect(await tryUpgrade({ origin: null })).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding), for the socket and for pages', async () => {
    expect(await tryUpgrade({ host: `evil.test:${bridge.port}` })).toBe(403);
    expect(await tryUpgrade({ host: '127.0.0.1' })).toBe(403);
    expect((await get('/', { host: `evil.test:${bridge.port}` })).status).toBe(403);
  });

  it('refuses a socket on any other path', async () => {
    expect(await tryUpgrade({ path: `/other?token=${bridge.token}` })).toBe(404);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(await reachable('127.0.0.1')).toBe(true);
    // Other loopback addresses reach a socket bound to 0.0.0.0 or ::, never one on 127.0.0.1.
    expect(await reachable('127.0.0.2')).toBe(false);
    expect(await reachable('::1')).toBe(false);
  });

  it('serves the build with content types, the CSP and nosniff', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(
      contentSecurityPolicy(bridge.mailFrameOrigin),
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = await get('/assets/app.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const missing = await get('/nothing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-security-policy']).toBe(
      contentSecurityPolicy(bridge.mailFrameOrigin),
    );
  });

  it('refuses path traversal in every spelling, and symlinks out of the build', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/link.txt',
      '/index.html%00.js',
    ]) {
      const answer = await get(path);
      expect([400, 403, 404], path).toContain(answer.status);
      expect(answer.body, path).not.toContain(SECRET);
    }
  });

  it('serves only GET and HEAD', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: bridge.port, path: '/', method: 'POST', headers: { host } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer).toBe(405);
  });
});
