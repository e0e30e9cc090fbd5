import type { AwsRequest } from './http-types';
import { SANDBOX_ACCOUNT_ID, type RequestContext } from './context';

export function contextOf(request: AwsRequest): RequestContext {
  return {
    requestId: request.requestId,
    region: request.region,
    accountId: SANDBOX_ACCOUNT_ID,
    accessKeyId: request.accessKeyId,
  };
}
