/**
 * Changes flags on the server as another client would, over its own IMAP connection: the
 * change the 1% resync has to pick up (with CONDSTORE, only these messages' modseq moves).
 */
import type { RigInfo, RigUser } from '../../test/servers/rig-info';
import type { Picker } from './mail-text';
import { connectRig } from './seed-maildir';

/** Every UID in the user's INBOX, ascending. */
export async function inboxUids(rig: RigInfo, user: RigUser): Promise<number[]> {
  const client = await connectRig(rig, user);
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const uids = await client.search({ all: true }, { uid: true });
    if (uids === false || uids === undefined) throw new Error('bench: SEARCH ALL failed');
    return uids.sort((a, b) => a - b);
  } finally {
    await client.logout();
  }
}

/**
 * Adds a keyword to a random `fraction` of the UIDs that earlier rounds have not touched (`used`
 * remembers them), so every message in the sample really changes (adding \Flagged to a message
 * that has it changes nothing and would not count). Returns how many messages changed.
 */
export async function flagSample(
  rig: RigInfo,
  user: RigUser,
  uids: readonly number[],
  fraction: number,
  picker: Picker,
  used: Set<number>,
): Promise<number> {
  const wanted = Math.max(1, Math.round(uids.length * fraction));
  const sample = new Set<number>();
  while (sample.size < wanted && used.size + sample.size < uids.length) {
    const uid = picker.pick(uids);
    if (!used.has(uid)) sample.add(uid);
  }
  for (const uid of sample) used.add(uid);
  const client = await connectRig(rig, user);
  try {
    await client.mailboxOpen('INBOX');
    const changed = await client.messageFlagsAdd([...sample].join(','), ['$BenchTouched'], {
      uid: true,
    });
    if (!changed) throw new Error('bench: STORE failed');
    return sample.size;
  } finally {
    await client.logout();
  }
}
