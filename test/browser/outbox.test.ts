/**
 * The renderer's outbox on real IndexedDB: the runner, its wake-ups and the Outbox panel. The
 * three network steps are scripted per test through the contract double (the state machine
 * itself is tested with src/shared/outbox); what is checked here is what the runner asks and
 * stores, in which order, and when.
 */
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { getOutboxItem, pruneSentItems } from '../../src/renderer/db/outbox-store';
import { afterSentHook, type TemplateUse } from '../../src/renderer/features/outbox/after-sent';
import { contractRemote } from '../../src/renderer/features/outbox/contract-remote';
import {
  cancelOutgoing,
  decideUnsure,
  retryOutgoing,
} from '../../src/renderer/features/outbox/outbox-actions';
import { enqueueOutgoing } from '../../src/renderer/features/outbox/outbox-queue';
import {
  createOutboxRunner,
  type OutboxRunner,
  type OutboxTimers,
} from '../../src/renderer/features/outbox/outbox-runner';
import { OutboxBadge } from '../../src/renderer/features/outbox/OutboxBadge';
import { OutboxPanel } from '../../src/renderer/features/outbox/OutboxPanel';
import type { OutgoingMessage, SendReceipt } from '../../src/shared/compose';
import { AppFailure, appError } from '../../src/shared/errors';
import type { OutboxItem, OutboxState } from '../../src/shared/outbox';
import { newOutboxItem } from '../../src/shared/outbox/index';
import { gate } from './support/accounts';
import { FakeApi, type CallHandlers } from './support/fake-api';
import { dropDb, freshDb } from './support/mail-data';

let db: MailDb;
let runner: OutboxRunner | undefined;
let root: Root | undefined;
afterEach(async () => {
  root?.unmount();
  root = undefined;
  document.body.replaceChildren();
  runner?.stop();
  await runner?.idle();
  runner = undefined;
  await dropDb(db);
});

const START = Date.parse('2024-05-01T10:00:00Z');
const STAGED_TOKEN = 'tok_0123456789abcdef';

/** A clock the test moves by hand. */
function manualClock() {
  let time = START;
  return { now: () => new Date(time), advance: (ms: number) => (time += ms) };
}

/** Timers the test fires by hand; `delays` lists what the runner asked for. */
function manualTimers() {
  const waiting = new Map<number, () => void>();
  const delays: number[] = [];
  let next = 0;
  const timers: OutboxTimers = {
    set(run, delayMs) {
      next += 1;
      waiting.set(next, run);
      delays.push(delayMs);
      return next;
    },
    clear: (handle) => void waiting.delete(handle as number),
  };
  return {
    timers,
    delays,
    pending: () => waiting.size,
    fireAll() {
      const runs = [...waiting.values()];
      waiting.clear();
      for (const run of runs) run();
    },
  };
}

function message(n: number, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    accountId: 'a1',
    messageId: `<m${n}@example.test>`,
    date: new Date(START).toISOString(),
    from: { name: 'Me', address: 'me@example.test' },
    to: [{ name: 'Ben', address: 'ben@example.test' }],
    cc: [],
    bcc: [],
    subject: `Hello ${n}`,
    text: `Body ${n}`,
    references: [],
    attachments: [],
    readReceipt: false,
    ...overrides,
  };
}

function receipt(m: OutgoingMessage): SendReceipt {
  return { messageId: m.messageId, accepted: ['ben@example.test'], response: '250 2.0.0 Ok' };
}

/** Every state written to the outbox table, in order, per Message-ID. */
function recordStates(database: MailDb): Map<string, OutboxState[]> {
  const seen = new Map<string, OutboxState[]>();
  const note = (item: OutboxItem): void => {
    seen.set(item.messageId, [...(seen.get(item.messageId) ?? []), item.state]);
  };
  // A creating hook's return value would become the key: return nothing.
  database.outbox.hook('creating', (_key, item) => {
    note(item);
  });
  database.outbox.hook('updating', (changes, _key, item) => {
    note({ ...item, ...(changes as Partial<OutboxItem>) });
  });
  return seen;
}

const succeed: CallHandlers = {
  'outbox.send': ({ message: m }) => Promise.resolve(receipt(m as OutgoingMessage)),
  'outbox.locate': () => Promise.resolve({ found: false }),
  'outbox.fileSent': () => Promise.resolve({ sentCopy: 'server' }),
  'attachments.discard': () =>
    Promise.reject(new AppFailure(appError('NOT_FOUND', 'Already discarded'))),
};

function start(
  api: FakeApi,
  options: {
    clock?: ReturnType<typeof manualClock>;
    timers?: OutboxTimers;
    templateUses?: TemplateUse[];
  } = {},
): OutboxRunner {
  const now = (options.clock ?? manualClock()).now;
  const uses = options.templateUses;
  runner = createOutboxRunner({
    db,
    remote: contractRemote(api),
    now,
    timers: options.timers ?? manualTimers().timers,
    afterSent: afterSentHook(api, {
      now,
      recordTemplateUse: (use) => {
        uses?.push(use);
        return Promise.resolve();
      },
    }),
  });
  return runner;
}

const names = (api: FakeApi) => api.calls.map((c) => c.name);

describe('outbox runner', () => {
  it('sends a queued item, writing each state before its step, then cleans up', async () => {
    db = freshDb();
    const states = recordStates(db);
    const stateAtCall: OutboxState[] = [];
    const stored = async (id: string) => (await getOutboxItem(db, id))?.state ?? 'queued';
    const api = new FakeApi({
      ...succeed,
      'outbox.send': async ({ message: m }) => {
        stateAtCall.push(await stored(m.messageId));
        return receipt(m as OutgoingMessage);
      },
      'outbox.fileSent': async ({ message: m }) => {
        stateAtCall.push(await stored(m.messageId));
        return { sentCopy: 'appended' };
      },
    });
    const uses: TemplateUse[] = [];
    const outbox = start(api, { templateUses: uses });
    await outbox.start();
    const attachment = {
      kind: 'staged' as const,
      token: STAGED_TOKEN,
      filename: 'a.txt',
      contentType: 'text/plain',
      size: 3,
    };
    await enqueueOutgoing(db, message(1, { attachments: [attachment] }), {
      now: new Date(START),
      templateId: 'tpl-1',
    });
    outbox.wake();
    await outbox.idle();

    expect(states.get('<m1@example.test>')).toEqual([
      'queued',
      'sending',
      'accepted',
      'sent-copy-confirmed',
    ]);
    // Durable before the network: send saw 'sending' stored, fileSent saw 'accepted'.
    expect(stateAtCall).toEqual(['sending', 'accepted']);
    expect(names(api)).toEqual(['outbox.send', 'outbox.fileSent', 'attachments.discard']);
    expect(api.calls[2]?.input).toEqual({ token: STAGED_TOKEN });
    const done = await getOutboxItem(db, '<m1@example.test>');
    expect(done).toMatchObject({ state: 'sent-copy-confirmed', sentCopy: 'appended', attempts: 1 });
    expect(uses).toEqual([
      {
        templateId: 'tpl-1',
        accountId: 'a1',
        messageId: '<m1@example.test>',
        usedAt: new Date(START).toISOString(),
      },
    ]);
  });

  it('after a restart in "sending" it looks the message up first and never sends a found one', async () => {
    db = freshDb();
    const interrupted: OutboxItem = {
      ...newOutboxItem(message(2), { now: new Date(START) }),
      state: 'sending',
      attempts: 1,
      // A backoff set before the crash does not delay the lookup at start.
      retryAt: new Date(START + 60_000).toISOString(),
    };
    await db.outbox.put(interrupted);
    const api = new FakeApi({
      ...succeed,
      'outbox.locate': () => Promise.resolve({ found: true, folder: 'Sent' }),
    });
    const outbox = start(api);
    await outbox.start();
    await outbox.idle();

    expect(names(api)).toEqual(['outbox.locate', 'outbox.fileSent']);
    expect(api.calls[0]?.input).toEqual({ accountId: 'a1', messageId: '<m2@example.test>' });
    expect((await getOutboxItem(db, '<m2@example.test>'))?.state).toBe('sent-copy-confirmed');
  });

  it('an unknown outcome after a restart waits for the user; Send again sends once', async () => {
    db = freshDb();
    await db.outbox.put({
      ...newOutboxItem(message(3), { now: new Date(START) }),
      state: 'sending',
      attempts: 1,
    });
    const api = new FakeApi(succeed);
    const outbox = start(api);
    await outbox.start();
    await outbox.idle();
    expect(names(api)).toEqual(['outbox.locate']);
    expect((await getOutboxItem(db, '<m3@example.test>'))?.state).toBe('unsure');

    outbox.wake();
    await outbox.idle();
    expect(names(api)).toEqual(['outbox.locate']);

    await decideUnsure({ db, runner: outbox }, '<m3@example.test>', 'send-again');
    await outbox.idle();
    expect(names(api)).toEqual(['outbox.locate', 'outbox.send', 'outbox.fileSent']);
  });

  it('schedule send waits until sendAt, on a timer', async () => {
    db = freshDb();
    const clock = manualClock();
    const timers = manualTimers();
    const api = new FakeApi(succeed);
    const outbox = start(api, { clock, timers: timers.timers });
    await outbox.start();
    await enqueueOutgoing(db, message(4), {
      now: clock.now(),
      sendAt: new Date(START + 3_600_000),
    });
    outbox.wake();
    await outbox.idle();
    expect(api.calls).toEqual([]);
    expect(timers.delays.at(-1)).toBe(3_600_000);

    // A wake before the time changes nothing.
    clock.advance(1_800_000);
    outbox.wake();
    await outbox.idle();
    expect(api.calls).toEqual([]);

    clock.advance(1_800_000);
    timers.fireAll();
    await outbox.idle();
    expect(names(api)).toEqual(['outbox.send', 'outbox.fileSent']);
    expect(timers.pending()).toBe(0);
  });

  it('a held item is not retried until Retry', async () => {
    db = freshDb();
    const timers = manualTimers();
    let refuse = true;
    const api = new FakeApi({
      ...succeed,
      'outbox.send': ({ message: m }) =>
        refuse
          ? Promise.reject(
              new AppFailure(
                appError('RECIPIENT_REJECTED', 'The server refused ben@example.test.', {
                  serverResponse: '550 5.1.1 No such user',
                }),
              ),
            )
          : Promise.resolve(receipt(m as OutgoingMessage)),
    });
    const outbox = start(api, { timers: timers.timers });
    await outbox.start();
    await enqueueOutgoing(db, message(5), { now: new Date(START) });
    outbox.wake();
    await outbox.idle();
    expect(await getOutboxItem(db, '<m5@example.test>')).toMatchObject({
      state: 'queued',
      held: true,
      lastError: { code: 'RECIPIENT_REJECTED' },
    });
    // No timer for a held item, and a wake does not send it either.
    expect(timers.pending()).toBe(0);
    outbox.wake();
    await outbox.idle();
    expect(names(api)).toEqual(['outbox.send']);

    refuse = false;
    await retryOutgoing({ db, runner: outbox }, '<m5@example.test>');
    await outbox.idle();
    expect(names(api)).toEqual(['outbox.send', 'outbox.send', 'outbox.fileSent']);
    expect((await getOutboxItem(db, '<m5@example.test>'))?.state).toBe('sent-copy-confirmed');
  });

  it('waits after a refused connection and goes at once when the connection is back', async () => {
    db = freshDb();
    const timers = manualTimers();
    let offline = true;
    const api = new FakeApi({
      ...succeed,
      'outbox.send': ({ message: m }) =>
        offline
          ? Promise.reject(new AppFailure(appError('CONNECTION_REFUSED', 'No connection')))
          : Promise.resolve(receipt(m as OutgoingMessage)),
    });
    const outbox = start(api, { timers: timers.timers });
    await outbox.start();
    await enqueueOutgoing(db, message(6), { now: new Date(START) });
    outbox.wake();
    await outbox.idle();
    expect(await getOutboxItem(db, '<m6@example.test>')).toMatchObject({
      state: 'queued',
      held: false,
      lastError: { code: 'CONNECTION_REFUSED' },
    });
    expect(timers.delays.at(-1)).toBe(30_000);

    offline = false;
    await outbox.connectionBack('a1');
    await outbox.idle();
    expect(names(api)).toEqual(['outbox.send', 'outbox.send', 'outbox.fileSent']);
  });

  it('never runs one item twice at once, and runs accounts in parallel', async () => {
    db = freshDb();
    const release = gate();
    const inFlight = new Set<string>();
    let maxInFlight = 0;
    const api = new FakeApi({
      ...succeed,
      'outbox.send': async ({ message: m }) => {
        inFlight.add(m.messageId);
        maxInFlight = Math.max(maxInFlight, inFlight.size);
        await release.promise;
        inFlight.delete(m.messageId);
        return receipt(m as OutgoingMessage);
      },
    });
    const outbox = start(api);
    await outbox.start();
    await enqueueOutgoing(db, message(7), { now: new Date(START) });
    await enqueueOutgoing(db, message(8, { accountId: 'a2' }), { now: new Date(START) });
    for (let i = 0; i < 5; i += 1) outbox.wake();
    await expect.poll(() => inFlight.size).toBe(2);
    expect(outbox.isBusy('<m7@example.test>')).toBe(true);
    // A busy item cannot be cancelled: it may be at the server already.
    expect(await cancelOutgoing({ db, runner: outbox }, '<m7@example.test>')).toBe(false);
    for (let i = 0; i < 5; i += 1) outbox.wake();
    release.open();
    await outbox.idle();
    expect(names(api).filter((n) => n === 'outbox.send')).toHaveLength(2);
    expect(maxInFlight).toBe(2);
  });

  it('Cancel deletes a queued item so it is never sent', async () => {
    db = freshDb();
    const api = new FakeApi(succeed);
    const outbox = start(api);
    await enqueueOutgoing(db, message(9), { now: new Date(START) });
    expect(await cancelOutgoing({ db, runner: outbox }, '<m9@example.test>')).toBe(true);
    await outbox.start();
    await outbox.idle();
    expect(api.calls).toEqual([]);
    expect(await getOutboxItem(db, '<m9@example.test>')).toBeUndefined();
  });

  it('refuses a message without recipients, and keeps sent items for 7 days', async () => {
    db = freshDb();
    await expect(enqueueOutgoing(db, message(10, { to: [] }))).rejects.toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    const sent = (n: number, daysAgo: number): OutboxItem => ({
      ...newOutboxItem(message(n), { now: new Date(START - daysAgo * 86_400_000) }),
      state: 'sent-copy-confirmed',
    });
    await db.outbox.bulkPut([sent(11, 8), sent(12, 6)]);
    expect(await pruneSentItems(db, new Date(START))).toBe(1);
    expect((await db.outbox.toArray()).map((i) => i.messageId)).toEqual(['<m12@example.test>']);
  });
});

describe('Outbox panel', () => {
  it('shows each state in words, with the reason and the actions', async () => {
    db = freshDb();
    const at = new Date(START);
    const base = (n: number) => newOutboxItem(message(n), { now: new Date(START + n) });
    const refused = appError('RECIPIENT_REJECTED', 'The server refused ben@example.test.', {
      serverResponse: '550 5.1.1 No such user',
    });
    const offline = appError('CONNECTION_REFUSED', 'The SMTP server could not be reached.');
    await db.outbox.bulkPut([
      base(1),
      { ...base(2), state: 'sending', attempts: 1 },
      { ...base(3), state: 'accepted', attempts: 1 },
      { ...base(4), state: 'sent-copy-confirmed', attempts: 1 },
      newOutboxItem(message(5), { now: at, sendAt: new Date(START + 3_600_000) }),
      { ...base(6), state: 'unsure', attempts: 1 },
      { ...base(7), held: true, lastError: refused, attempts: 1 },
      { ...base(8), lastError: offline, retryAt: new Date(START + 30_000).toISOString() },
      { ...base(9), state: 'accepted', lastError: offline, attempts: 1 },
    ]);
    const host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    root.render(
      createElement(
        'div',
        null,
        createElement(OutboxBadge, { db }),
        createElement(OutboxPanel, {
          db,
          runner: { wake: () => undefined, isBusy: () => false },
          now: () => at,
        }),
      ),
    );
    const row = (n: number) => host.querySelector(`li[aria-label="Hello ${n}"]`);
    const state = (n: number) => row(n)?.querySelector('.outbox-state')?.textContent;
    const buttons = (n: number) =>
      [...(row(n)?.querySelectorAll('button') ?? [])].map((b) => b.textContent);
    await expect.poll(() => state(9)).toBe('Sent, saving copy…');

    expect(state(1)).toBe('Waiting to send');
    expect(buttons(1)).toEqual(['Cancel']);
    expect(state(2)).toBe('Sending…');
    expect(state(3)).toBe('Sent, saving copy…');
    expect(buttons(3)).toEqual([]);
    expect(state(4)).toBe('Sent');
    expect(host.querySelector('ul[aria-label="Recently sent"]')?.contains(row(4))).toBe(true);
    expect(state(5)).toMatch(/^Scheduled for .+ — the app must be running then$/);
    expect(state(6)).toBe('Needs your decision');
    expect(buttons(6)).toEqual(['Send again', 'Mark as sent']);
    expect(state(7)).toBe('Not sent: 550 5.1.1 No such user');
    expect(buttons(7)).toEqual(['Retry', 'Cancel']);
    expect(row(7)?.textContent).toContain('The server refused ben@example.test.');
    expect(state(8)).toBe('Waiting to send');
    expect(row(8)?.textContent).toContain('The SMTP server could not be reached.');
    expect(buttons(9)).toEqual(['Retry saving to Sent']);
    // Everything but the sent one counts, marked because two need the user.
    const badge = host.querySelector('.outbox-badge');
    expect(badge?.textContent).toBe('8');
    expect(badge?.getAttribute('aria-label')).toBe('8 messages in the outbox, some need you');

    // Cancel from the panel deletes the queued item, and the list follows.
    const cancel = row(1)?.querySelector('button');
    cancel?.click();
    await expect.poll(() => row(1)).toBeNull();
  });
});
