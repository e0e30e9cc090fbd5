import { randomUUID } from 'node:crypto';

/** What a provider may know about the call it serves: never the HTTP request itself. */
export interface RequestContext {
  requestId: string;
  region: string;
  accountId: string;
  /** The access key the request was signed with (identifies an assumed-role session). */
  accessKeyId?: string;
  /**
   * The AWS service making this call on its own behalf (S3 emitting `aws.s3` events), as opposed
   * to a caller's request: some operations accept from a service what they refuse a caller.
   */
  callingService?: string;
}

export const SANDBOX_ACCOUNT_ID = '000000000000';

/** The context of a call the sandbox makes itself (a service calling another, the deployer). */
export function internalContext(region: string, callingService?: string): RequestContext {
  return { requestId: randomUUID(), region, accountId: SANDBOX_ACCOUNT_ID, callingService };
}
