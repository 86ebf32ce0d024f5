/** From, To, Cc and Bcc of the compose pane (Cc and Bcc shown on demand). */
import type { AccountView } from '../../../shared/account';
import type { KnownAddress } from '../../../shared/compose/completion';
import { SelectField } from '../../components/Fields';
import { AddressField } from './AddressField';
import type { ComposeForm } from './compose-form';
import type { FieldErrors } from './compose-send';

interface RecipientFieldsProps {
  /** The enabled accounts. */
  readonly accounts: readonly AccountView[];
  readonly form: ComposeForm;
  readonly errors: FieldErrors;
  readonly known: readonly KnownAddress[];
  readonly onAccount: (accountId: string) => void;
  readonly onChange: (patch: Partial<ComposeForm>) => void;
}

export function RecipientFields(props: RecipientFieldsProps) {
  return (
    <>
      {props.accounts.length === 0 ? (
        <p className="field-error">Enable an email account to send mail.</p>
      ) : (
        <SelectField
          label="From"
          value={props.form.accountId}
          options={props.accounts.map((a) => ({
            value: a.id,
            label: `${a.senderName} <${a.email}>`,
          }))}
          onChange={props.onAccount}
          error={props.errors.from}
        />
      )}
      <AddressField
        label="To"
        testId="compose-to"
        value={props.form.to}
        onChange={(to) => props.onChange({ to })}
        known={props.known}
        errors={props.errors.to ? [props.errors.to] : []}
        autoFocus
      />
      <div className="compose-cc-toggles">
        {!props.form.showCc && (
          <button
            type="button"
            className="link-button"
            onClick={() => props.onChange({ showCc: true })}
          >
            Cc
          </button>
        )}
        {!props.form.showBcc && (
          <button
            type="button"
            className="link-button"
            onClick={() => props.onChange({ showBcc: true })}
          >
            Bcc
          </button>
        )}
      </div>
      {props.form.showCc && (
        <AddressField
          label="Cc"
          testId="compose-cc"
          value={props.form.cc}
          onChange={(cc) => props.onChange({ cc })}
          known={props.known}
          errors={props.errors.cc ? [props.errors.cc] : []}
        />
      )}
      {props.form.showBcc && (
        <AddressField
          label="Bcc"
          testId="compose-bcc"
          value={props.form.bcc}
          onChange={(bcc) => props.onChange({ bcc })}
          known={props.known}
          errors={props.errors.bcc ? [props.errors.bcc] : []}
        />
      )}
    </>
  );
}
