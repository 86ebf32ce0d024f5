/** Step 2: every setting of the account, prefilled from detection and editable. */
import type { AccountDraft } from '../../../../shared/account';
import { Checkbox, RadioGroup, SelectField, TextField } from '../../../components/Fields';
import { useAccountEditor } from './accountEditorSlice';
import { DetectionSummary } from './DetectionSummary';
import { ServerFieldset } from './ServerFieldset';

/** Fields that show their own message; any other validation message is listed at the top. */
const FIELDS_WITH_MESSAGES: ReadonlySet<string> = new Set([
  'name',
  'senderName',
  'email',
  'replyTo',
  'login',
  'imap.host',
  'imap.port',
  'imap.security',
  'smtp.host',
  'smtp.port',
  'smtp.security',
  'smtp.login',
]);

export function SettingsStep() {
  const draft = useAccountEditor((state) => state.draft);
  const errors = useAccountEditor((state) => state.fieldErrors);
  const detection = useAccountEditor((state) => state.detection);
  const updateDraft = useAccountEditor((state) => state.updateDraft);
  const continueToPassword = useAccountEditor((state) => state.continueToPassword);

  function patch(change: Partial<AccountDraft>) {
    updateDraft((current) => ({ ...current, ...change }));
  }

  const errorCount = Object.keys(errors).length;
  const otherErrors = Object.entries(errors).filter(([key]) => !FIELDS_WITH_MESSAGES.has(key));

  return (
    <form
      id="account-step-form"
      className="step"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        continueToPassword();
      }}
    >
      <DetectionSummary detection={detection} />
      {errorCount > 0 && (
        <p className="notice notice-error" role="alert">
          {errorCount === 1 ? 'One field needs' : `${errorCount} fields need`} your attention before
          you go on.
        </p>
      )}
      {otherErrors.length > 0 && (
        <ul className="field-error">
          {otherErrors.map(([key, message]) => (
            <li key={key}>
              {key}: {message}
            </li>
          ))}
        </ul>
      )}

      <fieldset className="form-section">
        <legend>Identity</legend>
        <div className="field-grid">
          <TextField
            label="Account name"
            value={draft.name}
            error={errors.name}
            help="Shown in the account list, e.g. Work or Support."
            onChange={(name) => patch({ name })}
          />
          <TextField
            label="Sender name"
            value={draft.senderName}
            error={errors.senderName}
            help="The name recipients see."
            onChange={(senderName) => patch({ senderName })}
          />
          <TextField
            label="Email address"
            type="email"
            value={draft.email}
            error={errors.email}
            onChange={(email) => patch({ email })}
          />
          <TextField
            label="Reply-to address (optional)"
            type="email"
            value={draft.replyTo ?? ''}
            error={errors.replyTo}
            onChange={(replyTo) => patch({ replyTo })}
          />
          <TextField
            label="Login"
            value={draft.login}
            error={errors.login}
            help="Usually the email address; some servers use a user name."
            onChange={(login) => patch({ login })}
          />
          <SelectField
            label="Sign-in method"
            value={draft.auth}
            options={[
              { value: 'password', label: 'Password' },
              { value: 'oauth', label: 'Browser sign-in (OAuth)' },
            ]}
            onChange={(auth) => patch({ auth })}
          />
        </div>
      </fieldset>

      <ServerFieldset
        protocol="imap"
        legend="Incoming mail (IMAP)"
        value={draft.imap}
        errors={errors}
        onChange={(imap) => patch({ imap })}
      />

      <ServerFieldset
        protocol="smtp"
        legend="Outgoing mail (SMTP)"
        value={draft.smtp}
        errors={errors}
        onChange={(smtp) => patch({ smtp })}
      >
        <Checkbox
          label="SMTP server needs no sign-in"
          checked={draft.smtp.noAuth}
          help="Only for relays that accept mail from this network without a password."
          onChange={(noAuth) => patch({ smtp: { ...draft.smtp, noAuth } })}
        />
        {!draft.smtp.noAuth && (
          <Checkbox
            label="Same login and password as IMAP"
            checked={draft.smtp.sameCredentialsAsImap}
            onChange={(sameCredentialsAsImap) =>
              patch({
                smtp: {
                  ...draft.smtp,
                  sameCredentialsAsImap,
                  // Start from the IMAP login: SMTP logins usually differ only slightly, if at all.
                  login: draft.smtp.login || draft.login,
                },
              })
            }
          />
        )}
        {!draft.smtp.noAuth && !draft.smtp.sameCredentialsAsImap && (
          <TextField
            label="SMTP login"
            value={draft.smtp.login ?? ''}
            error={errors['smtp.login']}
            help="You enter the SMTP password on the next page."
            onChange={(login) => patch({ smtp: { ...draft.smtp, login } })}
          />
        )}
      </ServerFieldset>

      <fieldset className="form-section">
        <legend>Options</legend>
        <Checkbox
          label="Copy sent mail to the Sent folder"
          checked={draft.copySentToSentFolder}
          help="Turn off where the server files sent mail itself, as Gmail does."
          onChange={(copySentToSentFolder) => patch({ copySentToSentFolder })}
        />
        <Checkbox
          label="Default account for sending"
          checked={draft.isDefaultSender}
          onChange={(isDefaultSender) => patch({ isDefaultSender })}
        />
        <Checkbox
          label="Account enabled"
          checked={draft.enabled}
          help="A disabled account keeps its settings but does not sync or send."
          onChange={(enabled) => patch({ enabled })}
        />
        <RadioGroup
          legend="Who uses this account"
          name="scope"
          value={draft.scope}
          options={[
            { value: 'personal', label: 'Only me (personal)' },
            { value: 'team', label: 'My team (shared mailbox)' },
          ]}
          onChange={(scope) => patch({ scope })}
        />
      </fieldset>
    </form>
  );
}
