import { page as pageOf } from '../../core/paging';
import { InvalidToken, ValidationError } from './errors';

/**
 * Paging for the List/GetExecutionHistory operations: `maxResults` (0 or absent: the default
 * page size, at most 1000) and an opaque `nextToken` (the sandbox's page token, an offset) no
 * longer than the operation allows.
 */
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
  const listed = pageOf(items, {
    size: maxResults ? maxResults : defaultSize,
    token: nextToken,
    invalidToken: () => new InvalidToken(nextToken ?? ''),
  });
  return { page: listed.items, nextToken: listed.nextToken };
}
