/**
 * The parser worker's source, built from the self-contained functions in message-parser.ts.
 *
 * Why a string and `eval: true` rather than a worker file: Node 20 cannot run a .ts file in a
 * worker, and each of our three builds (vitest from source, electron-vite's main bundle, the
 * plain-Node bundles) would put a separate worker entry somewhere else. The functions travel
 * inside whichever bundle imports this module, so there is no path to find and no build config
 * to keep in step. The worker's own `require` loads mailparser from the absolute path the parent
 * resolved (an eval worker resolves bare names from the working directory, which is wrong).
 */
import { createMessageParser, parseWorkerMain } from './message-parser';

let cached: string | undefined;

/** The worker's JavaScript source (CommonJS, as `new Worker(code, { eval: true })` runs it). */
export function parseWorkerSource(): string {
  cached ??= [
    '"use strict";',
    // A bundler that keeps function names (esbuild or rolldown `keepNames`) calls a module-level
    // `__name` helper inside function bodies; the serialized functions would lack it.
    'var __name = (target) => target;',
    `(${parseWorkerMain.toString()})(require, ${createMessageParser.toString()});`,
  ].join('\n');
  return cached;
}
