/**
 * The outbox state machine under crashes and concurrency (no network): a crash at every
 * operation never delivers twice, and processOutbox never advances one item twice at once.
 */
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage, SentCopy } from '../../../src/shared/compose';
import { AppFailure, appError } from '../../../src/shared/errors';
import type { OutboxItem, OutboxRemote, OutboxStore } from '../../../src/shared/outbox';
import { advanceOutboxItem, newOutboxItem, processOutbox } from '../../../src/shared/outbox/index';
import { RECEIPT, createFakes, message, type RemoteScript } from './fake-outbox';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const now = (): Date => NOW;

function queued(local = 'm1', extra: Partial<OutboxItem> = {}): OutboxItem {
  return { ...newOutboxItem(message(local), { now: NOW }), ...extra };
}

const HAPPY: RemoteScript = { send: [RECEIPT], fileSent: ['appended'] };

function setup(script: RemoteScript) {
  const fakes = createFakes(script);
  return { ...fakes, deps: { store: fakes.store, remote: fakes.remote, now } };
}

/**
 * A model of the real world for crash tests: the server delivers when send is called (before
 * the reply can be lost), files Sent itself or not, and a crash can strike at any operation.
 */
function crashWorld(serverFiles: boolean) {
  let delivered = 0;
  let filed = 0;
  let operations = 0;
  let crashAt = Number.POSITIVE_INFINITY;
  // Once crashed, the process is gone: nothing it does afterwards reaches the store or server.
  let dead = false;
  const stored = new Map<string, OutboxItem>();
  const tick = (): void => {
    operations += 1;
    if (operations === crashAt) dead = true;
    if (dead) throw new Error('crash');
  };
  const store: OutboxStore = {
    put(item) {
      return Promise.resolve().then(() => {
        tick();
        stored.set(item.messageId, item);
      });
    },
  };
  const remote: OutboxRemote = {
    send(sent: OutgoingMessage) {
      return Promise.resolve().then(() => {
        if (dead) throw new Error('crash');
        delivered += 1;
        if (serverFiles) filed += 1;
        // The crash strikes after the server took the message: the reply is lost.
        tick();
        return { ...RECEIPT, messageId: sent.messageId };
      });
    },
    locate() {
      return Promise.resolve().then(() => {
        tick();
        return { found: filed > 0, serverFilesSent: serverFiles };
      });
    },
    fileSent() {
      return Promise.resolve().then((): SentCopy => {
        tick();
        if (filed > 0) return 'server';
        filed += 1;
        return 'appended';
      });
    },
  };
  return {
    deps: { store, remote, now },
    stored,
    crashAt(at: number) {
      operations = 0;
      dead = false;
      crashAt = at;
    },
    counts: () => ({ delivered, filed }),
  };
}

describe('crash at every step', () => {
  it.each([true, false])(
    'never delivers twice and ends with one Sent copy or unsure (server files Sent: %s)',
    async (serverFiles) => {
      for (let at = 1; at <= 6; at += 1) {
        const world = crashWorld(serverFiles);
        const item = queued(`crash-${at}`);
        world.stored.set(item.messageId, item);
        world.crashAt(at);
        await advanceOutboxItem(item, world.deps).catch((error: unknown) => {
          expect(String(error)).toContain('crash');
        });
        // Restart: take what was stored and advance it until nothing more happens.
        world.crashAt(Number.POSITIVE_INFINITY);
        let current = world.stored.get(item.messageId) ?? item;
        current = await advanceOutboxItem(current, world.deps);
        const { delivered, filed } = world.counts();
        expect(delivered, `crash at ${at}`).toBeLessThanOrEqual(1);
        if (current.state === 'unsure') {
          // Only a plain server leaves doubt, and only when the crash came after delivery.
          expect(serverFiles).toBe(false);
          expect(delivered).toBe(1);
        } else {
          expect(current.state, `crash at ${at}`).toBe('sent-copy-confirmed');
          expect({ delivered, filed }).toEqual({ delivered: 1, filed: 1 });
        }
      }
    },
  );
});

describe('processOutbox', () => {
  /** A remote whose sends wait until released, counting how many run at once. */
  function gatedRemote() {
    let running = 0;
    let peak = 0;
    const sent: string[] = [];
    const waiting: (() => void)[] = [];
    const remote: OutboxRemote = {
      async send(sending) {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => waiting.push(resolve));
        running -= 1;
        sent.push(sending.messageId);
        return RECEIPT;
      },
      locate: () => Promise.reject(new AppFailure(appError('INTERNAL', 'unexpected'))),
      fileSent: () => Promise.resolve('appended'),
    };
    const releaseAll = async (): Promise<void> => {
      while (sent.length < 1000) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        const next = waiting.splice(0);
        if (next.length === 0 && running === 0) return;
        for (const resolve of next) resolve();
      }
    };
    return { remote, sent, peak: () => peak, releaseAll };
  }

  it('runs due items with the given concurrency and advances each only once', async () => {
    const gated = gatedRemote();
    const { store } = createFakes({});
    const deps = { store, remote: gated.remote, now };
    const items = Array.from({ length: 10 }, (_, index) => queued(`p${index}`));
    const first = processOutbox([...items, items[0] as OutboxItem], deps, { concurrency: 3 });
    // A second run started while the first is busy skips every item the first one holds.
    const second = processOutbox(items, deps, { concurrency: 3 });
    await gated.releaseAll();
    const [firstResults, secondResults] = await Promise.all([first, second]);
    expect(gated.peak()).toBeLessThanOrEqual(3);
    expect(gated.sent).toHaveLength(10);
    expect(new Set(gated.sent).size).toBe(10);
    expect(firstResults.length + secondResults.length).toBe(10);
    expect(
      firstResults.every((result) => result.ok && result.item.state === 'sent-copy-confirmed'),
    ).toBe(true);
  });

  it('reports a storage failure for its item and goes on with the others', async () => {
    const { deps, store } = setup(HAPPY);
    store.failNext = 1;
    const results = await processOutbox([queued('a'), queued('b')], deps, { concurrency: 1 });
    expect(results.map((result) => result.ok)).toEqual([false, true]);
  });
});
