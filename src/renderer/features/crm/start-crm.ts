/**
 * Starts the app's CRM linker once, over the app's database. The user's own addresses come from
 * the accounts list (a change relinks everything: sent and received swap sides); follow-up
 * reminders use the desktop notifications new mail uses.
 */
import { normalizeAddress } from '../../../shared/crm/addresses';
import { getMailDb } from '../../db/mail-db';
import { useAccounts } from '../accounts/accountsSlice';
import { startCrmLinker, type CrmLinker } from './crm-linker';

/** Waits for the first sync batches of a start before the full relink. */
const START_DELAY_MS = 3000;

function myAddresses(): ReadonlySet<string> {
  return new Set(useAccounts.getState().accounts.map((account) => normalizeAddress(account.email)));
}

function notify(title: string, body: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const shown = new Notification(title, { body, tag: `crm:${title}` });
  shown.onclick = () => {
    window.focus();
    shown.close();
  };
}

let running: CrmLinker | undefined;

/** Starts the linker (once per app) and relinks all mail shortly after start. */
export function startCrm(): CrmLinker {
  if (running !== undefined) return running;
  const linker = startCrmLinker({ db: getMailDb(), myAddresses, notify });
  running = linker;
  // Mail cached before the CRM existed, or while records changed elsewhere, gets linked.
  // Failures are logged by the linker.
  setTimeout(() => void linker.relinkAll().catch(() => undefined), START_DELAY_MS);
  let known = [...myAddresses()].sort().join(',');
  useAccounts.subscribe(() => {
    const now = [...myAddresses()].sort().join(',');
    if (now === known) return;
    known = now;
    linker.relinkAll().catch(() => undefined);
  });
  return linker;
}
