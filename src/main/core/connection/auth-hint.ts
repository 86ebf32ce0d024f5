/**
 * What to tell a user whose password was refused: the provider's own advice (app passwords,
 * IMAP to turn on, OAuth required) from the provider table, or a general check.
 */
import type { ProviderId } from '../../../shared/account';
import { providerHint } from '../accounts/providers';

/** For servers no provider entry describes. */
const GENERAL_HINT =
  'Check the login name and password. Some providers need an app password, or IMAP access turned on in their web settings.';

/** Advice for a refused login: the provider's hint where one is known, else a general check. */
export function authFailureHint(provider: ProviderId): string {
  return providerHint(provider) ?? GENERAL_HINT;
}
