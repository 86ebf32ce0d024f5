/**
 * The app shell: navigation on the left, the current screen on the right, the connection banner
 * on top. It starts the sync scheduler, so accounts sync (and a new one starts its first sync)
 * whatever screen is open. The first screen is Mail when accounts exist, else Email Accounts.
 */
import { useEffect, useState } from 'react';
import { ConnectionBanner } from './app/ConnectionBanner';
import { useConnection } from './app/connectionSlice';
import { Sidebar, type Screen } from './app/Sidebar';
import { AccountsScreen } from './features/accounts/AccountsScreen';
import { useAccounts } from './features/accounts/accountsSlice';
import { MailScreen } from './features/mailbox/MailScreen';
import { startOutbox } from './features/outbox/start-outbox';
import { SyncStatusScreen } from './features/sync-status/SyncStatusScreen';
import { TemplatesScreen } from './features/templates/TemplatesScreen';
import { startSync } from './features/sync/start-sync';
import './styles/mailbox.css';
import './styles/sync-status.css';
import './styles/account-sync.css';
import './styles/templates.css';

function CurrentScreen({ screen, onSelect }: { screen: Screen; onSelect: (s: Screen) => void }) {
  switch (screen) {
    case 'mail':
      return <MailScreen onAddAccount={() => onSelect('accounts')} />;
    case 'templates':
      return <TemplatesScreen />;
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
  // Undefined until the user picks a screen or the first account list decides it.
  const [chosen, setChosen] = useState<Screen>();
  const status = useConnection((state) => state.status);
  const version = useConnection((state) => state.info?.version);

  useEffect(() => {
    const stopFollowing = useConnection.getState().start();
    const unsubscribe = useAccounts.getState().subscribe();
    // Once per app: the scheduler outlives screens and follows the account list by itself.
    startSync();
    // The outbox too: queued mail goes out (and a crash is recovered) whatever screen is open.
    startOutbox();
    // The first screen is decided once, from the first list: adding the first account later
    // does not move the user away from the screen they are on.
    const decide = (state: ReturnType<typeof useAccounts.getState>) => {
      if (state.loadState !== 'ready') return;
      setChosen((now) => now ?? (state.accounts.length > 0 ? 'mail' : 'accounts'));
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
