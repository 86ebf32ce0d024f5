/**
 * The add/edit account dialog: a step indicator, the current step, and the buttons that move
 * between steps. Saving is possible from every step when editing (changing a sender name should
 * not require a new connection test).
 */
import { Dialog } from '../../../components/Dialog';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Spinner } from '../../../components/Spinner';
import { AddressStep } from './AddressStep';
import {
  EDITOR_STEPS,
  isTestCurrent,
  useAccountEditor,
  type EditorStep,
} from './accountEditorSlice';
import { FoldersStep } from './FoldersStep';
import { PasswordStep } from './PasswordStep';
import { SettingsStep } from './SettingsStep';

const STEP_NAMES: Readonly<Record<EditorStep, string>> = {
  address: 'Email address',
  settings: 'Server settings',
  password: 'Password and test',
  folders: 'Folders',
};

function StepIndicator({ steps, current }: { steps: readonly EditorStep[]; current: EditorStep }) {
  const currentIndex = steps.indexOf(current);
  return (
    <ol className="steps" aria-label="Steps">
      {steps.map((step, index) => (
        <li
          key={step}
          className={
            index < currentIndex ? 'step-done' : index === currentIndex ? 'step-current' : ''
          }
          aria-current={step === current ? 'step' : undefined}
        >
          <span className="step-number" aria-hidden="true">
            {index + 1}
          </span>
          {STEP_NAMES[step]}
        </li>
      ))}
    </ol>
  );
}

function StepBody({ step }: { step: EditorStep }) {
  switch (step) {
    case 'address':
      return <AddressStep />;
    case 'settings':
      return <SettingsStep />;
    case 'password':
      return <PasswordStep />;
    case 'folders':
      return <FoldersStep />;
    default: {
      const unknown: never = step;
      throw new Error(`Unknown step: ${String(unknown)}`);
    }
  }
}

export function AccountEditor() {
  const mode = useAccountEditor((state) => state.mode);
  const step = useAccountEditor((state) => state.step);
  const pending = useAccountEditor((state) => state.pending);
  const failure = useAccountEditor((state) => state.failure);
  const test = useAccountEditor((state) => state.test);
  const draft = useAccountEditor((state) => state.draft);
  const close = useAccountEditor((state) => state.close);
  const goTo = useAccountEditor((state) => state.goTo);
  const enterManually = useAccountEditor((state) => state.enterManually);
  const save = useAccountEditor((state) => state.save);

  const editing = mode.kind === 'edit';
  const steps: readonly EditorStep[] = editing
    ? EDITOR_STEPS.filter((s) => s !== 'address')
    : EDITOR_STEPS;
  const index = steps.indexOf(step);
  const previous = index > 0 ? steps[index - 1] : undefined;
  const busy = pending !== undefined;
  const tested = isTestCurrent(test, draft);
  const testPassed = tested && test.result.imap.ok && test.result.smtp.ok;

  const title = editing ? `Edit ${mode.account.name}` : 'Add email account';
  const saveLabel = editing ? 'Save changes' : 'Save account';

  let forward: { label: string; onClick?: () => void } | undefined;
  switch (step) {
    case 'address':
      forward = { label: 'Continue' };
      break;
    case 'settings':
      forward = { label: 'Continue' };
      break;
    case 'password':
      forward = {
        label: testPassed ? 'Continue' : tested ? 'Continue anyway' : 'Continue without testing',
        onClick: () => goTo('folders'),
      };
      break;
    case 'folders':
      forward = undefined;
      break;
    default: {
      const unknown: never = step;
      throw new Error(`Unknown step: ${String(unknown)}`);
    }
  }

  const footer = (
    <>
      {previous && (
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => goTo(previous)}
        >
          Back
        </button>
      )}
      {step === 'address' && (
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={enterManually}
        >
          Enter settings manually
        </button>
      )}
      <span className="spacer" />
      <button type="button" className="button button-secondary" onClick={close}>
        Cancel
      </button>
      {forward &&
        (forward.onClick ? (
          <button
            type="button"
            className={`button ${testPassed ? '' : 'button-secondary'}`}
            disabled={busy}
            onClick={forward.onClick}
          >
            {forward.label}
          </button>
        ) : (
          <button type="submit" form="account-step-form" className="button" disabled={busy}>
            {forward.label}
          </button>
        ))}
      {(step === 'folders' || editing) && (
        <button
          type="button"
          className={`button ${step === 'folders' ? '' : 'button-secondary'}`}
          disabled={busy}
          onClick={() => void save()}
        >
          {saveLabel}
        </button>
      )}
    </>
  );

  return (
    <Dialog
      title={title}
      size="large"
      onClose={close}
      footer={footer}
      subtitle={<StepIndicator steps={steps} current={step} />}
    >
      <StepBody step={step} />
      {pending === 'save' && (
        <Spinner label={editing ? 'Saving the changes…' : 'Saving the account and its password…'} />
      )}
      {failure?.action === 'save' && !busy && (
        <ErrorNotice
          title={editing ? 'The changes were not saved' : 'The account was not saved'}
          error={failure.error}
        />
      )}
    </Dialog>
  );
}
