/**
 * Builds the CLI bundle the benchmark runs, as `npm run build` would (vite.node.config.ts), but
 * into a private folder: other work in the same tree may be rebuilding out/ meanwhile. The
 * folder is inside node_modules so the bundle's bare imports (imapflow, mailparser) resolve.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

/** Where the benchmark's own build goes (ignored by git with node_modules). */
const BUILD_DIR = resolve('node_modules/.cache/mailcrm-bench-sync');

/** Builds the CLI and returns the path of its entry (cli/mailcrm.js). */
export async function buildCli(): Promise<string> {
  await build({
    configFile: resolve('vite.node.config.ts'),
    logLevel: 'warn',
    build: { outDir: BUILD_DIR, emptyOutDir: true },
  });
  const entry = join(BUILD_DIR, 'cli', 'mailcrm.js');
  if (!existsSync(entry)) throw new Error(`bench: the CLI build produced no ${entry}`);
  return entry;
}
