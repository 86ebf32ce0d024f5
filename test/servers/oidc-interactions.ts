/**
 * The rig's scripted login: no form and no human. The authorization request's `login_hint`
 * names a rig user; that user is signed in and consents to the requested scopes at once. An
 * unknown user gets `access_denied`, as a user who cancels the sign-in would.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { findRigUser } from './rig-users';

/** Where oidc-provider sends the browser for a login or consent prompt. */
export const INTERACTION_PATH = '/interaction/';

async function finish(
  provider: Provider,
  passwdFile: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  const hint = details.params.login_hint;
  const user = typeof hint === 'string' ? await findRigUser(passwdFile, hint) : undefined;
  if (user === undefined) {
    await provider.interactionFinished(
      request,
      response,
      { error: 'access_denied', error_description: 'no such rig user (login_hint)' },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  // The subject is the login in lower case: Dovecot's oauth2 passdb compares it with the
  // XOAUTH2 user (username_attribute = sub), and the SMTP server does the same.
  const accountId = user.login.toLowerCase();
  const clientId = String(details.params.client_id);
  const grant = new provider.Grant({ accountId, clientId });
  const scope = details.params.scope;
  grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
  const grantId = await grant.save();
  await provider.interactionFinished(
    request,
    response,
    { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

/** Answers GET /interaction/:uid by finishing the interaction (a 303 back to the provider). */
export function handleScriptedLogin(
  provider: Provider,
  passwdFile: string,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  finish(provider, passwdFile, request, response).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error('rig oidc interaction:', message);
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
    response.end(`rig oidc interaction failed: ${message}`);
  });
}
