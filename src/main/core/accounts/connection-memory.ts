/**
 * Remembers recent Test Connection outcomes, so that saving an account right after testing it
 * shows the tested state ("Active", or the error) without connecting again. An outcome applies
 * only to the same connection settings and the same passwords: passwords are keyed by an HMAC
 * under a key that lives in this process only, so nothing here can be turned back into a secret.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { AccountDraft } from '../../../shared/account';
import type { AppError } from '../../../shared/errors';
import type { Clock } from '../ports';
import { connectionFingerprint } from './account-rules';

/** The outcome of one test: no error means both IMAP and SMTP passed. */
export interface ConnectionOutcome {
  readonly error?: AppError;
  /** ISO 8601 time of the test. */
  readonly at: string;
}

/**
 * Where the passwords of a test came from: typed in (`given`) or the keychain entries of an
 * existing account (`storedFor`). Absent when no password was used.
 */
export interface PasswordSource {
  readonly password?: { readonly given: string } | { readonly storedFor: string };
  readonly smtpPassword?: { readonly given: string } | { readonly storedFor: string };
}

/** Recent test outcomes by settings and password source. */
export interface ConnectionMemory {
  remember(draft: AccountDraft, source: PasswordSource, outcome: ConnectionOutcome): void;
  /** The outcome of a test of exactly these settings and passwords, if one is recent. */
  recall(draft: AccountDraft, source: PasswordSource): ConnectionOutcome | undefined;
}

/** How long a test outcome stays relevant to a save. */
const MAX_AGE_MS = 60 * 60 * 1000;
/** A user tests a handful of variants at most; older ones are forgotten first. */
const MAX_ENTRIES = 32;

/** Creates an in-memory ConnectionMemory. */
export function createConnectionMemory(clock: Clock): ConnectionMemory {
  const hmacKey = randomBytes(32);
  const entries = new Map<string, { outcome: ConnectionOutcome; storedAt: number }>();

  function describe(part: PasswordSource['password']): string {
    if (part === undefined) return 'none';
    if ('storedFor' in part) return `stored:${part.storedFor}`;
    return `given:${createHmac('sha256', hmacKey).update(part.given).digest('hex')}`;
  }

  function key(draft: AccountDraft, source: PasswordSource): string {
    return `${connectionFingerprint(draft)}|${describe(source.password)}|${describe(source.smtpPassword)}`;
  }

  return {
    remember(draft, source, outcome) {
      const entryKey = key(draft, source);
      entries.delete(entryKey);
      entries.set(entryKey, { outcome, storedAt: clock.now() });
      while (entries.size > MAX_ENTRIES) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
    recall(draft, source) {
      const entry = entries.get(key(draft, source));
      if (entry === undefined) return undefined;
      if (clock.now() - entry.storedAt > MAX_AGE_MS) {
        entries.delete(key(draft, source));
        return undefined;
      }
      return entry.outcome;
    },
  };
}
