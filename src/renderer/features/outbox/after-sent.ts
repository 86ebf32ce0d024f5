/**
 * What follows a message that reached sent-copy-confirmed: its staged attachments are no longer
 * needed (main keeps them only until the message and its Sent copy are out), and a template
 * it was written from counts one use.
 */
import { toAppError } from '../../../shared/errors';
import type { OutboxItem } from '../../../shared/outbox';
import type { OutboxApi } from './contract-remote';

/** One sent use of a template, as the template store records it. */
export interface TemplateUse {
  readonly templateId: string;
  readonly accountId: string;
  readonly messageId: string;
  /** ISO 8601. */
  readonly usedAt: string;
}

/** Options of {@link afterSentHook}. */
export interface AfterSentOptions {
  readonly now?: () => Date;
  readonly recordTemplateUse?: (use: TemplateUse) => Promise<void>;
}

/** Deletes the item's staged files in main; one already gone (NOT_FOUND) is fine. */
export async function discardStagedAttachments(api: OutboxApi, item: OutboxItem): Promise<void> {
  for (const attachment of item.message.attachments) {
    if (attachment.kind !== 'staged') continue;
    try {
      await api.call('attachments.discard', { token: attachment.token });
    } catch (thrown) {
      if (toAppError(thrown).code !== 'NOT_FOUND') throw thrown;
    }
  }
}

/** The runner's afterSent: discards staged files, then records the template use. */
export function afterSentHook(
  api: OutboxApi,
  options: AfterSentOptions = {},
): (item: OutboxItem) => Promise<void> {
  const now = options.now ?? (() => new Date());
  return async (item) => {
    await discardStagedAttachments(api, item);
    if (item.templateId !== undefined && options.recordTemplateUse !== undefined) {
      await options.recordTemplateUse({
        templateId: item.templateId,
        accountId: item.accountId,
        messageId: item.messageId,
        usedAt: now().toISOString(),
      });
    }
  };
}
