/**
 * Desktop notifications for new mail in an account's Inbox. "New" is a UID above the highest
 * one this notifier has already seen in that Inbox: the first look only records where the
 * Inbox stands, a folder still in its first sync (checkpoint not initialComplete) or with a new
 * UIDVALIDITY only moves the mark, and mail kept out by exclude patterns is never stored, so it
 * never notifies. Mail that arrived while the app was closed is announced after the first sync
 * of the session, at most MAX_SINGLE one by one and the rest as one summary.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import type { AccountView } from '../../../shared/account';
import type { MailDb } from '../../db/mail-db';
import type { CachedMessage, Membership } from '../../db/records';
import { inboxOf } from '../mailbox/mailbox-view';

/** One notification to show. */
export interface NewMailNotice {
  readonly title: string;
  readonly body: string;
  /** Replaces an earlier notice with the same tag instead of stacking. */
  readonly tag: string;
  /** The message to open on click (undefined for a summary: open the Inbox). */
  readonly membership?: Membership;
  readonly account: AccountView;
}

/** What the notifier needs; tests give their own. */
export interface NotifierDeps {
  readonly db: MailDb;
  readonly accounts: () => readonly AccountView[];
  readonly enabled: (accountId: string) => boolean;
  readonly show: (notice: NewMailNotice) => void;
}

/** Messages notified one by one per check; more become one summary. */
const MAX_SINGLE = 3;
const SETTLE_MS = 300;

interface Mark {
  readonly uidValidity: number;
  readonly uid: number;
}

function sender(message: CachedMessage | undefined): string {
  const from = message?.from[0];
  return from === undefined ? 'Unknown sender' : from.name || from.address;
}

/** A running notifier. */
export interface NewMailNotifier {
  /** Looks for new mail now (also runs after every change to memberships). */
  readonly check: () => Promise<void>;
  readonly stop: () => void;
}

/** Starts watching every enabled account's Inbox. */
export function startNewMailNotifier(deps: NotifierDeps): NewMailNotifier {
  const { db } = deps;
  const marks = new Map<string, Mark>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();

  async function checkAccount(account: AccountView): Promise<void> {
    const inbox = inboxOf(account);
    const row = await db.checkpoints.get([account.id, inbox]);
    if (row === undefined) return;
    const { uidValidity } = row.checkpoint;
    const range = db.memberships
      .where('[accountId+folder+uidValidity+uid]')
      .between([account.id, inbox, uidValidity, 1], [account.id, inbox, uidValidity, Infinity]);
    const newest = await range.last();
    const top = newest?.uid ?? 0;
    const mark = marks.get(account.id);
    marks.set(account.id, { uidValidity, uid: Math.max(top, mark?.uid ?? 0) });
    const firstLook = mark === undefined || mark.uidValidity !== uidValidity;
    if (firstLook || !row.checkpoint.initialComplete || !deps.enabled(account.id)) return;
    if (top <= mark.uid) return;
    const fresh = await db.memberships
      .where('[accountId+folder+uidValidity+uid]')
      .between(
        [account.id, inbox, uidValidity, mark.uid],
        [account.id, inbox, uidValidity, Infinity],
        false,
        true,
      )
      .filter((m) => m.unread === 1)
      .toArray();
    if (fresh.length === 0) return;
    fresh.sort((a, b) => b.uid - a.uid);
    const messages = await db.messages.bulkGet(
      fresh.slice(0, MAX_SINGLE).map((m): [string, string] => [m.accountId, m.messageKey]),
    );
    fresh.slice(0, MAX_SINGLE).forEach((membership, i) => {
      const message = messages[i];
      deps.show({
        title: sender(message),
        body: message?.subject || '(no subject)',
        tag: `mail:${account.id}:${membership.uid}`,
        membership,
        account,
      });
    });
    if (fresh.length > MAX_SINGLE) {
      const more = fresh.length - MAX_SINGLE;
      deps.show({
        title: account.name,
        body: `${more} more new ${more === 1 ? 'message' : 'messages'}`,
        tag: `mail:${account.id}:more`,
        account,
      });
    }
  }

  function check(): Promise<void> {
    chain = chain.then(async () => {
      for (const account of deps.accounts()) {
        if (!account.enabled) continue;
        try {
          await checkAccount(account);
        } catch (thrown) {
          // One account's unreadable cache must not silence the others; the console says why.
          console.error('New mail could not be checked for notifications', thrown);
        }
      }
    });
    return chain;
  }

  const listener = (parts: ObservabilitySet) => {
    const prefix = `idb://${db.name}/memberships/`;
    if (!Object.keys(parts).some((part) => part.startsWith(prefix))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void check(), SETTLE_MS);
  };
  Dexie.on('storagemutated', listener);
  void check();
  return {
    check,
    stop() {
      clearTimeout(timer);
      Dexie.on.storagemutated.unsubscribe(listener);
    },
  };
}
