/**
 * A Logger writing one JSON object per line to stderr (or any stream), so logs stay out of the
 * CLI's JSON output on stdout and can be read by `jq`.
 */
import type { Clock, Logger } from '../ports';

/** Options for {@link createConsoleLogger}. */
export interface ConsoleLoggerOptions {
  /** Where lines go; stderr by default. */
  readonly stream?: NodeJS.WritableStream;
  readonly clock?: Clock;
  /** Drops `info` lines (warnings and errors are always written). */
  readonly quiet?: boolean;
}

/**
 * Field names whose values are replaced before writing. Callers never pass secrets; this is a
 * second line of defence so a mistake does not put a password in a log file.
 */
const SECRET_FIELD = /pass(word)?|secret|token|authorization|credential/i;

function sanitize(value: unknown, depth: number): unknown {
  if (value instanceof Error) {
    const code = (value as Error & { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) ? '[redacted]' : sanitize(item, depth + 1);
  }
  return out;
}

/** A Logger that writes `{"time","level","message",...fields}` lines. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const now = (): number => options.clock?.now() ?? Date.now();

  function write(
    level: 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ): void {
    const base = { time: new Date(now()).toISOString(), level, message };
    // base twice: its keys come first in the line, and no field can overwrite them.
    const line = Object.assign({}, base, fields === undefined ? {} : sanitize(fields, 0), base);
    stream.write(`${JSON.stringify(line)}\n`);
  }

  return {
    info(message, fields) {
      if (!options.quiet) write('info', message, fields);
    },
    warn(message, fields) {
      write('warn', message, fields);
    },
    error(message, fields) {
      write('error', message, fields);
    },
  };
}
