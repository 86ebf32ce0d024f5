/** "‹ Contacts": back from a record page to its screen's list. */
import { useCrmNav } from './crmNavSlice';

export function RecordBack({ label }: { label: string }) {
  const closeRecord = useCrmNav((state) => state.closeRecord);
  return (
    <button type="button" className="link-button crm-back" onClick={closeRecord}>
      ‹ {label}
    </button>
  );
}
