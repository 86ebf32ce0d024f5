/**
 * Entry of the browser bridge (`npm run web`, built to out/web/server.js): runs the app's core
 * in this Node process and serves the built renderer to a browser on 127.0.0.1.
 *
 * stdout carries exactly one line, `mailcrm web: http://127.0.0.1:PORT/#token=TOKEN`, which
 * scripts and tests parse; logs go to stderr.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHandlers } from '../main/core/app/create-handlers';
import { createCoreServices, type CoreServices } from '../main/core/app/create-services';
import { createConsoleLogger } from '../main/core/adapters/console-logger';
import { limitHeapGrowth } from '../main/core/app/heap-growth';
import { contract } from '../shared/contract';
import { parseWebArgs, USAGE, UsageError } from './args';
import { startWebBridge } from './bridge';
import { composeWebDeps, readCaFiles } from './compose-deps';

/** out/web/server.js → out/renderer/ */
const STATIC_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

async function main(): Promise<void> {
  let args;
  try {
    args = parseWebArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mailcrm web: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (args === null) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!existsSync(`${STATIC_DIR}index.html`)) {
    process.stderr.write(
      `mailcrm web: no built renderer in ${STATIC_DIR}; run \`npm run build\`.\n`,
    );
    process.exitCode = 1;
    return;
  }
  limitHeapGrowth();
  const logger = createConsoleLogger();
  const extraCaPem = await readCaFiles(args.caFiles);
  const settings = args;
  let services: CoreServices | undefined;
  const bridge = await startWebBridge({
    contract,
    staticDir: STATIC_DIR,
    port: args.port,
    logger,
    handlers: (events) => {
      const deps = composeWebDeps(settings, extraCaPem, events, logger);
      services = createCoreServices(deps, process.env);
      return createHandlers(deps, services);
    },
  });
  process.stdout.write(`mailcrm web: ${bridge.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info('web bridge: stopping', { signal });
    // No IMAP connection outlives the bridge.
    Promise.all([bridge.close(), services?.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('web bridge: stopping failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `mailcrm web: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
