/**
 * The parser worker must run wherever the pool is bundled, not only under vitest. This builds a
 * small probe (fixtures/probe-entry.ts, which uses the pool) with each of our real bundler
 * configs: vite.node.config.ts (the web bridge and the CLI) and electron.vite.config.ts's main
 * section with electron-vite's own plugins (the Electron main process). Each probe then runs in
 * a plain Node process and must parse a message in a worker.
 *
 * The output goes under node_modules/.cache so the bundle's external `mailparser` resolves the
 * way it does from out/. The Electron probe runs on Node, not in Electron: worker_threads and
 * `eval` workers are Node's in both, and the Electron binary is not installed in CI.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { resolveConfig } from 'electron-vite';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageBody } from '../../../src/shared/sync';
import { partsMessage } from './messages';

const run = promisify(execFile);
const ROOT = process.cwd();
const ENTRY = resolve(ROOT, 'test/node/mime/fixtures/probe-entry.ts');
let workDir: string;
let messageFile: string;

beforeAll(async () => {
  const cache = join(ROOT, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  workDir = await mkdtemp(join(cache, 'mailcrm-mime-probe-'));
  messageFile = join(workDir, 'parts.eml');
  await writeFile(messageFile, partsMessage().raw);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** The one .js file a probe build wrote. */
async function builtScript(outDir: string): Promise<string> {
  const scripts = (await readdir(outDir)).filter((name) => name.endsWith('.js'));
  expect(scripts).toHaveLength(1);
  return join(outDir, scripts[0] ?? '');
}

async function runProbe(script: string): Promise<MessageBody> {
  const { stdout } = await run(process.execPath, [script, messageFile], { timeout: 20_000 });
  return JSON.parse(stdout) as MessageBody;
}

function expectParsed(body: MessageBody): void {
  expect(body.text).toContain('Hello in text');
  expect(body.attachments.map((attachment) => attachment.partId)).toEqual([
    '1.2.2',
    '2',
    '3',
    '4.2',
    '5.1',
  ]);
}

describe('the parser worker in built bundles', () => {
  it('runs from the plain-Node build (vite.node.config.ts)', async () => {
    const outDir = join(workDir, 'node');
    await build({
      configFile: resolve(ROOT, 'vite.node.config.ts'),
      logLevel: 'warn',
      build: { outDir, rollupOptions: { input: ENTRY } },
    });
    expectParsed(await runProbe(await builtScript(outDir)));
  }, 60_000);

  it('runs from the Electron main build (electron.vite.config.ts)', async () => {
    const outDir = join(workDir, 'electron');
    const resolved = await resolveConfig(
      { configFile: resolve(ROOT, 'electron.vite.config.ts'), logLevel: 'warn' },
      'build',
      'production',
    );
    const main = resolved.config?.main;
    if (main === undefined) throw new Error('electron.vite.config.ts has no main section');
    await build({
      ...main,
      configFile: false,
      build: {
        ...main.build,
        outDir,
        rollupOptions: { ...main.build?.rollupOptions, input: ENTRY },
        rolldownOptions: { ...main.build?.rolldownOptions, input: ENTRY },
      },
    });
    expectParsed(await runProbe(await builtScript(outDir)));
  }, 60_000);
});
