/**
 * `mailcrm detect <address> [--dns-server IP:PORT] [--timeout-ms N]`: prints the suggested
 * provider and servers as JSON. Exit 0 on a result, 1 when detection fails.
 */
import { toAppError } from '../../shared/errors';
import { detectProvider } from '../../main/core/accounts/detect-provider';
import { createNodeDnsResolver } from '../../main/core/adapters/node-dns-resolver';
import {
  EXIT_FAILED,
  EXIT_OK,
  errorOutput,
  parseCommandArgs,
  parseMilliseconds,
  writeJson,
  type CliIo,
} from '../cli-io';

/** Usage of the detect command. */
export const DETECT_USAGE = `mailcrm detect <address> [--dns-server IP[:PORT]] [--timeout-ms N]
  Suggests IMAP and SMTP settings for an address (preset, MX, SRV, then a probed guess).`;

const OPTIONS = {
  'dns-server': { type: 'string' },
  'timeout-ms': { type: 'string' },
} as const;

/** Checked arguments of the detect command. */
interface DetectArgs {
  readonly address: string;
  readonly dnsServer?: string;
  readonly timeoutMs?: number;
}

/** Parses the arguments; throws INVALID_INPUT (a usage error) on any mistake. */
export function parseDetectArgs(args: readonly string[]): DetectArgs {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 1);
  const timeout = values['timeout-ms'];
  return {
    address: positionals[0] ?? '',
    ...(values['dns-server'] === undefined ? {} : { dnsServer: values['dns-server'] }),
    ...(timeout === undefined ? {} : { timeoutMs: parseMilliseconds(timeout, 'timeout-ms') }),
  };
}

/** Runs detection and prints the result or the error; returns the exit code. */
export async function runDetect(args: DetectArgs, io: CliIo): Promise<number> {
  try {
    const dns = createNodeDnsResolver(args.dnsServer === undefined ? undefined : [args.dnsServer]);
    const result = await detectProvider(args.address, { dns, timeoutMs: args.timeoutMs });
    writeJson(io.stdout, {
      provider: result.provider,
      providerName: result.providerName,
      source: result.source,
      imap: result.imap,
      smtp: result.smtp,
      auth: result.auth,
      copySentToSentFolder: result.copySentToSentFolder,
      ...(result.hint === undefined ? {} : { hint: result.hint }),
    });
    return EXIT_OK;
  } catch (error) {
    writeJson(io.stdout, errorOutput(toAppError(error)));
    return EXIT_FAILED;
  }
}
