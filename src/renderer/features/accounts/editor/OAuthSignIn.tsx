/**
 * The sign-in part of the password step for OAuth accounts: "Sign in with Google / Microsoft"
 * (or the account's own OpenID provider, entered here), which opens the provider's page in the
 * system browser and waits for the user to come back. mailcrm never sees the password.
 */
import type { AccountDraft } from '../../../../shared/account';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { TextField } from '../../../components/Fields';
import { Spinner } from '../../../components/Spinner';
import { useAccountEditor } from './accountEditorSlice';

/** The name on the button: the big providers by name, anything else as "your provider". */
export function signInProviderName(draft: AccountDraft): string {
  if (draft.provider === 'gmail') return 'Google';
  if (draft.provider === 'microsoft') return 'Microsoft';
  return 'your provider';
}

/** Google and Microsoft come from the app's configuration; others need an issuer and client. */
function needsOwnProvider(draft: AccountDraft): boolean {
  return draft.provider !== 'gmail' && draft.provider !== 'microsoft';
}

export function OAuthSignIn() {
  const draft = useAccountEditor((state) => state.draft);
  const pending = useAccountEditor((state) => state.pending);
  const failure = useAccountEditor((state) => state.failure);
  const updateDraft = useAccountEditor((state) => state.updateDraft);
  const errors = useAccountEditor((state) => state.fieldErrors);
  const signIn = useAccountEditor((state) => state.signIn);
  const name = signInProviderName(draft);
  const oauth = draft.oauth ?? { issuer: '', clientId: '' };

  return (
    <div className="oauth-sign-in">
      <p className="lead">
        Sign in as <strong>{draft.login}</strong> on{' '}
        {name === 'your provider' ? 'your provider' : name}
        &apos;s page in your browser. mailcrm never sees your password: it keeps a sign-in token in
        your system keychain.
      </p>
      {needsOwnProvider(draft) && (
        <>
          <TextField
            label="Sign-in provider (issuer URL)"
            value={oauth.issuer}
            error={errors['oauth.issuer']}
            help="The OpenID provider your mail server trusts, e.g. https://login.example.com/realms/mail."
            onChange={(issuer) => updateDraft((d) => ({ ...d, oauth: { ...oauth, issuer } }))}
          />
          <TextField
            label="Client ID"
            value={oauth.clientId}
            error={errors['oauth.clientId']}
            help="The client your administrator registered for mailcrm at that provider."
            onChange={(clientId) => updateDraft((d) => ({ ...d, oauth: { ...oauth, clientId } }))}
          />
        </>
      )}
      <TextField
        label="Shared mailbox: sign in as (optional)"
        value={draft.oauthDelegate ?? ''}
        help={`For a mailbox you reach with your own sign-in (such as a Microsoft 365 shared mailbox): your own address. ${draft.login} stays the mailbox that is opened.`}
        onChange={(oauthDelegate) => updateDraft((d) => ({ ...d, oauthDelegate }))}
      />
      <div className="step-actions">
        <button
          type="button"
          className="button"
          disabled={pending !== undefined}
          onClick={() => void signIn()}
        >
          Sign in with {name}
        </button>
        {draft.provider === 'gmail' && (
          <button
            type="button"
            className="button button-secondary"
            disabled={pending !== undefined}
            onClick={() => updateDraft((d) => ({ ...d, auth: 'password' }))}
          >
            Use an app password instead
          </button>
        )}
      </div>
      {pending === 'sign-in' && (
        <Spinner label="Waiting for you to finish signing in in your browser… Come back here when the page says you can." />
      )}
      {failure?.action === 'sign-in' && pending === undefined && (
        <ErrorNotice title="Sign-in did not finish" error={failure.error} />
      )}
    </div>
  );
}
