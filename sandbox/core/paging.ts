/**
 * The sandbox's one page-token scheme. A token is opaque to callers (base64 of JSON) and holds
 * either the sort key of the last item handed out — a key cursor, for listings of named things,
 * so items created or deleted between pages do not shift the rest — or an offset, for lists that
 * only grow at their end (a history). A token may be bound to one listing (a query's results):
 * presented to another, it is invalid. Each service keeps its own limits and error for a bad token.
 */
export interface PageCursor {
  after?: string;
  offset?: number;
  listing?: string;
}

export function encodePageToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64');
}

/** The cursor in a token this sandbox handed out; anything else is answered with `invalid()`. */
export function decodePageToken(token: string, invalid: () => Error, listing?: string): PageCursor {
  let cursor: unknown;
  try {
    cursor = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!cursor || typeof cursor !== 'object') throw invalid();
  const { after, offset, listing: tokenListing } = cursor as Record<string, unknown>;
  const validAfter = after === undefined || typeof after === 'string';
  const validOffset = offset === undefined || (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0);
  if (!validAfter || !validOffset || (after === undefined) === (offset === undefined) || tokenListing !== listing) throw invalid();
  return cursor as PageCursor;
}

export interface PageOptions<T> {
  /** Items per page: the caller's MaxResults, or the service's default, within the service's limits. */
  size: number;
  token?: string;
  /** Key cursor: the items are sorted by this key (with `compare`); without it, an offset cursor. */
  keyOf?: (item: T) => string;
  compare?: (a: string, b: string) => number;
  /** Binds tokens to one listing. */
  listing?: string;
  /** The service's error for a token it did not hand out. */
  invalidToken: () => Error;
}

export function page<T>(items: readonly T[], options: PageOptions<T>): { items: T[]; nextToken?: string } {
  const { keyOf, listing } = options;
  const compare = options.compare ?? ((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0));
  const cursor = options.token === undefined ? undefined : decodePageToken(options.token, options.invalidToken, listing);
  let start = 0;
  if (cursor?.offset !== undefined) start = cursor.offset;
  else if (cursor?.after !== undefined) {
    if (!keyOf) throw options.invalidToken();
    const after = cursor.after;
    start = items.findIndex((item) => compare(keyOf(item), after) > 0);
    if (start < 0) start = items.length;
  }
  const size = Math.max(1, options.size);
  const slice = items.slice(start, start + size);
  const last = slice.at(-1);
  if (start + slice.length >= items.length || last === undefined) return { items: slice };
  const next: PageCursor = keyOf ? { after: keyOf(last) } : { offset: start + slice.length };
  if (listing !== undefined) next.listing = listing;
  return { items: slice, nextToken: encodePageToken(next) };
}
