/**
 * How the account syncs: how far back message text is downloaded, how often folders other than
 * the Inbox are checked, and senders whose mail is never stored. Saved with the account.
 */
import { useId, useState } from 'react';
import { syncSettingsSchema, type HistoryWindow, type SyncSettings } from '../../../../shared/sync';
import { SelectField, type SelectOption } from '../../../components/Fields';
import { useAccountEditor } from './accountEditorSlice';

const DEFAULTS: SyncSettings = syncSettingsSchema.parse({});

const WINDOWS: readonly SelectOption<HistoryWindow>[] = [
  { value: '7d', label: 'The last 7 days' },
  { value: '30d', label: 'The last 30 days' },
  { value: '90d', label: 'The last 90 days' },
  { value: '6m', label: 'The last 6 months' },
  { value: 'all', label: 'All mail' },
];

const POLL_MINUTES = [1, 5, 10, 15, 30, 60] as const;

const MAX_PATTERN = 320;
const MAX_PATTERNS = 200;

/** The patterns in `text` (one a line), and what is wrong with them. */
export function parsePatterns(text: string): { patterns: string[]; error?: string } {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const tooLong = lines.find((line) => line.length > MAX_PATTERN);
  if (tooLong !== undefined) {
    return {
      patterns: lines.filter((line) => line.length <= MAX_PATTERN),
      error: `A pattern may have at most ${MAX_PATTERN} characters.`,
    };
  }
  if (lines.length > MAX_PATTERNS) {
    return {
      patterns: lines.slice(0, MAX_PATTERNS),
      error: `At most ${MAX_PATTERNS} patterns; the rest are not saved.`,
    };
  }
  return { patterns: lines };
}

function ExcludePatterns(props: {
  readonly value: readonly string[];
  readonly onChange: (patterns: string[]) => void;
}) {
  const id = useId();
  // The text as typed (with its blank last line), not re-derived from the parsed list.
  const [text, setText] = useState(props.value.join('\n'));
  const { error } = parsePatterns(text);
  return (
    <div className="field">
      <label htmlFor={id}>Never store mail from</label>
      <textarea
        id={id}
        className="pattern-input"
        rows={3}
        value={text}
        spellCheck={false}
        placeholder={'noreply@*\n*@marketing.*'}
        aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          props.onChange(parsePatterns(event.target.value).patterns);
        }}
      />
      <span id={`${id}-help`} className="field-help">
        One sender pattern a line; * matches anything. Such mail is counted, not stored.
      </span>
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function SyncSettingsSection() {
  const settings = useAccountEditor((state) => state.draft.sync) ?? DEFAULTS;
  const updateDraft = useAccountEditor((state) => state.updateDraft);

  function patch(change: Partial<SyncSettings>) {
    updateDraft((draft) => ({ ...draft, sync: { ...(draft.sync ?? DEFAULTS), ...change } }));
  }

  const pollOptions: SelectOption<string>[] = POLL_MINUTES.map((minutes) => ({
    value: String(minutes),
    label: minutes === 1 ? 'Every minute' : `Every ${minutes} minutes`,
  }));
  if (!POLL_MINUTES.some((minutes) => minutes === settings.pollIntervalMinutes)) {
    const minutes = settings.pollIntervalMinutes;
    pollOptions.push({ value: String(minutes), label: `Every ${minutes} minutes` });
  }

  return (
    <fieldset className="form-section">
      <legend>Sync</legend>
      <div className="field-grid">
        <SelectField
          label="Download message text for"
          value={settings.historyWindow}
          options={WINDOWS}
          help="Older mail is listed too; its text downloads when you open it."
          onChange={(historyWindow) => patch({ historyWindow })}
        />
        <SelectField
          label="Check other folders"
          value={String(settings.pollIntervalMinutes)}
          options={pollOptions}
          help="The Inbox gets new mail at once (IMAP IDLE)."
          onChange={(minutes) => patch({ pollIntervalMinutes: Number(minutes) })}
        />
      </div>
      <ExcludePatterns
        value={settings.excludePatterns}
        onChange={(excludePatterns) => patch({ excludePatterns })}
      />
    </fieldset>
  );
}
