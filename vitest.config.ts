import { defineConfig } from 'vitest/config';

// Node tests: unit tests and integration tests against the real-server rig (test/servers).
export default defineConfig({
  test: {
    include: ['test/node/**/*.test.ts'],
    globalSetup: ['test/servers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
