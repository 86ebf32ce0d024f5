/**
 * Starts the built browser bridge (out/web/server.js) for an end-to-end test and reads the URL it
 * prints. Assumes `npm run build` ran first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { connectSocketClient, type SocketClient } from '../../src/renderer/api/socket-client';
import type { AppContract } from '../../src/shared/contract';

const SERVER = resolve(import.meta.dirname, '../../out/web/server.js');
const READY = /^mailcrm web: (\S+)/;
const START_TIMEOUT_MS = 20_000;

export interface Bridge {
  readonly url: string;
  /** Everything the bridge wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Where and as whom a bridge runs; a test that restarts the app passes the same values again. */
export interface BridgeOptions {
  readonly tempDir: string;
  readonly dnsServer: string;
  /** A fixed port keeps the origin, and so the page's IndexedDB, across restarts. Default: free. */
  readonly port?: number;
  /** A data dir that outlives stop() (the caller removes it). Default: a new one, removed. */
  readonly dataDir?: string;
  readonly keychainService?: string;
  /** More environment for the bridge, e.g. BROWSER: the program that opens sign-in pages. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A keychain service of its own, so a run never reads or leaves secrets of another. */
export function newKeychainService(): string {
  return `mailcrm-e2e-${randomBytes(6).toString('hex')}`;
}

/** Spawns the bridge with its own data dir and keychain service, on a loopback port. */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(options.tempDir, 'e2e-data-')));
  const keychainService = options.keychainService ?? newKeychainService();
  const child = spawn(
    process.execPath,
    [
      SERVER,
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      dataDir,
      '--dns-server',
      options.dnsServer,
      '--keychain-service',
      keychainService,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BROWSER: 'none', ...options.env } },
  );
  const log: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`The bridge printed no URL in ${START_TIMEOUT_MS} ms:\n${log.join('')}`));
    }, START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      log.push(`${line}\n`);
      const match = READY.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`The bridge exited (${code ?? signal}) before it was ready:\n${log.join('')}`),
      );
    });
  });

  return {
    url,
    output: () => log.join(''),
    stop: async () => {
      await stopChild(child);
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then SIGKILL if the process is still there after a few seconds. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * The contract over a bridge's socket with the renderer's own client, as the page has it: for
 * tests that set up state (an account) without walking through the UI again.
 */
export async function connectContract(url: string): Promise<SocketClient<AppContract>> {
  const page = new URL(url);
  const token = new URLSearchParams(page.hash.slice(1)).get('token') ?? '';
  const client = connectSocketClient<AppContract>({
    url: `ws://${page.host}/ipc?token=${encodeURIComponent(token)}`,
    retryDelaysMs: [],
    createSocket: (socketUrl, events) => {
      const socket = new WebSocket(socketUrl, { origin: page.origin });
      socket.on('open', () => events.open());
      socket.on('message', (data: Buffer) => events.message(data.toString('utf8')));
      socket.on('error', () => undefined);
      socket.on('close', () => events.close());
      return { send: (data) => socket.send(data), close: () => socket.close() };
    },
  });
  await new Promise<void>((done, fail) => {
    const check = () => {
      const state = client.status().state;
      if (state === 'open') done();
      else if (state !== 'connecting') fail(new Error(`The socket did not open (${state})`));
    };
    client.onStatus(check);
    check();
  });
  return client;
}
