/**
 * The core services of one running app, built once per composition root (Electron main, the
 * browser bridge) so both wire the same pieces the same way: OAuth tokens, accounts, sync, send.
 */
import { createAccountService, type AccountService } from '../accounts/account-service';
import { createAuthorizationFlow } from '../oauth/authorization-flow';
import { configuredClientSecret } from '../oauth/providers';
import { createOAuthSignIn, type OAuthSignIn } from '../oauth/sign-in-service';
import { createTokenManager, type TokenManager } from '../oauth/token-manager';
import type { CoreDeps } from '../ports';
import { createAttachmentStaging } from '../send/attachment-staging';
import { createSendService, stagingDirOf, type SendService } from '../send/send-service';
import { createSyncService, type SyncService } from '../sync/sync-service';

/** Accounts, sync, send and OAuth tokens sharing one set of ports. */
export interface CoreServices {
  readonly accounts: AccountService;
  readonly sync: SyncService;
  /** Sending, drafts and staged attachments, on connections apart from sync's. */
  readonly send: SendService;
  readonly oauth: TokenManager;
  /** Browser sign-in (and sign-out) of OAuth accounts. */
  readonly signIn: OAuthSignIn;
  /** Ends every connection; composition roots call it on exit. */
  close(): Promise<void>;
}

/** The services the contract's handlers use. */
export type HandlerServices = Pick<CoreServices, 'accounts' | 'sync' | 'send' | 'signIn'>;

/**
 * Builds the services; `env` supplies OAuth client registrations (MAILCRM_*_CLIENT_ID ...).
 * Services in `given` are used as they are (tests pass the ones they look at); the others are
 * built over the same ports and share the one accounts service.
 */
export function createCoreServices(
  deps: CoreDeps,
  env: Readonly<Record<string, string | undefined>>,
  given: Partial<HandlerServices> = {},
): CoreServices {
  const oauth = createTokenManager({
    secrets: deps.secrets,
    settings: deps.settings,
    clock: deps.clock,
    logger: deps.logger,
    clientSecretFor: configuredClientSecret({ settings: deps.settings, env }),
  });
  const accounts = given.accounts ?? createAccountService(deps, { oauth });
  const sync = given.sync ?? createSyncService(deps, accounts, { oauth });
  const send =
    given.send ??
    createSendService(deps, accounts, {
      oauth,
      staging: createAttachmentStaging(stagingDirOf(deps)),
    });
  const flow = createAuthorizationFlow({
    browser: deps.browser,
    clock: deps.clock,
    logger: deps.logger,
  });
  const signIn =
    given.signIn ??
    createOAuthSignIn({
      accounts,
      tokens: oauth,
      flow,
      sources: { settings: deps.settings, env },
      logger: deps.logger,
    });
  return {
    accounts,
    sync,
    send,
    oauth,
    signIn,
    close: async () => {
      await Promise.all([sync.close(), send.close(), flow.cancelAll()]);
    },
  };
}
