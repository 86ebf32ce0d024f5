/**
 * The rig's OAuth 2 / OpenID authorization server: oidc-provider on 127.0.0.1 with a scripted
 * login (oidc-interactions.ts), a public native test client whose loopback redirect may use any
 * port (RFC 8252 section 7.3), PKCE required (RFC 7636), rotating refresh tokens, and token
 * introspection (RFC 7662) for a resource-server client that Dovecot and the rig's SMTP use.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import Provider from 'oidc-provider';
import { handleScriptedLogin, INTERACTION_PATH } from './oidc-interactions';
import { createMemoryAdapter } from './oidc-memory-adapter';
import type { RigOidc } from './rig-info';
import { findRigUser } from './rig-users';

/** The public client the app signs in with (no secret: a native app cannot keep one). */
export const OIDC_CLIENT_ID = 'mailcrm-desktop';
/** The same client with access tokens that expire after a few seconds. */
export const OIDC_SHORT_CLIENT_ID = 'mailcrm-desktop-short';
/** The resource server (Dovecot, the rig's SMTP) that introspects tokens. */
const INTROSPECTION_CLIENT_ID = 'mail-servers';
/** Scopes the test clients may ask for. */
const CLIENT_SCOPE = 'openid email offline_access';
const ACCESS_TOKEN_SECONDS = 600;
/** An EC key is generated in milliseconds; an RSA key (the default RS256) takes far longer. */
const SIGNING_ALG = 'ES256';
const SHORT_ACCESS_TOKEN_SECONDS = 3;

export interface OidcOptions {
  /** The rig's passwd file: its users are the accounts that can sign in. */
  readonly passwdFile: string;
  /** Access-token lifetime of the normal test client (default 600 s). */
  readonly accessTokenSeconds?: number;
  /** Access-token lifetime of the short-lived test client (default 3 s). */
  readonly shortAccessTokenSeconds?: number;
}

export interface OidcServer {
  readonly info: RigOidc;
  close(): Promise<void>;
}

/** A token as oidc-provider hands it to configuration functions (only what is read here). */
interface TokenLike {
  readonly kind: string;
  readonly clientId?: string;
}

/** The request context oidc-provider hands to policies (only what is read here). */
interface PolicyContext {
  readonly oidc: { readonly client: { readonly clientId: string } };
}

/** A native public client: loopback redirect without a port, refresh tokens allowed. */
function nativeClient(clientId: string): Record<string, unknown> {
  return {
    client_id: clientId,
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    // oidc-provider lets a native client's loopback redirect use any port (RFC 8252 7.3).
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: CLIENT_SCOPE,
    id_token_signed_response_alg: SIGNING_ALG,
  };
}

/** Starts the provider on a free 127.0.0.1 port. */
export async function startOidcProvider(options: OidcOptions): Promise<OidcServer> {
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  const clientSecret = randomBytes(24).toString('hex');
  const longLife = options.accessTokenSeconds ?? ACCESS_TOKEN_SECONDS;
  const shortLife = options.shortAccessTokenSeconds ?? SHORT_ACCESS_TOKEN_SECONDS;
  // The issuer names the port, so the provider exists only once the server listens.
  let handler = (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(503).end();
  };
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    adapter: createMemoryAdapter(),
    clients: [
      nativeClient(OIDC_CLIENT_ID),
      nativeClient(OIDC_SHORT_CLIENT_ID),
      {
        client_id: INTROSPECTION_CLIENT_ID,
        client_secret: clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
        id_token_signed_response_alg: SIGNING_ALG,
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), alg: SIGNING_ALG, use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'offline_access', 'email'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    async findAccount(_context: unknown, sub: string) {
      const user = await findRigUser(options.passwdFile, sub);
      if (user === undefined) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: user.email, email_verified: true }),
      };
    },
    interactions: {
      url: (_context: unknown, interaction: { uid: string }) =>
        `${INTERACTION_PATH}${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      introspection: {
        enabled: true,
        // RFC 7662 section 2.2: the answer may depend on who asks. The mail servers learn only
        // about access tokens (a refresh token is never a login); a public client only about
        // its own tokens.
        allowedPolicy: (context: PolicyContext, client: { clientId: string }, token: TokenLike) =>
          client.clientId === INTROSPECTION_CLIENT_ID
            ? token.kind === 'AccessToken'
            : token.clientId === context.oidc.client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_context: unknown, client: { clientId: string }, token: TokenLike) =>
          token.clientId === client.clientId,
      },
    },
    pkce: { required: () => true },
    // Like Google for installed apps: a refresh token without asking for offline_access again.
    issueRefreshToken: (_context: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    // Every refresh returns a new refresh token and retires the old one (as Microsoft does).
    rotateRefreshToken: () => true,
    expiresWithSession: () => false,
    ttl: {
      AccessToken: (_context: unknown, token: TokenLike) =>
        token.clientId === OIDC_SHORT_CLIENT_ID ? shortLife : longLife,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 86_400,
      Grant: 86_400,
      RefreshToken: 86_400,
    },
    renderError(context: { type: string; body: string }, out: Record<string, unknown>) {
      context.type = 'text/plain; charset=utf-8';
      context.body = `rig oidc error: ${String(out.error)}: ${String(out.error_description)}`;
    },
  });
  provider.on('server_error', (_context, error) => console.error('rig oidc:', error.message));
  const callback = provider.callback();
  handler = (request, response) => {
    if (request.url?.startsWith(INTERACTION_PATH) === true) {
      handleScriptedLogin(provider, options.passwdFile, request, response);
    } else {
      callback(request, response);
    }
  };

  const info: RigOidc = {
    issuer,
    client: {
      clientId: OIDC_CLIENT_ID,
      scope: CLIENT_SCOPE,
      accessTokenSeconds: longLife,
    },
    shortLivedClient: {
      clientId: OIDC_SHORT_CLIENT_ID,
      scope: CLIENT_SCOPE,
      accessTokenSeconds: shortLife,
    },
    introspection: {
      url: `${issuer}/token/introspection`,
      clientId: INTROSPECTION_CLIENT_ID,
      clientSecret,
    },
    revocationUrl: `${issuer}/token/revocation`,
  };
  return {
    info,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
