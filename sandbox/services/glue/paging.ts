import { InvalidInputException } from './errors';

/**
 * Token paging over a sorted list, as Glue's Get* calls page: the token names the last item
 * returned (not an offset), so items created or deleted between pages do not shift the rest.
 */
export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  maxResults: number | undefined,
  nextToken: string | undefined,
  defaultSize = 100,
): { items: T[]; nextToken?: string } {
  const size = Math.max(1, maxResults ?? defaultSize);
  let start = 0;
  if (nextToken) {
    const after = decodeToken(nextToken);
    start = items.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + size);
  const more = start + size < items.length;
  return { items: slice, nextToken: more ? encodeToken(keyOf(slice[slice.length - 1])) : undefined };
}

function encodeToken(key: string): string {
  return Buffer.from(JSON.stringify({ after: key })).toString('base64');
}

function decodeToken(token: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
    if (typeof decoded.after === 'string') return decoded.after;
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputException('Invalid pagination token.');
}
