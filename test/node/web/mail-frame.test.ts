import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_FRAME_SCRIPT } from '../../../src/shared/ipc/mail-frame-host';
import { startMailFrameServer, type MailFrameServer } from '../../../src/web/mail-frame';

const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const APP = 'http://127.0.0.1:4321';
let server: MailFrameServer;

beforeAll(async () => {
  server = await startMailFrameServer('127.0.0.1', () => [APP], logger);
});
afterAll(() => server.close());

function get(path: string, host = `127.0.0.1:${server.port}`, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path, method, headers: { host } },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the bridge mail frame host', () => {
  it('serves the host page with its own policy, framable only by the app', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain(`frame-ancestors ${APP}`);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'none'");
    expect(page.body).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(page.body).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(page.body).toContain(`data-parent-origins="[&quot;${APP}&quot;]"`);
    const script = await get('/frame.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toBe(MAIL_FRAME_SCRIPT);
    expect(script.body).toContain('event.source !== window.parent');
  });

  it('refuses other hosts, paths and methods', async () => {
    expect((await get('/', `evil.test:${server.port}`)).status).toBe(403);
    expect((await get('/index.html')).status).toBe(404);
    expect((await get('/', undefined, 'POST')).status).toBe(405);
  });
});
