/**
 * `mailcrm oauth login`: signs a mailbox in through the browser with the same loopback flow as
 * the app (PKCE, state, iss check, 127.0.0.1 redirect), prints the authorization URL on stderr
 * for the user to open, waits for the callback, keeps the tokens (see cli-oauth.ts) and prints
 * the token status as JSON. `mailcrm oauth status` prints the status without signing in.
 */
import { z } from 'zod';
import { fail, toAppError } from '../../shared/errors';
import { createConsoleLogger } from '../../main/core/adapters/console-logger';
import { createAuthorizationFlow } from '../../main/core/oauth/authorization-flow';
import { DEFAULT_OIDC_SCOPES, discoverProvider } from '../../main/core/oauth/providers';
import type { OAuthTokenStatus } from '../../main/core/oauth/token-manager';
import type { ExternalOpener } from '../../main/core/ports';
import {
  EXIT_FAILED,
  EXIT_OK,
  errorOutput,
  parseCommandArgs,
  parseMilliseconds,
  required,
  writeJson,
  type CliIo,
} from '../cli-io';
import { createCliTokens } from '../cli-oauth';
import {
  oauthTokenKey,
  cliOAuthPlaces,
  OAUTH_PLACE_OPTIONS,
  type CliOAuthPlaces,
} from '../cli-oauth-places';

/** Usage of the oauth command. */
export const OAUTH_USAGE = `mailcrm oauth login --issuer URL --client-id ID [--scope S ...] --user ADDRESS
             [--timeout-ms N] [--keychain-service NAME] [--config-dir DIR]
  Signs in through the browser: open the printed address, sign in, and the tokens are kept
  (refresh token in the system keychain). Prints the token status as JSON. Then use --oauth
  with test, sync and send instead of --password-stdin.
mailcrm oauth status --user ADDRESS [--keychain-service NAME] [--config-dir DIR]
  Prints whether ADDRESS is signed in.`;

const OPTIONS = {
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  scope: { type: 'string', multiple: true },
  user: { type: 'string' },
  'timeout-ms': { type: 'string' },
  ...OAUTH_PLACE_OPTIONS,
} as const;

/** Checked arguments of `mailcrm oauth ...`. */
export type OAuthArgs =
  | {
      readonly action: 'login';
      readonly issuer: string;
      readonly clientId: string;
      readonly scopes: readonly string[];
      readonly user: string;
      readonly timeoutMs?: number;
      readonly places: CliOAuthPlaces;
    }
  | { readonly action: 'status'; readonly user: string; readonly places: CliOAuthPlaces };

/** Parses the arguments; throws INVALID_INPUT (a usage error). */
export function parseOAuthArgs(args: readonly string[]): OAuthArgs {
  const [action, ...rest] = args;
  if (action !== 'login' && action !== 'status') {
    fail('INVALID_INPUT', `mailcrm oauth: expected "login" or "status", not "${action ?? ''}".`);
  }
  const { values } = parseCommandArgs(rest, OPTIONS, 0);
  const user = required(values.user, 'user');
  const places = cliOAuthPlaces(values);
  if (action === 'status') return { action, user, places };
  const issuer = required(values.issuer, 'issuer');
  if (!z.url().safeParse(issuer).success) fail('INVALID_INPUT', `--issuer ${issuer} is not a URL.`);
  const timeout = values['timeout-ms'];
  return {
    action,
    issuer,
    clientId: required(values['client-id'], 'client-id'),
    scopes: values.scope ?? DEFAULT_OIDC_SCOPES,
    user,
    places,
    ...(timeout === undefined ? {} : { timeoutMs: parseMilliseconds(timeout, 'timeout-ms') }),
  };
}

/** "Opens" the browser by asking the user to: the CLI may run where no browser can start. */
function printingOpener(io: CliIo): ExternalOpener {
  return {
    open(url) {
      io.stderr.write(`Open this address in your browser to sign in:\n${url}\n`);
      return Promise.resolve();
    },
  };
}

function statusOutput(user: string, status: OAuthTokenStatus): Record<string, unknown> {
  return {
    user,
    signedIn: status.signedIn,
    ...(status.binding === undefined
      ? {}
      : {
          issuer: status.binding.issuer,
          clientId: status.binding.clientId,
          scopes: status.binding.scopes,
        }),
    ...(status.accessTokenExpiresAt === undefined
      ? {}
      : { accessTokenExpiresAt: status.accessTokenExpiresAt }),
  };
}

/** Runs the command; prints the status (or the error) as JSON; returns the exit code. */
export async function runOAuth(args: OAuthArgs, io: CliIo): Promise<number> {
  const logger = createConsoleLogger({ stream: io.stderr, quiet: true });
  try {
    const tokens = createCliTokens(args.places, logger);
    const accountId = oauthTokenKey(args.user);
    if (args.action === 'status') {
      const status = await tokens.status(accountId);
      writeJson(io.stdout, statusOutput(args.user, status));
      return status.signedIn ? EXIT_OK : EXIT_FAILED;
    }
    const provider = await discoverProvider(
      args.issuer,
      { clientId: args.clientId },
      { scopes: args.scopes },
    );
    const flow = createAuthorizationFlow({
      browser: printingOpener(io),
      clock: { now: () => Date.now() },
      logger,
      ...(args.timeoutMs === undefined ? {} : { listenerTimeoutMs: args.timeoutMs }),
    });
    const result = await flow.signIn({ provider, loginHint: args.user });
    await tokens.completeSignIn(accountId, result);
    writeJson(io.stdout, statusOutput(args.user, await tokens.status(accountId)));
    return EXIT_OK;
  } catch (error) {
    writeJson(io.stdout, errorOutput(toAppError(error)));
    return EXIT_FAILED;
  }
}
