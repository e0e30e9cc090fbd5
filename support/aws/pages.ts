/**
 * Every page of an AWS listing, whatever the service calls its token (`NextToken`, `nextToken`,
 * `NextContinuationToken`): `request(token)` sends one call with the token it is given (undefined
 * for the first page), `next(page)` reads the token of the page after it; the listing ends with the
 * page that has none. Leaving the loop early sends no further call.
 *
 * The caller builds its own `new XxxCommand(…)`: test/pipeline/iam-actions.ts derives the IAM actions
 * the framework needs from those.
 */
export async function* pages<Page>(
  request: (token: string | undefined) => Promise<Page>,
  next: (page: Page) => string | undefined,
): AsyncGenerator<Page, void, undefined> {
  let token: string | undefined;
  do {
    const page = await request(token);
    yield page;
    token = next(page);
  } while (token);
}
