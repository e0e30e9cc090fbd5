import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodePageToken, encodePageToken, page } from '../../../sandbox/core/paging';

const invalidToken = () => new Error('invalid token');

/** Every page of a listing, following nextToken, with `between` run after each page. */
function allPages(items: () => string[], size: number, keyed: boolean, between: (pageIndex: number) => void = () => undefined): string[][] {
  const pages: string[][] = [];
  let token: string | undefined;
  do {
    const listed = page(items(), { size, token, keyOf: keyed ? (item: string) => item : undefined, invalidToken });
    pages.push(listed.items);
    token = listed.nextToken;
    between(pages.length - 1);
  } while (token);
  return pages;
}

describe('page tokens (core/paging)', () => {
  it('pages through a list by offset, with no token after the last page', () => {
    assert.deepEqual(
      allPages(() => ['a', 'b', 'c', 'd', 'e'], 2, false),
      [['a', 'b'], ['c', 'd'], ['e']],
    );
    assert.deepEqual(page(['a', 'b'], { size: 2, invalidToken }), { items: ['a', 'b'] });
  });

  it('with a key cursor, items created or deleted between pages do not shift the rest', () => {
    const items = ['a', 'c', 'e', 'g'];
    const pages = allPages(
      () => [...items].sort(),
      2,
      true,
      (index) => {
        if (index === 0) {
          items.splice(items.indexOf('a'), 1);
          items.push('b', 'f');
        }
      },
    );
    assert.deepEqual(pages, [['a', 'c'], ['e', 'f'], ['g']]);
  });

  it('refuses a token it did not hand out, and one of another listing', () => {
    for (const token of [
      'not base64 json',
      Buffer.from('{"after":1}').toString('base64'),
      Buffer.from('{}').toString('base64'),
      encodePageToken({ offset: -1 }),
    ]) {
      assert.throws(() => page(['a'], { size: 1, token, invalidToken }), /invalid token/, token);
    }
    const bound = encodePageToken({ offset: 1, listing: 'query-1' });
    assert.deepEqual(decodePageToken(bound, invalidToken, 'query-1'), { offset: 1, listing: 'query-1' });
    assert.throws(() => decodePageToken(bound, invalidToken, 'query-2'), /invalid token/);
    assert.throws(() => decodePageToken(bound, invalidToken), /invalid token/);
  });

  it('binds the tokens it hands out to their listing', () => {
    const first = page(['a', 'b', 'c'], { size: 1, listing: 'q', invalidToken });
    const second = page(['a', 'b', 'c'], { size: 1, listing: 'q', token: first.nextToken, invalidToken });
    assert.deepEqual(second.items, ['b']);
    assert.throws(() => page(['a', 'b', 'c'], { size: 1, listing: 'other', token: first.nextToken, invalidToken }), /invalid token/);
  });
});
