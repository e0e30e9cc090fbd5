import { randomUUID } from 'node:crypto';

/** What a provider may know about the call it serves: never the HTTP request itself. */
export interface RequestContext {
  requestId: string;
  region: string;
  accountId: string;
  /** The access key the request was signed with (identifies an assumed-role session). */
  accessKeyId?: string;
}

export const SANDBOX_ACCOUNT_ID = '000000000000';

/** The context of a call the sandbox makes itself (a service calling another, the deployer). */
export function internalContext(region: string): RequestContext {
  return { requestId: randomUUID(), region, accountId: SANDBOX_ACCOUNT_ID };
}
