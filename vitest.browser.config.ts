import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_LAUNCH } from './test/servers/chromium';

// Renderer tests in real headless Chromium (Debian's): Dexie on real IndexedDB, DOM code.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.{ts,tsx}'],
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: CHROMIUM_LAUNCH.executablePath,
          args: CHROMIUM_LAUNCH.args,
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
