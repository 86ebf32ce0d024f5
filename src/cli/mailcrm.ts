/**
 * The `mailcrm` executable (bundled to out/cli/mailcrm.js with a shebang). Everything happens in
 * runCli; this file only connects it to the process.
 */
import { limitHeapGrowth } from '../main/core/app/heap-growth';
import { runCli } from './run-cli';

limitHeapGrowth();

/** Resolves once everything written to `stream` has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
// Exit explicitly: a socket a library left open must not keep a script waiting. Flush first,
// because a piped stdout is asynchronous and process.exit would cut the JSON short.
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
