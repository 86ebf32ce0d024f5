// Type-checks every layer's project on its own, so a layer cannot see what it must not import.
import { spawnSync } from 'node:child_process';

const projects = [
  '',
  'shared',
  'core',
  'main',
  'preload',
  'renderer',
  'web',
  'cli',
  'test',
  'browser-test',
];
let failed = false;
for (const name of projects) {
  const file = name ? `tsconfig.${name}.json` : 'tsconfig.json';
  const result = spawnSync('npx', ['tsc', '-p', file], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`typecheck failed: ${file}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
