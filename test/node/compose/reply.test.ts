import { describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/shared/compose/message-id';
import {
  MAX_REFERENCES,
  forwardSubject,
  replyHeaders,
  replyRecipients,
  replySubject,
} from '../../../src/shared/compose/reply';

const anna = { name: 'Anna Berg', address: 'anna@x.io' };
const ben = { name: '', address: 'ben@y.io' };
const me = { name: 'Me', address: 'me@example.test' };

describe('newMessageId', () => {
  it('uses the sender domain and the random part', () => {
    expect(newMessageId('me@Example.test', () => 'abc123')).toBe('<abc123@Example.test>');
  });
  it('drops characters that would need quoting', () => {
    expect(newMessageId('odd', () => 'a b<c>')).toBe('<abc@mailcrm.invalid>');
  });
});

describe('replyHeaders', () => {
  it('appends the parent id to its references', () => {
    expect(replyHeaders({ messageId: '<c@x>', references: ['<a@x>', '<b@x>'] })).toEqual({
      inReplyTo: '<c@x>',
      references: ['<a@x>', '<b@x>', '<c@x>'],
    });
  });
  it('uses In-Reply-To when the parent has no References', () => {
    expect(replyHeaders({ messageId: '<c@x>', references: [], inReplyTo: '<b@x>' })).toEqual({
      inReplyTo: '<c@x>',
      references: ['<b@x>', '<c@x>'],
    });
  });
  it('keeps the first and the last ones of a long chain', () => {
    const refs = Array.from({ length: 50 }, (_, i) => `<r${i}@x>`);
    const { references } = replyHeaders({ messageId: '<last@x>', references: refs });
    expect(references).toHaveLength(MAX_REFERENCES);
    expect(references[0]).toBe('<r0@x>');
    expect(references.at(-1)).toBe('<last@x>');
    expect(references.at(-2)).toBe('<r49@x>');
  });
  it('has no In-Reply-To when the parent has no Message-ID', () => {
    expect(replyHeaders({ references: [] })).toEqual({ inReplyTo: undefined, references: [] });
  });
});

describe('subjects', () => {
  it('adds Re: once', () => {
    expect(replySubject('Plan')).toBe('Re: Plan');
    expect(replySubject('Re: Plan')).toBe('Re: Plan');
    expect(replySubject('RE: re: AW: Plan')).toBe('Re: Plan');
    expect(replySubject('Re[2]: Plan')).toBe('Re: Plan');
  });
  it('adds Fwd: once', () => {
    expect(forwardSubject('Plan')).toBe('Fwd: Plan');
    expect(forwardSubject('Fwd: FW: Plan')).toBe('Fwd: Plan');
    expect(forwardSubject('Re: Plan')).toBe('Fwd: Re: Plan');
  });
});

describe('replyRecipients', () => {
  const original = {
    from: [anna],
    replyTo: [],
    to: [me, ben],
    cc: [{ name: 'C', address: 'c@z.io' }],
  };
  it('replies to the sender', () => {
    expect(replyRecipients(original, ['me@example.test'], 'reply')).toEqual({ to: [anna], cc: [] });
  });
  it('honours Reply-To', () => {
    const list = { name: 'List', address: 'list@x.io' };
    expect(replyRecipients({ ...original, replyTo: [list] }, [me.address], 'reply').to).toEqual([
      list,
    ]);
  });
  it('reply all: sender and others, never me, deduplicated case-insensitively', () => {
    const result = replyRecipients(
      {
        ...original,
        to: [{ name: 'ME', address: 'ME@example.test' }, ben, { name: 'A', address: 'ANNA@x.io' }],
        cc: [ben, { name: 'C', address: 'c@z.io' }, me],
      },
      ['me@example.test'],
      'reply-all',
    );
    expect(result.to.map((a) => a.address)).toEqual(['anna@x.io', 'ben@y.io']);
    expect(result.cc.map((a) => a.address)).toEqual(['c@z.io']);
  });
  it('answers my own sent message to its recipients', () => {
    const sent = { from: [me], replyTo: [], to: [anna], cc: [ben] };
    expect(replyRecipients(sent, [me.address], 'reply')).toEqual({ to: [anna], cc: [] });
    expect(replyRecipients(sent, [me.address], 'reply-all')).toEqual({ to: [anna], cc: [ben] });
  });
});
