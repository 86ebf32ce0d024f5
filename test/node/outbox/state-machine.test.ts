/**
 * The outbox state machine with an in-memory store and a scripted remote (no network): the
 * order of writes and calls per state, crash recovery, rejections that hold the item, the
 * user's decisions, and the rule that nothing sends an item again once it was accepted.
 */
import { describe, expect, it } from 'vitest';
import type { LocateResult } from '../../../src/shared/compose';
import { AppFailure, appError, type ErrorCode } from '../../../src/shared/errors';
import type { OutboxItem } from '../../../src/shared/outbox';
import {
  UNSURE_MESSAGE,
  advanceOutboxItem,
  dueItems,
  newOutboxItem,
  resolveUnsure,
  retryHeld,
} from '../../../src/shared/outbox/index';
import { RECEIPT, createFakes, message, type RemoteScript } from './fake-outbox';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const now = (): Date => NOW;

function queued(local = 'm1', extra: Partial<OutboxItem> = {}): OutboxItem {
  return { ...newOutboxItem(message(local), { now: NOW }), ...extra };
}

function setup(script: RemoteScript) {
  const fakes = createFakes(script);
  const deps = { store: fakes.store, remote: fakes.remote, now };
  return { ...fakes, deps };
}

const HAPPY: RemoteScript = { send: [RECEIPT], fileSent: ['appended'] };
const FULL_PATH = ['put:sending', 'send', 'put:accepted', 'fileSent', 'put:sent-copy-confirmed'];

describe('newOutboxItem', () => {
  it('queues the message under its Message-ID with the schedule and template', () => {
    const item = newOutboxItem(message('a'), {
      now: NOW,
      sendAt: new Date('2026-03-02T08:00:00Z'),
      templateId: 'tpl-1',
    });
    expect(item).toEqual({
      messageId: '<a@example.test>',
      accountId: 'account-1',
      message: message('a'),
      state: 'queued',
      queuedAt: NOW.toISOString(),
      sendAt: '2026-03-02T08:00:00.000Z',
      attempts: 0,
      held: false,
      templateId: 'tpl-1',
    });
  });
});

describe('advanceOutboxItem: the normal path', () => {
  it('writes each state before the network step it announces', async () => {
    const { deps, steps, log } = setup(HAPPY);
    const final = await advanceOutboxItem(queued(), deps);
    expect(steps()).toEqual(FULL_PATH);
    expect(final).toMatchObject({
      state: 'sent-copy-confirmed',
      attempts: 1,
      receipt: RECEIPT,
      sentCopy: 'appended',
    });
    expect(final.lastError).toBeUndefined();
    // The item handed to send is the one already stored as 'sending' with the attempt counted.
    expect(log[0]).toMatchObject({ kind: 'put', item: { state: 'sending', attempts: 1 } });
  });

  it('leaves a held, scheduled or backing-off item alone', async () => {
    const { deps, steps } = setup(HAPPY);
    const later = new Date(NOW.getTime() + 60_000).toISOString();
    for (const item of [
      queued('held', { held: true }),
      queued('scheduled', { sendAt: later }),
      queued('waiting', { retryAt: later }),
    ]) {
      expect(await advanceOutboxItem(item, deps)).toBe(item);
    }
    expect(steps()).toEqual([]);
  });

  it('sends a scheduled item once its time has come', async () => {
    const { deps, steps } = setup(HAPPY);
    await advanceOutboxItem(queued('due', { sendAt: NOW.toISOString() }), deps);
    expect(steps()).toEqual(FULL_PATH);
  });
});

describe('advanceOutboxItem: send failures', () => {
  it.each<ErrorCode>(['CONNECTION_REFUSED', 'DNS_NOT_FOUND', 'THROTTLED', 'SENDING_LIMIT'])(
    '%s puts it back in the queue with the error and a backoff',
    async (code) => {
      const { deps, steps } = setup({ send: [{ fail: code }] });
      const final = await advanceOutboxItem(queued(), deps);
      expect(steps()).toEqual(['put:sending', 'send', 'put:queued']);
      expect(final).toMatchObject({ state: 'queued', held: false, attempts: 1 });
      expect(final.lastError?.code).toBe(code);
      expect(final.retryAt).toBe(new Date(NOW.getTime() + 30_000).toISOString());
    },
  );

  it('backs off longer with every attempt, capped at an hour', async () => {
    const { deps } = setup({ send: [{ fail: 'CONNECTION_REFUSED' }] });
    const third = await advanceOutboxItem(queued('m', { attempts: 2 }), deps);
    expect(Date.parse(third.retryAt ?? '') - NOW.getTime()).toBe(120_000);
    const many = await advanceOutboxItem(queued('m', { attempts: 40 }), deps);
    expect(Date.parse(many.retryAt ?? '') - NOW.getTime()).toBe(3_600_000);
  });

  it.each<ErrorCode>(['RECIPIENT_REJECTED', 'MESSAGE_TOO_LARGE', 'AUTH_FAILED', 'INVALID_INPUT'])(
    '%s holds it in the outbox with the server reason until the user acts',
    async (code) => {
      const response = '550 5.1.1 <nobody@example.test>: Recipient address rejected';
      const { deps, steps } = setup({ send: [{ fail: code, response }] });
      const final = await advanceOutboxItem(queued(), deps);
      expect(steps()).toEqual(['put:sending', 'send', 'put:queued']);
      expect(final).toMatchObject({ state: 'queued', held: true, attempts: 1 });
      expect(final.lastError).toMatchObject({ code, serverResponse: response });
      expect(final.retryAt).toBeUndefined();
      // Held means held: advancing again does nothing.
      expect(await advanceOutboxItem(final, deps)).toBe(final);
      expect(steps()).toHaveLength(3);
    },
  );

  it.each<ErrorCode>(['TIMEOUT', 'CONNECTION_RESET'])(
    '%s may have come after the final dot: it stays sending and is looked up before any resend',
    async (code) => {
      const { deps, steps } = setup({
        send: [{ fail: code }, RECEIPT],
        locate: [{ found: false, serverFilesSent: false }],
      });
      const first = await advanceOutboxItem(queued(), deps);
      expect(steps()).toEqual(['put:sending', 'send', 'put:sending']);
      expect(first).toMatchObject({ state: 'sending', lastError: { code } });
      expect(first.retryAt).toBeDefined();
      // Not yet due; once due (retry now), the lookup decides: unknown ⇒ unsure, nothing sent.
      expect(await advanceOutboxItem(first, deps)).toBe(first);
      const second = await advanceOutboxItem(retryHeld(first), deps);
      expect(second.state).toBe('unsure');
      expect(steps().filter((entry) => entry === 'send')).toHaveLength(1);
    },
  );
});

describe('advanceOutboxItem: crash recovery from sending', () => {
  const crashed = (): OutboxItem => queued('m1', { state: 'sending', attempts: 1 });

  it('found in Sent: accepted, then the Sent copy; never sent again', async () => {
    const { deps, steps } = setup({
      locate: [{ found: true, folder: 'Sent', serverFilesSent: true }],
      fileSent: ['server'],
    });
    const final = await advanceOutboxItem(crashed(), deps);
    expect(steps()).toEqual(['locate', 'put:accepted', 'fileSent', 'put:sent-copy-confirmed']);
    expect(final).toMatchObject({ state: 'sent-copy-confirmed', sentCopy: 'server' });
  });

  it('not found where the server files Sent itself: it never went, so it is sent', async () => {
    const { deps, steps } = setup({ locate: [{ found: false, serverFilesSent: true }], ...HAPPY });
    const final = await advanceOutboxItem(crashed(), deps);
    expect(steps()).toEqual(['locate', 'put:queued', ...FULL_PATH]);
    expect(final).toMatchObject({ state: 'sent-copy-confirmed', attempts: 2 });
  });

  it.each<LocateResult>([{ found: false, serverFilesSent: false }, { found: false }])(
    'not found otherwise (%o): unsure, with what to check, and nothing sent',
    async (located) => {
      const { deps, steps } = setup({ locate: [located] });
      const final = await advanceOutboxItem(crashed(), deps);
      expect(steps()).toEqual(['locate', 'put:unsure']);
      expect(final.state).toBe('unsure');
      expect(final.lastError?.message).toBe(UNSURE_MESSAGE);
      // Unsure waits for the user.
      expect(await advanceOutboxItem(final, deps)).toBe(final);
      expect(steps()).toHaveLength(2);
    },
  );

  it('a failed lookup keeps it sending with the error and sends nothing', async () => {
    const { deps, steps } = setup({ locate: [{ fail: 'CONNECTION_REFUSED' }] });
    const final = await advanceOutboxItem(crashed(), deps);
    expect(steps()).toEqual(['locate', 'put:sending']);
    expect(final).toMatchObject({ state: 'sending', lastError: { code: 'CONNECTION_REFUSED' } });
  });
});

describe('advanceOutboxItem: accepted', () => {
  it('only files the Sent copy', async () => {
    const { deps, steps } = setup({ fileSent: ['appended'] });
    const final = await advanceOutboxItem(queued('m', { state: 'accepted', attempts: 1 }), deps);
    expect(steps()).toEqual(['fileSent', 'put:sent-copy-confirmed']);
    expect(final.state).toBe('sent-copy-confirmed');
  });

  it('a failed Sent copy keeps it accepted with the error, offered for retry', async () => {
    const { deps, steps } = setup({ fileSent: [{ fail: 'CONNECTION_RESET' }, 'appended'] });
    const first = await advanceOutboxItem(queued('m', { state: 'accepted', attempts: 1 }), deps);
    expect(steps()).toEqual(['fileSent', 'put:accepted']);
    expect(first).toMatchObject({ state: 'accepted', lastError: { code: 'CONNECTION_RESET' } });
    expect(dueItems([first], NOW)).toEqual([]);
    const second = await advanceOutboxItem(retryHeld(first), deps);
    expect(second.state).toBe('sent-copy-confirmed');
    expect(second.lastError).toBeUndefined();
  });
});

describe('advanceOutboxItem: storage failures', () => {
  it('a failed write before sending stops before the network and rethrows', async () => {
    const { deps, store, log } = setup(HAPPY);
    store.failNext = 1;
    await expect(advanceOutboxItem(queued(), deps)).rejects.toThrow(AppFailure);
    expect(log).toEqual([]);
  });

  it('a failed write after acceptance leaves sending; recovery finds it and never resends', async () => {
    const { deps, store, steps } = setup({
      ...HAPPY,
      locate: [{ found: true, folder: 'Sent', serverFilesSent: false }],
    });
    const original = queued();
    // The 'sending' write succeeds, the 'accepted' one fails (disk full).
    const put = store.put.bind(store);
    let writes = 0;
    store.put = (item) => {
      writes += 1;
      return writes === 2 ? Promise.reject(new Error('ENOSPC')) : put(item);
    };
    await expect(advanceOutboxItem(original, deps)).rejects.toThrow('ENOSPC');
    const stored = store.items.get(original.messageId);
    expect(stored?.state).toBe('sending');
    store.put = put;
    const final = await advanceOutboxItem(stored ?? original, deps);
    expect(final.state).toBe('sent-copy-confirmed');
    expect(steps().filter((entry) => entry === 'send')).toHaveLength(1);
  });
});

describe('never sent again once accepted', () => {
  const scripts: RemoteScript[] = [
    { fileSent: ['server'], locate: [{ found: false, serverFilesSent: true }] },
    { fileSent: [{ fail: 'TIMEOUT' }] },
    { fileSent: [{ fail: 'AUTH_FAILED' }] },
  ];
  it.each(['accepted', 'sent-copy-confirmed'] as const)('%s', async (state) => {
    for (const script of scripts) {
      const { deps, calls } = setup({ ...script, send: [RECEIPT] });
      let item = queued('m', { state, attempts: 1 });
      for (let round = 0; round < 3; round += 1) {
        item = await advanceOutboxItem(item, deps);
        if (item.state === 'accepted') item = retryHeld(item);
      }
      expect(calls('send')).toBe(0);
      expect(calls('locate')).toBe(0);
    }
  });
});

describe('the user decisions', () => {
  const unsure = (): OutboxItem =>
    queued('u', {
      state: 'unsure',
      attempts: 1,
      lastError: appError('CONNECTION_RESET', UNSURE_MESSAGE),
    });

  it('send again queues it and sends it once more', async () => {
    const { deps, steps } = setup(HAPPY);
    const again = resolveUnsure(unsure(), 'send-again');
    expect(again).toMatchObject({ state: 'queued', held: false });
    expect(again.lastError).toBeUndefined();
    const final = await advanceOutboxItem(again, deps);
    expect(steps()).toEqual(FULL_PATH);
    expect(final.attempts).toBe(2);
  });

  it('mark as sent only files the Sent copy', async () => {
    const { deps, steps } = setup({ fileSent: ['appended'] });
    const final = await advanceOutboxItem(resolveUnsure(unsure(), 'mark-sent'), deps);
    expect(steps()).toEqual(['fileSent', 'put:sent-copy-confirmed']);
    expect(final.state).toBe('sent-copy-confirmed');
  });

  it('refuses decisions that do not fit the state', () => {
    expect(() => resolveUnsure(queued(), 'send-again')).toThrow(/not unsure/);
    expect(() => retryHeld(unsure())).toThrow(/Send again or Mark as sent/);
    expect(() => retryHeld(queued('s', { state: 'sent-copy-confirmed' }))).toThrow(/sent already/);
  });

  it('retry releases a held item', async () => {
    const { deps, steps } = setup(HAPPY);
    const held = queued('h', {
      held: true,
      attempts: 1,
      lastError: appError('RECIPIENT_REJECTED', 'Rejected'),
    });
    const released = retryHeld(held);
    expect(released).toMatchObject({ held: false, state: 'queued' });
    expect(released.lastError).toBeUndefined();
    expect((await advanceOutboxItem(released, deps)).state).toBe('sent-copy-confirmed');
    expect(steps()).toEqual(FULL_PATH);
  });
});

describe('dueItems', () => {
  it('picks queued items whose time has come and the ones needing recovery', () => {
    const past = new Date(NOW.getTime() - 1000).toISOString();
    const future = new Date(NOW.getTime() + 1000).toISOString();
    const items = [
      queued('q'),
      queued('held', { held: true }),
      queued('scheduled', { sendAt: future }),
      queued('scheduled-past', { sendAt: past }),
      queued('backoff', { retryAt: future }),
      queued('backoff-past', { retryAt: past }),
      queued('sending', { state: 'sending' }),
      queued('sending-backoff', { state: 'sending', retryAt: future }),
      queued('accepted', { state: 'accepted' }),
      queued('done', { state: 'sent-copy-confirmed' }),
      queued('unsure', { state: 'unsure' }),
    ];
    expect(dueItems(items, NOW).map((item) => item.messageId)).toEqual([
      '<q@example.test>',
      '<scheduled-past@example.test>',
      '<backoff-past@example.test>',
      '<sending@example.test>',
      '<accepted@example.test>',
    ]);
  });
});
