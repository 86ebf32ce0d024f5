/**
 * The core services of one running app, built once per composition root (Electron main, the
 * browser bridge) so both wire the same pieces the same way: OAuth tokens, accounts, sync.
 */
import { createAccountService, type AccountService } from '../accounts/account-service';
import { configuredClientSecret } from '../oauth/providers';
import { createTokenManager, type TokenManager } from '../oauth/token-manager';
import type { CoreDeps } from '../ports';
import { createSyncService, type SyncService } from '../sync/sync-service';

/** Accounts, sync and OAuth tokens sharing one set of ports. */
export interface CoreServices {
  readonly accounts: AccountService;
  readonly sync: SyncService;
  readonly oauth: TokenManager;
  /** Ends every connection; composition roots call it on exit. */
  close(): Promise<void>;
}

/** Builds the services; `env` supplies OAuth client registrations (MAILCRM_*_CLIENT_ID ...). */
export function createCoreServices(
  deps: CoreDeps,
  env: Readonly<Record<string, string | undefined>>,
): CoreServices {
  const oauth = createTokenManager({
    secrets: deps.secrets,
    settings: deps.settings,
    clock: deps.clock,
    logger: deps.logger,
    clientSecretFor: configuredClientSecret({ settings: deps.settings, env }),
  });
  const accounts = createAccountService(deps, { oauth });
  const sync = createSyncService(deps, accounts, { oauth });
  return { accounts, sync, oauth, close: () => sync.close() };
}
