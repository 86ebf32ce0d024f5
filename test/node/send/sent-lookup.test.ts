/**
 * The batched Sent lookup: questions asked while a search runs share the next search; a failed
 * search fails exactly the questions it carried.
 */
import { describe, expect, it } from 'vitest';
import { createSentLookup } from '../../../src/main/core/send/sent-lookup';

describe('createSentLookup', () => {
  it('answers concurrent questions with one search per batch', async () => {
    const searches: string[][] = [];
    const inSent = new Set(['<a@x>', '<c@x>']);
    const lookup = createSentLookup((ids) => {
      searches.push([...ids]);
      return Promise.resolve(new Set(ids.filter((id) => inSent.has(id))));
    });
    const ids = Array.from({ length: 60 }, (_, index) => `<m${index}@x>`);
    const answers = await Promise.all([
      lookup.has('<a@x>'),
      lookup.has('<b@x>'),
      lookup.has('<c@x>'),
      lookup.has('<a@x>'),
      ...ids.map((id) => lookup.has(id)),
    ]);
    expect(answers.slice(0, 4)).toEqual([true, false, true, true]);
    expect(answers.slice(4).every((found) => !found)).toBe(true);
    // The first question starts a search at once; the rest wait and go in batches of 50.
    expect(searches.map((batch) => batch.length)).toEqual([1, 50, 13]);
  });

  it('fails the questions of a failed search and goes on with the next ones', async () => {
    let calls = 0;
    const lookup = createSentLookup(() => {
      calls += 1;
      return calls === 1
        ? Promise.reject(new Error('connection lost'))
        : Promise.resolve(new Set(['<b@x>']));
    });
    const first = lookup.has('<a@x>');
    const second = lookup.has('<b@x>');
    await expect(first).rejects.toThrow('connection lost');
    await expect(second).resolves.toBe(true);
  });
});
