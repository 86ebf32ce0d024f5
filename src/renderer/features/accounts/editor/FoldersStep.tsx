/**
 * Step 4: which server folder plays which role. Filled from the server's SPECIAL-USE flags during
 * Test Connection; the user may pick another folder or none for each role. Then which folders
 * sync (once the account exists) and how.
 */
import { FOLDER_ROLES, type FolderRole } from '../../../../shared/account';
import { SelectField } from '../../../components/Fields';
import { isTestCurrent, useAccountEditor } from './accountEditorSlice';
import { SyncFoldersSection } from './SyncFoldersSection';
import { SyncSettingsSection } from './SyncSettingsSection';

const ROLE_LABELS: Readonly<Record<FolderRole, string>> = {
  inbox: 'Inbox folder',
  sent: 'Sent folder',
  drafts: 'Drafts folder',
  trash: 'Trash folder',
  archive: 'Archive folder',
  junk: 'Junk folder',
};

export function FoldersStep() {
  const draft = useAccountEditor((state) => state.draft);
  const test = useAccountEditor((state) => state.test);
  const setFolder = useAccountEditor((state) => state.setFolder);
  const save = useAccountEditor((state) => state.save);
  const mode = useAccountEditor((state) => state.mode);

  const current = isTestCurrent(test, draft) && test.result.imap.ok ? test.result.imap : undefined;
  const options = [
    { value: '', label: '(none)' },
    ...(current?.folders ?? [])
      .filter((folder) => folder.selectable)
      .map((folder) => ({
        value: folder.path,
        label: folder.specialUse ? `${folder.path}  (${folder.specialUse})` : folder.path,
      })),
  ];

  return (
    <form
      id="account-step-form"
      className="step"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {current ? (
        <>
          <p className="lead">
            These folders were found on the server. Change a role if your server uses another folder
            for it.
          </p>
          <div className="field-grid">
            {FOLDER_ROLES.map((role) => (
              <SelectField
                key={role}
                label={ROLE_LABELS[role]}
                value={draft.folders[role] ?? ''}
                options={options}
                onChange={(path) => setFolder(role, path)}
              />
            ))}
          </div>
        </>
      ) : (
        <p className="notice notice-info">
          The folders are detected from the server when the account first connects. To choose them
          now, go back and run Test Connection.
        </p>
      )}
      {mode.kind === 'edit' ? (
        <SyncFoldersSection accountId={mode.account.id} />
      ) : (
        <p className="field-help">
          Inbox and Sent sync as soon as the account is saved. To sync other folders, edit the
          account afterwards.
        </p>
      )}
      <SyncSettingsSection />
    </form>
  );
}
