/**
 * Exclude patterns and import conditions: which messages are not stored. A message whose
 * sender matches an exclude pattern (noreply@*, *@marketing.*) is left out; when import
 * conditions exist, a message is stored only if one matches. Every message left out is
 * counted under the rule that decided it, never dropped silently.
 */
import type { ImportCondition, MailAddress, SyncSettings } from '../../../shared/sync';

/** The key under which messages no import condition accepted are counted. */
export const IMPORT_CONDITIONS_RULE = 'import-conditions';

/** What the rules look at. */
export interface ExcludeCandidate {
  readonly from: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string;
  readonly listId?: string;
}

/** Returns the rule that excludes a message (a pattern, or IMPORT_CONDITIONS_RULE), or undefined. */
export type ExcludeRules = (candidate: ExcludeCandidate) => string | undefined;

/**
 * A case-insensitive glob: `*` is any run of characters, `?` one character, everything else
 * literal, matched against the whole value.
 */
export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern.trim()]
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`, 'iu');
}

/** The values a condition's field has for a message (several for address fields). */
function fieldValues(candidate: ExcludeCandidate, field: ImportCondition['field']): string[] {
  switch (field) {
    case 'from':
      return candidate.from.map((address) => address.address);
    case 'to':
      // "to" means "sent to": a recipient in Cc was sent the message too.
      return [...candidate.to, ...candidate.cc].map((address) => address.address);
    case 'subject':
      return [candidate.subject];
    case 'list-id': {
      if (candidate.listId === undefined) return [];
      // RFC 2919: List-Id is "phrase <list-id>"; the pattern may target either form.
      const inner = /<([^<>]+)>/.exec(candidate.listId)?.[1];
      return inner === undefined ? [candidate.listId] : [candidate.listId, inner];
    }
    default: {
      const unreachable: never = field;
      throw new Error(`Unknown import condition field ${String(unreachable)}`);
    }
  }
}

/** Compiles the account's rules once per sync. */
export function compileExcludeRules(
  settings: Pick<SyncSettings, 'excludePatterns' | 'importConditions'>,
): ExcludeRules {
  const excludes = settings.excludePatterns.map((pattern) => ({
    pattern,
    regexp: globToRegExp(pattern),
  }));
  const conditions = settings.importConditions.map((condition) => ({
    field: condition.field,
    regexp: globToRegExp(condition.pattern),
  }));
  return (candidate) => {
    const senders = candidate.from.map((address) => address.address);
    for (const exclude of excludes) {
      if (senders.some((sender) => exclude.regexp.test(sender))) return exclude.pattern;
    }
    if (conditions.length === 0) return undefined;
    const accepted = conditions.some((condition) =>
      fieldValues(candidate, condition.field).some((value) => condition.regexp.test(value)),
    );
    return accepted ? undefined : IMPORT_CONDITIONS_RULE;
  };
}
