import { InvalidToken, ValidationError } from './errors';

/**
 * Paging for the List/GetExecutionHistory operations: `maxResults` (0 or absent: the default
 * page size, at most 1000) and an opaque `nextToken` that encodes where the next page starts.
 */
const TOKEN_PREFIX = 'pf-sfn:';

export function page<T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  tokenLimit: number,
  defaultSize = 100,
): { page: T[]; nextToken?: string } {
  if (maxResults !== undefined && maxResults > 1000)
    throw new ValidationError(String(maxResults), 'maxResults', 'Member must have value less than or equal to 1000');
  if (maxResults !== undefined && maxResults < 0)
    throw new ValidationError(String(maxResults), 'maxResults', 'Member must have value greater than or equal to 0');
  if (nextToken !== undefined && nextToken.length > tokenLimit) {
    throw new ValidationError(nextToken, 'nextToken', `Member must have length less than or equal to ${tokenLimit}`);
  }
  const size = maxResults ? maxResults : defaultSize;
  const start = nextToken === undefined ? 0 : decode(nextToken);
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return { page: slice, nextToken: end < items.length ? encode(end) : undefined };
}

function encode(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString('base64');
}

function decode(token: string): number {
  const text = Buffer.from(token, 'base64').toString('utf8');
  const offset = Number(text.slice(TOKEN_PREFIX.length));
  if (!text.startsWith(TOKEN_PREFIX) || !Number.isInteger(offset) || offset < 0) throw new InvalidToken(token);
  return offset;
}
