/** The left navigation. It lists only screens that work today. */
import iconUrl from '../../../resources/icon.svg';

export type Screen = 'accounts';

const SCREENS: readonly { id: Screen; label: string }[] = [
  { id: 'accounts', label: 'Email Accounts' },
];

interface SidebarProps {
  readonly current: Screen;
  readonly onSelect: (screen: Screen) => void;
  readonly version?: string;
}

export function Sidebar({ current, onSelect, version }: SidebarProps) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <img src={iconUrl} alt="" width={28} height={28} />
        <span className="brand-name">mailcrm</span>
      </div>
      <p className="nav-heading" id="nav-settings">
        Settings
      </p>
      <ul className="nav-list" aria-labelledby="nav-settings">
        {SCREENS.map((screen) => (
          <li key={screen.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={screen.id === current ? 'page' : undefined}
              onClick={() => onSelect(screen.id)}
            >
              {screen.label}
            </button>
          </li>
        ))}
      </ul>
      {version && <p className="sidebar-footer muted">Version {version}</p>}
    </nav>
  );
}
