/**
 * The app shell: navigation on the left, the current screen on the right, the connection banner
 * on top. It starts the sync scheduler, so accounts sync (and a new one starts its first sync)
 * whatever screen is open. The first screen is Mail when accounts exist, else Email Accounts.
 */
import { useEffect } from 'react';
import { ConnectionBanner } from './app/ConnectionBanner';
import { useConnection } from './app/connectionSlice';
import { Sidebar, type Screen } from './app/Sidebar';
import { AccountsScreen } from './features/accounts/AccountsScreen';
import { CompaniesScreen } from './features/crm/CompaniesScreen';
import { ContactsScreen } from './features/crm/ContactsScreen';
import { CrmSettingsScreen } from './features/crm/CrmSettingsScreen';
import { useCrmNav } from './features/crm/crmNavSlice';
import { startCrm } from './features/crm/start-crm';
import { DealsScreen } from './features/crm/DealsScreen';
import { FollowUpsScreen } from './features/crm/FollowUpsScreen';
import { useAccounts } from './features/accounts/accountsSlice';
import { MailScreen } from './features/mailbox/MailScreen';
import { SyncStatusScreen } from './features/sync-status/SyncStatusScreen';
import { TemplatesScreen } from './features/templates/TemplatesScreen';
import { startOutbox } from './features/outbox/start-outbox';
import { startSync } from './features/sync/start-sync';
import './styles/mailbox.css';
import './styles/sync-status.css';
import './styles/account-sync.css';
import './styles/templates.css';
import './styles/crm.css';

function CurrentScreen({ screen, onSelect }: { screen: Screen; onSelect: (s: Screen) => void }) {
  switch (screen) {
    case 'mail':
      return <MailScreen onAddAccount={() => onSelect('accounts')} />;
    case 'templates':
      return <TemplatesScreen />;
    case 'contacts':
      return <ContactsScreen />;
    case 'companies':
      return <CompaniesScreen />;
    case 'deals':
      return <DealsScreen />;
    case 'follow-ups':
      return <FollowUpsScreen />;
    case 'crm-settings':
      return <CrmSettingsScreen />;
    case 'sync-status':
      return <SyncStatusScreen />;
    case 'accounts':
      return <AccountsScreen />;
    default: {
      const unknown: never = screen;
      throw new Error(`Unknown screen: ${String(unknown)}`);
    }
  }
}

export function App() {
  // Undefined until the user picks a screen or the first account list decides it. It lives in
  // a slice because CRM pages move the user too (a timeline's "Open" shows the mail screen).
  const chosen = useCrmNav((state) => state.screen);
  const setChosen = useCrmNav((state) => state.go);
  const status = useConnection((state) => state.status);
  const version = useConnection((state) => state.info?.version);

  useEffect(() => {
    const stopFollowing = useConnection.getState().start();
    const unsubscribe = useAccounts.getState().subscribe();
    // Once per app: the scheduler outlives screens and follows the account list by itself.
    startSync();
    // The outbox too: queued mail goes out (and a crash is recovered) whatever screen is open.
    startOutbox();
    // And the CRM linker: new mail links to contacts, companies and deals wherever the user is.
    startCrm();
    // The first screen is decided once, from the first list: adding the first account later
    // does not move the user away from the screen they are on.
    const decide = (state: ReturnType<typeof useAccounts.getState>) => {
      if (state.loadState !== 'ready') return;
      useCrmNav.getState().decide(state.accounts.length > 0 ? 'mail' : 'accounts');
      stopDeciding();
    };
    const stopDeciding = useAccounts.subscribe(decide);
    decide(useAccounts.getState());
    return () => {
      stopFollowing();
      unsubscribe();
      stopDeciding();
    };
  }, []);

  // (Re)load the list whenever the back end becomes reachable: at start and after a reconnect,
  // when change events may have been missed.
  useEffect(() => {
    if (status === 'connected') void useAccounts.getState().load();
  }, [status]);

  const screen = chosen ?? 'accounts';
  return (
    <div className="app">
      <Sidebar current={screen} onSelect={setChosen} version={version} />
      <main className={screen === 'mail' ? 'content content-fill' : 'content'}>
        <ConnectionBanner />
        <CurrentScreen screen={screen} onSelect={setChosen} />
      </main>
    </div>
  );
}
