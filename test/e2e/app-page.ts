/**
 * The app as an end-to-end test drives it: the built bridge, and its page in a persistent
 * Chromium profile (IndexedDB kept across reloads), with page errors collected for the test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../servers/chromium';
import type { RigInfo } from '../servers/rig-info';
import { startBridge, type Bridge, type BridgeOptions } from './bridge';

export interface AppPage {
  readonly bridge: Bridge;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Closes the browser and the bridge and removes the profile. */
  close(): Promise<void>;
}

/** Starts the bridge and opens the app; page errors are pushed to `pageErrors`. */
export async function openAppPage(
  rig: RigInfo,
  name: string,
  pageErrors: string[],
  options: Partial<BridgeOptions> = {},
): Promise<AppPage> {
  const bridge = await startBridge({ tempDir: rig.tempDir, dnsServer: rig.dnsServer, ...options });
  const profileDir = await mkdtemp(join(rig.tempDir, `${name}-profile-`));
  const context = await chromium.launchPersistentContext(profileDir, {
    ...CHROMIUM_LAUNCH,
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(bridge.url);
  return {
    bridge,
    context,
    page,
    async close() {
      await context.close();
      await bridge.stop();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
