/** Step 3: the password, then Test Connection (IMAP and SMTP checked apart, no mail sent). */
import { ErrorNotice } from '../../../components/ErrorNotice';
import { TextField } from '../../../components/Fields';
import { Spinner } from '../../../components/Spinner';
import { isTestCurrent, useAccountEditor } from './accountEditorSlice';
import { OAuthSignIn, signInProviderName } from './OAuthSignIn';
import { TestResults } from './TestResults';

export function PasswordStep() {
  const mode = useAccountEditor((state) => state.mode);
  const draft = useAccountEditor((state) => state.draft);
  const detection = useAccountEditor((state) => state.detection);
  const password = useAccountEditor((state) => state.password);
  const smtpPassword = useAccountEditor((state) => state.smtpPassword);
  const pending = useAccountEditor((state) => state.pending);
  const failure = useAccountEditor((state) => state.failure);
  const test = useAccountEditor((state) => state.test);
  const setPassword = useAccountEditor((state) => state.setPassword);
  const setSmtpPassword = useAccountEditor((state) => state.setSmtpPassword);
  const testConnection = useAccountEditor((state) => state.testConnection);
  const updateDraft = useAccountEditor((state) => state.updateDraft);

  const editing = mode.kind === 'edit';
  const hasStoredPassword = editing && !mode.account.awaitingPassword;
  const separateSmtp = !draft.smtp.noAuth && !draft.smtp.sameCredentialsAsImap;
  const providerHint = detection?.kind === 'found' ? detection.result.hint : undefined;
  const current = isTestCurrent(test, draft) ? test : undefined;
  const blankHelp = hasStoredPassword
    ? 'Leave blank to keep the stored password.'
    : 'Leave blank to save the account as "Awaiting password": you are asked for it on first use.';

  return (
    <form
      id="account-step-form"
      className="step"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void testConnection();
      }}
    >
      {draft.auth === 'oauth' ? (
        <OAuthSignIn />
      ) : (
        <>
          {(draft.provider === 'gmail' || draft.provider === 'microsoft') && (
            <div className="notice notice-info">
              <p>
                {signInProviderName(draft)} recommends signing in through its own page instead of an
                app password.
              </p>
              <button
                type="button"
                className="button button-small"
                onClick={() => updateDraft((d) => ({ ...d, auth: 'oauth' }))}
              >
                Sign in with {signInProviderName(draft)} instead
              </button>
            </div>
          )}
          <p className="lead">
            Signing in to <strong>{draft.imap.host}</strong> as <strong>{draft.login}</strong>. The
            password is stored only in your system keychain.
          </p>
          {providerHint && <p className="notice notice-info">{providerHint}</p>}
          <TextField
            label="Password"
            type="password"
            value={password}
            autoComplete="current-password"
            autoFocus
            help={blankHelp}
            onChange={setPassword}
          />
          {separateSmtp && (
            <TextField
              label="SMTP password"
              type="password"
              value={smtpPassword}
              autoComplete="off"
              help={`For ${draft.smtp.login || 'the SMTP login'} on ${draft.smtp.host}.`}
              onChange={setSmtpPassword}
            />
          )}
        </>
      )}

      <div className="step-actions">
        <button type="submit" className="button" disabled={pending !== undefined}>
          Test Connection
        </button>
        <span className="muted">Checks sign-in to both servers. No email is sent.</span>
      </div>

      {pending === 'test' && (
        <Spinner label="Testing IMAP and SMTP… this can take up to half a minute." />
      )}
      {failure?.action === 'test' && pending === undefined && (
        <ErrorNotice title="Test Connection did not run" error={failure.error} />
      )}
      {current && pending !== 'test' && <TestResults result={current.result} />}
      {current?.result.imap.ok && current.result.smtp.ok && pending === undefined && (
        <p className="notice notice-success" role="status">
          Both servers work. Continue to check the folder mapping.
        </p>
      )}
    </form>
  );
}
