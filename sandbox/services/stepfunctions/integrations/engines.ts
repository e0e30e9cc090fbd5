import type {
  GetQueryExecutionCommandInput,
  GetQueryExecutionCommandOutput,
  GetQueryResultsCommandInput,
  GetQueryResultsCommandOutput,
  QueryExecution,
  StartQueryExecutionCommandInput,
  StartQueryExecutionCommandOutput,
  StopQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import type { RequestContext } from '../../../protocol/context';

/**
 * What the Task integrations need from the sandbox's other engines, declared here so that this
 * service type-checks against the Lambda and Athena providers structurally (they are written
 * alongside it). The real providers satisfy these interfaces as they are.
 */
type Awaitable<T> = T | Promise<T>;
type Output<T> = Omit<T, '$metadata'>;

export interface LambdaInvocationResult {
  StatusCode: number;
  FunctionError?: string;
  Payload: Uint8Array;
  ExecutedVersion?: string;
  LogResult?: string;
  requestId?: string;
}

/** The sandbox Lambda: invoke a function by name or ARN (throws AwsError such as ResourceNotFoundException). */
export interface LambdaEngine {
  invokeFunction(
    functionNameOrArn: string,
    payload: Buffer,
    options?: { invocationType?: 'RequestResponse' | 'Event' | 'DryRun'; logType?: 'None' | 'Tail' },
  ): Promise<LambdaInvocationResult>;
}

/**
 * The sandbox Athena. Its operations are optional here so that the service also type-checks
 * against an Athena provider that does not offer them yet; a Task that needs a missing one
 * fails at run time, naming it.
 */
export interface AthenaEngine {
  readonly serviceName: string;
  startQueryExecution?(
    input: StartQueryExecutionCommandInput,
    context: RequestContext,
  ): Awaitable<Output<StartQueryExecutionCommandOutput>>;
  getQueryExecution?(input: GetQueryExecutionCommandInput, context: RequestContext): Awaitable<Output<GetQueryExecutionCommandOutput>>;
  getQueryResults?(input: GetQueryResultsCommandInput, context: RequestContext): Awaitable<Output<GetQueryResultsCommandOutput>>;
  stopQueryExecution?(input: StopQueryExecutionCommandInput, context: RequestContext): Awaitable<object>;
  /** Resolves once the query has ended (SUCCEEDED, FAILED or CANCELLED). */
  waitForQuery?(queryExecutionId: string): Promise<QueryExecution>;
}
