/** The failure of the last CRM action, if any, with a Dismiss button. */
import { ErrorNotice } from '../../components/ErrorNotice';
import { useCrmNotice } from './crmNoticeSlice';

export function CrmNotice() {
  const failure = useCrmNotice((state) => state.failure);
  const dismiss = useCrmNotice((state) => state.dismiss);
  if (failure === undefined) return null;
  return (
    <ErrorNotice title={failure.what} error={failure.error}>
      <button type="button" className="button button-small button-secondary" onClick={dismiss}>
        Dismiss
      </button>
    </ErrorNotice>
  );
}
