/** The left navigation. It lists only screens that work today. */
import iconUrl from '../../../resources/icon.svg';
import type { Screen } from '../features/crm/crmNavSlice';

export type { Screen };

interface NavGroup {
  readonly id: string;
  readonly heading: string;
  readonly screens: readonly { readonly id: Screen; readonly label: string }[];
}

const GROUPS: readonly NavGroup[] = [
  {
    id: 'nav-mail',
    heading: 'Mail',
    screens: [
      { id: 'mail', label: 'Mail' },
      { id: 'templates', label: 'Templates' },
    ],
  },
  {
    id: 'nav-crm',
    heading: 'CRM',
    screens: [
      { id: 'contacts', label: 'Contacts' },
      { id: 'companies', label: 'Companies' },
      { id: 'deals', label: 'Deals' },
      { id: 'follow-ups', label: 'Follow-ups' },
    ],
  },
  {
    id: 'nav-settings',
    heading: 'Settings',
    screens: [
      { id: 'accounts', label: 'Email Accounts' },
      { id: 'crm-settings', label: 'CRM settings' },
      { id: 'sync-status', label: 'Sync status' },
    ],
  },
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
      {GROUPS.map((group) => (
        <div key={group.id}>
          <p className="nav-heading" id={group.id}>
            {group.heading}
          </p>
          <ul className="nav-list" aria-labelledby={group.id}>
            {group.screens.map((screen) => (
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
        </div>
      ))}
      {version && <p className="sidebar-footer muted">Version {version}</p>}
    </nav>
  );
}
