/**
 * Where the mail frame host lives (src/shared/ipc/mail-frame-host.ts): in Electron the
 * `mailframe://host` scheme; in the browser bridge another loopback port, which the bridge
 * names at /mail-frame-origin on the app's own origin. Asked once per page.
 */
import { MAIL_FRAME_ELECTRON_ORIGIN } from '../../../shared/ipc/mail-frame-host';

/** The path on the app's own server that names the frame host's origin (src/web/mail-frame.ts). */
const ORIGIN_PATH = '/mail-frame-origin';

let pending: Promise<string> | undefined;

async function ask(): Promise<string> {
  if (window.mailcrm !== undefined) return MAIL_FRAME_ELECTRON_ORIGIN;
  const response = await fetch(ORIGIN_PATH, { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) throw new Error(`The mail frame origin is unknown (HTTP ${response.status})`);
  const answer: unknown = await response.json();
  const origin =
    typeof answer === 'object' && answer !== null && 'origin' in answer ? answer.origin : undefined;
  // Only a loopback http origin is believed: the frame must never come from elsewhere.
  if (typeof origin !== 'string' || !/^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(origin)) {
    throw new Error('The bridge named no valid mail frame origin');
  }
  return origin;
}

/** The mail frame host's origin; a failure is kept, so it is reported, not retried in a loop. */
export function mailFrameOrigin(): Promise<string> {
  pending ??= ask();
  return pending;
}
