/**
 * Looks for many Message-IDs in Sent at once. Each send asks "is the server's copy there yet?";
 * in a mail merge dozens ask at the same time, and one IMAP connection answers one SEARCH at a
 * time. Questions arriving while a search runs are answered together by the next one.
 */

/** Asks whether a Message-ID is in the folder; batched behind the scenes. */
export interface SentLookup {
  has(messageId: string): Promise<boolean>;
}

/** Most Message-IDs in one SEARCH: its OR chain stays a few kilobytes. */
const MAX_BATCH = 50;

interface Question {
  readonly messageId: string;
  readonly resolve: (found: boolean) => void;
  readonly reject: (error: unknown) => void;
}

/** Creates a lookup over `search`, which returns the subset of the given ids it found. */
export function createSentLookup(
  search: (messageIds: readonly string[]) => Promise<ReadonlySet<string>>,
): SentLookup {
  let waiting: Question[] = [];
  let running = false;

  async function pump(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, MAX_BATCH);
      waiting = waiting.slice(MAX_BATCH);
      try {
        const found = await search([...new Set(batch.map((q) => q.messageId))]);
        for (const question of batch) question.resolve(found.has(question.messageId));
      } catch (thrown) {
        for (const question of batch) question.reject(thrown);
      }
    }
    running = false;
  }

  return {
    has(messageId) {
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ messageId, resolve, reject });
        if (!running) void pump();
      });
    },
  };
}
