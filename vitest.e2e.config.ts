import { defineConfig } from 'vitest/config';

// End-to-end tests: headless Chromium drives the built renderer through the browser bridge.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/servers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
