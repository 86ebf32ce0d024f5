/**
 * HTTP for OAuth: the token endpoint and OpenID discovery. Endpoints must use TLS (RFC 6749
 * sections 3.1 and 3.2) unless they are on this machine's loopback interface (a self-hosted
 * provider on the same host, and the test rig). Network failures become AppFailures with the
 * app's usual codes.
 */
import { AppFailure, appError, type ErrorCode } from '../../../shared/errors';

/** The part of `fetch` we use, injectable for tests that count or refuse requests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** How OAuth requests are made. */
export interface OAuthHttpDeps {
  /** Defaults to the global fetch. */
  readonly fetch?: FetchLike;
  /** Milliseconds before a request gives up; 30 s when absent. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** True for a URL on this machine's loopback interface. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Parses an endpoint URL and refuses one that is not https (or http on loopback), so a
 * misconfigured or spoofed discovery document cannot send codes or tokens in clear text.
 */
export function secureEndpoint(value: unknown, what: string): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new AppFailure(
      appError('PROTOCOL', `The sign-in provider gave an invalid ${what}: ${String(value)}.`),
    );
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url))) return url;
  throw new AppFailure(
    appError('PROTOCOL', `The sign-in provider's ${what} (${url.origin}) does not use HTTPS.`, {
      hint: 'Only HTTPS sign-in providers are accepted (or one on this computer).',
      retryable: false,
    }),
  );
}

const SOCKET_CODES: Readonly<Record<string, ErrorCode>> = {
  ECONNREFUSED: 'CONNECTION_REFUSED',
  ECONNRESET: 'CONNECTION_RESET',
  EPIPE: 'CONNECTION_RESET',
  ENOTFOUND: 'DNS_NOT_FOUND',
  EAI_AGAIN: 'DNS_NOT_FOUND',
  ETIMEDOUT: 'TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'TIMEOUT',
  UND_ERR_SOCKET: 'CONNECTION_RESET',
};

/** The socket error code behind a fetch failure ("fetch failed" carries it as its cause). */
function socketCode(thrown: unknown): string | undefined {
  let current: unknown = thrown;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in SOCKET_CODES) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A fetch failure as an AppError naming the host. */
function networkFailure(thrown: unknown, url: URL): AppFailure {
  if (thrown instanceof Error && (thrown.name === 'TimeoutError' || thrown.name === 'AbortError')) {
    return new AppFailure(appError('TIMEOUT', `The sign-in provider ${url.host} did not answer.`));
  }
  const code = socketCode(thrown);
  const mapped = code === undefined ? undefined : SOCKET_CODES[code];
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  return new AppFailure(
    appError(
      mapped ?? 'CONNECTION_RESET',
      `The sign-in provider ${url.host} could not be reached (${code ?? reason}).`,
    ),
  );
}

/** Sends a request; rejects with an AppFailure when no HTTP answer arrives. */
export async function oauthFetch(
  url: URL,
  init: RequestInit,
  deps: OAuthHttpDeps,
): Promise<Response> {
  const fetcher: FetchLike = deps.fetch ?? ((target, options) => fetch(target, options));
  try {
    return await fetcher(url.toString(), {
      ...init,
      // A redirect could carry a token request to another host.
      redirect: 'error',
      signal: AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (thrown) {
    throw networkFailure(thrown, url);
  }
}

/** The body as a JSON object, or a PROTOCOL failure naming what was expected. */
export async function jsonObject(
  response: Response,
  what: string,
): Promise<Readonly<Record<string, unknown>>> {
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch (thrown) {
    throw new AppFailure(
      appError(
        'PROTOCOL',
        `The sign-in provider's ${what} was not JSON (HTTP ${response.status}: ${thrown instanceof Error ? thrown.message : String(thrown)}).`,
      ),
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppFailure(
      appError('PROTOCOL', `The sign-in provider's ${what} was not a JSON object.`),
    );
  }
  return parsed as Readonly<Record<string, unknown>>;
}
