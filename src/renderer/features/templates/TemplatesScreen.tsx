/**
 * The Templates screen: reusable messages, each account's signatures with the user's profile,
 * and each account's compose settings, as three tabs.
 */
import { useId, useState, type ReactNode } from 'react';
import type { AccountView } from '../../../shared/account';
import { SelectField } from '../../components/Fields';
import { Spinner } from '../../components/Spinner';
import { useAccounts } from '../accounts/accountsSlice';
import { ComposeSettingsPanel } from './ComposeSettingsPanel';
import { ProfileSection } from './ProfileForm';
import { SignaturesPanel } from './SignaturesPanel';
import { TemplatesPanel } from './TemplatesPanel';

type Tab = 'templates' | 'signatures' | 'compose';

const TABS: readonly { readonly id: Tab; readonly label: string; readonly lead: string }[] = [
  {
    id: 'templates',
    label: 'Templates',
    lead: 'Messages you send often, filled in for each recipient.',
  },
  {
    id: 'signatures',
    label: 'Signatures',
    lead: 'What goes under your messages, per account.',
  },
  {
    id: 'compose',
    label: 'Compose settings',
    lead: 'How new messages and replies are written, per account.',
  },
];

/** Signatures and compose settings belong to an account: pick one, or learn to add one. */
function ForAccount(props: {
  accounts: readonly AccountView[];
  loading: boolean;
  children: (account: AccountView) => ReactNode;
}) {
  const [chosen, setChosen] = useState<string>();
  if (props.accounts.length === 0) {
    if (props.loading) return <Spinner label="Loading accounts…" />;
    return (
      <div className="empty-state">
        <h2>No email accounts yet</h2>
        <p>
          Signatures and compose settings belong to an account. Add one under Settings › Email
          Accounts, then come back here.
        </p>
      </div>
    );
  }
  const account = props.accounts.find((candidate) => candidate.id === chosen) ?? props.accounts[0];
  if (!account) return null;
  return (
    <>
      {props.accounts.length > 1 && (
        <SelectField
          className="account-picker"
          label="Account"
          value={account.id}
          options={props.accounts.map((candidate) => ({
            value: candidate.id,
            label: `${candidate.name} — ${candidate.email}`,
          }))}
          onChange={setChosen}
        />
      )}
      {props.accounts.length === 1 && (
        <p className="muted">
          For <strong>{account.email}</strong>
        </p>
      )}
      {/* Keyed by account, so nothing of the previous account's state lingers. */}
      <div key={account.id} className="templates-tab-body">
        {props.children(account)}
      </div>
    </>
  );
}

export function TemplatesScreen() {
  const accounts = useAccounts((state) => state.accounts);
  const loadState = useAccounts((state) => state.loadState);
  const [tab, setTab] = useState<Tab>('templates');
  const baseId = useId();
  const loading = loadState === 'idle' || loadState === 'loading';
  const current = TABS.find((candidate) => candidate.id === tab) ?? TABS[0];
  // The sample preview writes as the first account until compose picks the real sender.
  const userEmail =
    accounts.find((account) => account.isDefaultSender)?.email ?? accounts[0]?.email ?? '';

  let panel;
  switch (tab) {
    case 'templates':
      panel = <TemplatesPanel userEmail={userEmail} />;
      break;
    case 'signatures':
      panel = (
        <>
          <ForAccount accounts={accounts} loading={loading}>
            {(account) => <SignaturesPanel account={account} />}
          </ForAccount>
          <ProfileSection />
        </>
      );
      break;
    case 'compose':
      panel = (
        <ForAccount accounts={accounts} loading={loading}>
          {(account) => <ComposeSettingsPanel account={account} />}
        </ForAccount>
      );
      break;
    default: {
      const unknown: never = tab;
      throw new Error(`Unknown tab: ${String(unknown)}`);
    }
  }

  return (
    <section className="screen templates-screen" aria-labelledby={`${baseId}-title`}>
      <header className="screen-header">
        <div>
          <h1 id={`${baseId}-title`}>Templates</h1>
          <p className="muted">{current?.lead}</p>
        </div>
      </header>
      <div className="tabs" role="tablist" aria-label="Templates sections">
        {TABS.map((candidate) => (
          <button
            key={candidate.id}
            type="button"
            role="tab"
            id={`${baseId}-${candidate.id}`}
            aria-selected={candidate.id === tab}
            aria-controls={`${baseId}-panel`}
            className="tab"
            onClick={() => setTab(candidate.id)}
          >
            {candidate.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${baseId}-panel`}
        aria-labelledby={`${baseId}-${tab}`}
        className="tab-panel"
      >
        {panel}
      </div>
    </section>
  );
}
