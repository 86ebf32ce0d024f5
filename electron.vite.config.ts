import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './src/shared/ipc/content-security-policy';

/**
 * Writes the app's one CSP into index.html's meta tag at build time. The dev server needs inline
 * scripts and styles (React refresh, injected CSS), so `electron-vite dev` gets a looser policy.
 */
function contentSecurityPolicy(): Plugin {
  let dev = false;
  return {
    name: 'mailcrm-csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml(html) {
      const policy = dev
        ? "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws:"
        : CONTENT_SECURITY_POLICY_META;
      return html.replace('__CONTENT_SECURITY_POLICY__', policy);
    },
  };
}

export default defineConfig({
  main: {
    build: { outDir: 'out/main', rollupOptions: { input: resolve('src/main/index.ts') } },
  },
  preload: {
    // Sandboxed preloads must be CommonJS and can require only electron: bundle the rest (zod).
    build: {
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: resolve('src/preload/index.ts'),
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: { outDir: 'out/renderer', rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [react(), contentSecurityPolicy()],
  },
});
