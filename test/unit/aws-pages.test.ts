import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pages } from '../../support/aws/pages';

/** A listing of three pages, as a service answers it: the token of each page names the next. */
function listing(): {
  calls: Array<string | undefined>;
  request: (token: string | undefined) => Promise<{ items: number[]; next?: string }>;
} {
  const answers: Record<string, { items: number[]; next?: string }> = {
    first: { items: [1, 2], next: 'b' },
    b: { items: [3], next: 'c' },
    c: { items: [4, 5] },
  };
  const calls: Array<string | undefined> = [];
  return {
    calls,
    request: async (token) => {
      calls.push(token);
      const answer = answers[token ?? 'first'];
      if (!answer) throw new Error(`no page for token ${token}`);
      return answer;
    },
  };
}

describe('pages: one helper for every AWS listing', () => {
  it('asks for the first page without a token, then with the token of each page, until a page has none', async () => {
    const { calls, request } = listing();
    const items: number[] = [];
    for await (const page of pages(request, (page) => page.next)) items.push(...page.items);
    assert.deepEqual(items, [1, 2, 3, 4, 5]);
    assert.deepEqual(calls, [undefined, 'b', 'c']);
  });

  it('sends no further call once the caller stops reading', async () => {
    const { calls, request } = listing();
    for await (const page of pages(request, (page) => page.next)) if (page.items.includes(1)) break;
    assert.deepEqual(calls, [undefined]);
  });

  it('passes on the error of a call', async () => {
    const failing = pages(
      async () => {
        throw new Error('AccessDenied');
      },
      () => undefined,
    );
    await assert.rejects(async () => {
      for await (const _page of failing) assert.fail('no page expected');
    }, /AccessDenied/);
  });
});
