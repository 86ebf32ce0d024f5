/** The Compose settings tab: how new messages and replies from one account are written. */
import { useState } from 'react';
import type { AccountView } from '../../../shared/account';
import { toAppError, type AppError } from '../../../shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Checkbox, RadioGroup, TextField } from '../../components/Fields';
import { Spinner } from '../../components/Spinner';
import { getMailDb } from '../../db/mail-db';
import type { ComposePreferences } from '../../db/template-records';
import { saveComposePreferences } from '../../db/template-store';
import { useComposePreferences } from './useTemplates';

const PLACEMENTS = [
  { value: 'above-quote', label: 'Above the quoted message' },
  { value: 'below-quote', label: 'Below the quoted message' },
] as const;

/** RFC 2369: one or more <URI>s, mailto: or http(s):, comma separated. */
const LIST_UNSUBSCRIBE =
  /^<(?:mailto:|https?:\/\/)[^<>\s]+>(?:\s*,\s*<(?:mailto:|https?:\/\/)[^<>\s]+>)*$/i;

function ComposeForm({ account, initial }: { account: AccountView; initial: ComposePreferences }) {
  const [draft, setDraft] = useState(initial);
  const [limitText, setLimitText] = useState(String(initial.attachmentLimitMb));
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [failure, setFailure] = useState<AppError>();

  const update = (change: Partial<ComposePreferences>) => {
    setDraft((now) => ({ ...now, ...change }));
    setState('idle');
  };
  const limit = Number(limitText);
  const limitError =
    limitText === '' || !Number.isInteger(limit) || limit < 1 || limit > 1000
      ? 'Enter a whole number of megabytes between 1 and 1000'
      : undefined;
  const unsubscribe = draft.listUnsubscribe?.trim() ?? '';
  const unsubscribeError =
    unsubscribe === '' || LIST_UNSUBSCRIBE.test(unsubscribe)
      ? undefined
      : 'Write addresses in angle brackets, e.g. <mailto:unsubscribe@example.com>';

  async function save() {
    if (limitError || unsubscribeError) return;
    setState('saving');
    setFailure(undefined);
    try {
      await saveComposePreferences(getMailDb(), account.id, { ...draft, attachmentLimitMb: limit });
      setState('saved');
    } catch (thrown) {
      setFailure(toAppError(thrown));
      setState('idle');
    }
  }

  return (
    <form
      className="form-section compose-settings"
      aria-label={`Compose settings for ${account.email}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {failure && <ErrorNotice title="The settings were not saved" error={failure} />}
      <Checkbox
        label="Add the signature to replies and forwards"
        checked={draft.signatureOnReplies}
        help="New messages always get the default signature."
        onChange={(signatureOnReplies) => update({ signatureOnReplies })}
      />
      <RadioGroup
        legend="In replies, put the signature"
        name="placement"
        value={draft.signaturePlacement}
        options={PLACEMENTS}
        onChange={(signaturePlacement) => update({ signaturePlacement })}
      />
      <TextField
        label="List-Unsubscribe header"
        value={draft.listUnsubscribe ?? ''}
        placeholder="<mailto:unsubscribe@example.com>, <https://example.com/unsubscribe>"
        help="Optional. Added to every message from this account; for newsletters and campaigns."
        error={unsubscribeError}
        onChange={(listUnsubscribe) => update({ listUnsubscribe })}
      />
      <TextField
        className="field-narrow"
        label="Attachment limit (MB)"
        value={limitText}
        help="Attachments above this total get a warning before sending: use your provider’s limit."
        error={limitError}
        onChange={(value) => {
          setLimitText(value.replace(/\D/g, ''));
          setState('idle');
        }}
      />
      <Checkbox
        label="Ask for a read receipt by default"
        checked={draft.readReceiptByDefault}
        help="Recipients’ mail programs may ignore the request."
        onChange={(readReceiptByDefault) => update({ readReceiptByDefault })}
      />
      <div className="panel-actions">
        {state === 'saved' && (
          <span className="muted" role="status">
            Saved.
          </span>
        )}
        <button
          type="submit"
          className="button"
          disabled={state === 'saving' || Boolean(limitError || unsubscribeError)}
        >
          {state === 'saving' ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

export function ComposeSettingsPanel({ account }: { account: AccountView }) {
  const preferences = useComposePreferences(account.id);
  if (preferences.status === 'failed') {
    return <ErrorNotice title="The compose settings could not be read" error={preferences.error} />;
  }
  if (preferences.status === 'loading') return <Spinner label="Loading settings…" />;
  // Keyed by account: switching accounts starts a fresh draft from that account's settings.
  return <ComposeForm key={account.id} account={account} initial={preferences.value} />;
}
