/**
 * Which server folders sync (editing a saved account): the server's folders with their kind,
 * Inbox and Sent chosen by default. Calendar, contacts, tasks and notes folders cannot be
 * chosen, and each says why. The choice is saved at once with 'sync.selectFolders' and the
 * newly chosen folders start syncing.
 */
import { useEffect, useState } from 'react';
import { toAppError, type AppError } from '../../../../shared/errors';
import { syncSettingsSchema, type SyncFolder } from '../../../../shared/sync';
import { formatCount } from '../../../../shared/text/counts';
import { api } from '../../../api/client';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Spinner } from '../../../components/Spinner';
import { startSync } from '../../sync/start-sync';
import { useAccountEditor } from './accountEditorSlice';

type Load =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly folders: readonly SyncFolder[] }
  | { readonly state: 'failed'; readonly error: AppError };

function FolderChoice(props: {
  readonly folder: SyncFolder;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}) {
  const { folder } = props;
  const id = `sync-folder-${folder.path}`;
  const refused = folder.kind !== 'mail';
  const counts =
    folder.messages === undefined
      ? ''
      : `${formatCount(folder.messages)} messages${folder.unseen ? `, ${folder.unseen} unread` : ''}`;
  return (
    <li className="field-check sync-folder">
      <input
        id={id}
        type="checkbox"
        checked={props.checked && !refused}
        disabled={refused}
        aria-describedby={refused ? `${id}-why` : undefined}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <label htmlFor={id}>
        {folder.path}
        {folder.specialUse && <span className="tag">{folder.specialUse}</span>}
      </label>
      {counts && <span className="field-help">{counts}</span>}
      {refused && (
        <span id={`${id}-why`} className="field-help field-warning">
          {folder.refusal ?? `This is a ${folder.kind} folder, not mail.`}
        </span>
      )}
    </li>
  );
}

export function SyncFoldersSection({ accountId }: { readonly accountId: string }) {
  const updateDraft = useAccountEditor((state) => state.updateDraft);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<number>();
  const [failure, setFailure] = useState<AppError>();

  useEffect(() => {
    let current = true;
    api.call('sync.folders', { accountId }).then(
      (folders) => {
        if (!current) return;
        setLoad({ state: 'ready', folders });
        setChosen(new Set(folders.filter((f) => f.selected).map((f) => f.path)));
      },
      (thrown: unknown) => {
        if (current) setLoad({ state: 'failed', error: toAppError(thrown) });
      },
    );
    return () => {
      current = false;
    };
  }, [accountId]);

  async function save(folders: readonly string[]) {
    setSaving(true);
    setFailure(undefined);
    setSaved(undefined);
    try {
      const result = await api.call('sync.selectFolders', { accountId, folders: [...folders] });
      const selection = result.filter((f) => f.selected).map((f) => f.path);
      setLoad({ state: 'ready', folders: result });
      setChosen(new Set(selection));
      setSaved(selection.length);
      // A later "Save changes" must keep this choice.
      updateDraft((draft) => ({
        ...draft,
        sync: { ...(draft.sync ?? syncSettingsSchema.parse({})), folders: selection },
      }));
      const scheduler = startSync();
      await scheduler.reloadAccounts();
      void scheduler.syncNow(accountId);
    } catch (thrown) {
      setFailure(toAppError(thrown));
    } finally {
      setSaving(false);
    }
  }

  let body;
  switch (load.state) {
    case 'loading':
      body = <Spinner label="Reading the server's folders…" />;
      break;
    case 'failed':
      body = (
        <ErrorNotice
          title="The folder list could not be read"
          error={load.error}
          fallbackHint="Inbox and Sent sync until you choose; try again when the server can be reached."
        />
      );
      break;
    case 'ready':
      body = (
        <>
          <ul className="sync-folder-list">
            {load.folders.map((folder) => (
              <FolderChoice
                key={folder.path}
                folder={folder}
                checked={chosen.has(folder.path)}
                onChange={(checked) =>
                  setChosen((now) => {
                    const next = new Set(now);
                    if (checked) next.add(folder.path);
                    else next.delete(folder.path);
                    return next;
                  })
                }
              />
            ))}
          </ul>
          <div className="step-actions">
            <button
              type="button"
              className="button button-secondary"
              disabled={saving || chosen.size === 0}
              onClick={() => void save([...chosen])}
            >
              Save folder choice
            </button>
            {saving && <Spinner label="Saving…" />}
            {saved !== undefined && !saving && (
              <span role="status" className="muted">
                {saved === 1 ? '1 folder syncs.' : `${saved} folders sync.`}
              </span>
            )}
          </div>
          {failure && <ErrorNotice title="The folder choice was not saved" error={failure} />}
        </>
      );
      break;
    default: {
      const unknown: never = load;
      throw new Error(`Unknown load state: ${JSON.stringify(unknown)}`);
    }
  }

  return (
    <fieldset className="form-section">
      <legend>Folders to sync</legend>
      <p className="field-help">
        Chosen folders are kept on this computer and readable offline. Calendar, contacts, tasks and
        notes folders hold no mail and cannot be chosen.
      </p>
      {body}
    </fieldset>
  );
}
