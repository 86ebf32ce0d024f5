/**
 * Command-line options of the browser bridge (`node out/web/server.js --help`).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** The bridge's settings after parsing. */
export interface WebArgs {
  readonly port: number;
  readonly dataDir: string;
  readonly keychainService: string;
  /** "IP:PORT" of a DNS server to use instead of the system's. */
  readonly dnsServer?: string;
  readonly caFiles: readonly string[];
}

/** Printed for --help and after a usage error. */
export const USAGE = `Usage: node out/web/server.js [options]
  --port N                 port on 127.0.0.1 (default 0: any free port)
  --data-dir DIR           settings folder (default ~/.config/mailcrm)
  --keychain-service NAME  keychain service name (default mailcrm)
  --dns-server IP:PORT     DNS server for provider detection (default: the system's)
  --ca-file FILE           extra trusted CA certificates (PEM); may be repeated
  --help                   show this text`;

/** A usage error, shown with {@link USAGE}. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An "IP:PORT" or "[IPv6]:PORT" with a port in range. */
const DNS_SERVER = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):\d{1,5}$/;

/** Parses argv (without node and the script); returns null for --help. */
export function parseWebArgs(argv: readonly string[]): WebArgs | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'keychain-service': { type: 'string' },
        'dns-server': { type: 'string' },
        'ca-file': { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return null;
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port ?? ''}"`);
  }
  const dnsServer = values['dns-server'];
  if (dnsServer !== undefined && !DNS_SERVER.test(dnsServer)) {
    throw new UsageError(`--dns-server must look like 127.0.0.1:5353, not "${dnsServer}"`);
  }
  const keychainService = values['keychain-service'] ?? 'mailcrm';
  if (keychainService.trim() === '') throw new UsageError('--keychain-service must not be empty');
  return {
    port,
    dataDir: values['data-dir'] ?? join(homedir(), '.config', 'mailcrm'),
    keychainService,
    ...(dnsServer === undefined ? {} : { dnsServer }),
    caFiles: values['ca-file'] ?? [],
  };
}
