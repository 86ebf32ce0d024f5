import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// Builds the plain-Node entry points: the browser bridge server and the CLI.
const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(pkg.dependencies),
];

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out',
    emptyOutDir: false,
    target: 'node20',
    rollupOptions: {
      input: {
        'web/server': resolve('src/web/server.ts'),
        'cli/mailcrm': resolve('src/cli/mailcrm.ts'),
      },
      external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        banner: (chunk) => (chunk.name === 'cli/mailcrm' ? '#!/usr/bin/env node' : ''),
      },
    },
  },
});
