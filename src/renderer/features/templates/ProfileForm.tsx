/** Who the user is: the values of {user.*} and, in signatures, {company.name}. */
import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { TextField } from '../../components/Fields';
import { getMailDb } from '../../db/mail-db';
import type { UserProfile } from '../../db/template-records';
import { saveProfile } from '../../db/template-store';
import { useProfile } from './useTemplates';

/** The form starts from the loaded profile and then owns its draft until saved. */
function ProfileForm({ profile }: { profile: UserProfile }) {
  const [draft, setDraft] = useState(profile);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [failure, setFailure] = useState<AppError>();

  const edit = (field: keyof UserProfile) => (value: string) => {
    setDraft((now) => ({ ...now, [field]: value }));
    setState('idle');
  };

  async function save() {
    setState('saving');
    setFailure(undefined);
    try {
      await saveProfile(getMailDb(), draft);
      setState('saved');
    } catch (thrown) {
      setFailure(toAppError(thrown));
      setState('idle');
    }
  }

  return (
    <form
      className="form-section"
      aria-labelledby="profile-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2 id="profile-title" className="section-title">
        Your profile
      </h2>
      <p className="muted">
        Used by <code>{'{user.name}'}</code>, <code>{'{user.title}'}</code>,{' '}
        <code>{'{user.phone}'}</code> and, in signatures, <code>{'{company.name}'}</code> for every
        account.
      </p>
      {failure && <ErrorNotice title="The profile was not saved" error={failure} />}
      <div className="field-grid">
        <TextField label="Name" value={draft.name} autoComplete="name" onChange={edit('name')} />
        <TextField label="Job title" value={draft.title} onChange={edit('title')} />
        <TextField label="Phone" value={draft.phone} autoComplete="tel" onChange={edit('phone')} />
        <TextField label="Company" value={draft.companyName} onChange={edit('companyName')} />
      </div>
      <div className="panel-actions">
        {state === 'saved' && (
          <span className="muted" role="status">
            Saved.
          </span>
        )}
        <button type="submit" className="button" disabled={state === 'saving'}>
          {state === 'saving' ? 'Saving…' : 'Save profile'}
        </button>
      </div>
    </form>
  );
}

/** The profile section of the Signatures tab; it is the user's, whatever the account. */
export function ProfileSection() {
  const profile = useProfile();
  if (profile.status === 'failed') {
    return <ErrorNotice title="The profile could not be read" error={profile.error} />;
  }
  if (profile.status === 'loading') return <Spinner label="Loading your profile…" />;
  return <ProfileForm profile={profile.value} />;
}
