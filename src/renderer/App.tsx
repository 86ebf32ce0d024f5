/** The app shell: navigation on the left, the current screen on the right, the connection banner on top. */
import { useEffect, useState } from 'react';
import { ConnectionBanner } from './app/ConnectionBanner';
import { useConnection } from './app/connectionSlice';
import { Sidebar, type Screen } from './app/Sidebar';
import { AccountsScreen } from './features/accounts/AccountsScreen';
import { useAccounts } from './features/accounts/accountsSlice';

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'accounts':
      return <AccountsScreen />;
    default: {
      const unknown: never = screen;
      throw new Error(`Unknown screen: ${String(unknown)}`);
    }
  }
}

export function App() {
  const [screen, setScreen] = useState<Screen>('accounts');
  const status = useConnection((state) => state.status);
  const version = useConnection((state) => state.info?.version);

  useEffect(() => {
    const stopFollowing = useConnection.getState().start();
    const unsubscribe = useAccounts.getState().subscribe();
    return () => {
      stopFollowing();
      unsubscribe();
    };
  }, []);

  // (Re)load the list whenever the back end becomes reachable: at start and after a reconnect,
  // when change events may have been missed.
  useEffect(() => {
    if (status === 'connected') void useAccounts.getState().load();
  }, [status]);

  return (
    <div className="app">
      <Sidebar current={screen} onSelect={setScreen} version={version} />
      <main className="content">
        <ConnectionBanner />
        <CurrentScreen screen={screen} />
      </main>
    </div>
  );
}
