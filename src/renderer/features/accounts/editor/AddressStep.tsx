/** Step 1: the email address, from which the server settings are detected. */
import { Spinner } from '../../../components/Spinner';
import { TextField } from '../../../components/Fields';
import { useAccountEditor } from './accountEditorSlice';

export function AddressStep() {
  const address = useAccountEditor((state) => state.address);
  const addressError = useAccountEditor((state) => state.addressError);
  const pending = useAccountEditor((state) => state.pending);
  const setAddress = useAccountEditor((state) => state.setAddress);
  const detect = useAccountEditor((state) => state.detect);

  return (
    <form
      id="account-step-form"
      className="step"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void detect();
      }}
    >
      <p className="lead">
        Enter the address of the mailbox. mailcrm looks up its server settings; you can change every
        one of them on the next page.
      </p>
      <TextField
        label="Email address"
        type="email"
        value={address}
        onChange={setAddress}
        placeholder="you@example.com"
        autoComplete="email"
        autoFocus
        required
        error={addressError}
        disabled={pending === 'detect'}
      />
      {pending === 'detect' && (
        <Spinner label={`Looking up the server settings for ${address.trim()}…`} />
      )}
    </form>
  );
}
