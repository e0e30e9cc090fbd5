import type { QueryExecution } from '@aws-sdk/client-athena';
import { AwsError } from '../../../protocol/aws-error';
import { SANDBOX_ACCOUNT_ID, type RequestContext } from '../../../protocol/context';
import type { FaultInjector } from '../../../faults';
import { RuntimeFailure, STATES_ERRORS, StatesFailure } from '../asl/failures';
import { isJsonObject, toJsonText, toStateJson, type JsonObject, type JsonValue } from '../asl/json';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import { realDelay } from '../asl/clock';
import type { AthenaEngine } from './engines';
import { newRequestId, runServiceTask, sdkResponseMetadata, type ErrorDescription } from './service-task';

/** The Athena APIs Step Functions integrates with (request-response; StartQueryExecution also `.sync`). */
export const ATHENA_ACTIONS = ['startQueryExecution', 'getQueryExecution', 'getQueryResults', 'stopQueryExecution'] as const;
export type AthenaAction = (typeof ATHENA_ACTIONS)[number];

/** How often a `.sync` task asks for the query's state when the engine cannot notify it. */
const POLL_INTERVAL_MS = 200;

/**
 * `arn:aws:states:::athena:<action>[.sync]`. Request-response calls return the API response with
 * the SDK metadata members the optimized integrations add. `startQueryExecution.sync` records
 * TaskSubmitted with the StartQueryExecution response, waits for the query to end, and returns
 * the GetQueryExecution response; a query that FAILED or was CANCELLED fails the task with
 * `States.TaskFailed` and that response as cause (the pattern of Step Functions' other `.sync`
 * integrations).
 *
 * Fidelity gaps (no recording of the Athena integration exists): the failure cause above is
 * inferred from the other `.sync` integrations; timestamps in responses are epoch milliseconds
 * (as the AWS SDK for Java serialises dates); a `.sync` task that times out or is abandoned
 * leaves its query running, where AWS would try StopQueryExecution.
 */
export class AthenaTask implements TaskIntegration {
  constructor(
    private readonly athena: AthenaEngine,
    private readonly faults: FaultInjector,
    private readonly action: AthenaAction,
    private readonly sync: boolean,
  ) {}

  async run(invocation: TaskInvocation): Promise<JsonValue> {
    const { parameters } = invocation;
    if (!isJsonObject(parameters)) {
      throw new RuntimeFailure(
        `The Parameters '${toJsonText(parameters)}' could not be used to start the Task: [The value of the task parameters must be a JSON object]`,
      );
    }
    const identity = { resourceType: 'athena', resource: this.sync ? `${this.action}.sync` : this.action };
    return runServiceTask(
      invocation,
      identity,
      async (submitted) => {
        const response = await this.call(this.action, parameters, invocation.frame.scope.region);
        if (!this.sync) return response;
        submitted(response);
        const queryExecution = await this.waitForQuery(
          String((response as JsonObject).QueryExecutionId),
          invocation.frame.scope.region,
          invocation.frame.signal,
        );
        const result: JsonObject = { QueryExecution: toStateJson(queryExecution, 'epoch-millis') };
        if (queryExecution.Status?.State !== 'SUCCEEDED') throw new StatesFailure(STATES_ERRORS.taskFailed, toJsonText(result));
        return result;
      },
      describeAthenaError,
    );
  }

  private async call(action: AthenaAction, parameters: JsonObject, region: string): Promise<JsonValue> {
    const operation = this.athena[action];
    if (typeof operation !== 'function') throw new Error(`The sandbox's Athena engine does not offer ${action} yet.`);
    const pascal = action.charAt(0).toUpperCase() + action.slice(1);
    this.faults.raiseIfDue('athena', pascal, typeof parameters.WorkGroup === 'string' ? parameters.WorkGroup : undefined);
    const requestId = newRequestId();
    const context: RequestContext = { requestId, region, accountId: SANDBOX_ACCOUNT_ID };
    const response = await (operation as (input: unknown, context: RequestContext) => unknown).call(this.athena, parameters, context);
    const body = toStateJson(response, 'epoch-millis') as JsonObject;
    const length = Buffer.byteLength(JSON.stringify(response ?? {}));
    return {
      ...body,
      ...sdkResponseMetadata(requestId, {
        'Content-Length': String(length),
        'Content-Type': 'application/x-amz-json-1.1',
        Date: new Date().toUTCString(),
        'x-amzn-RequestId': requestId,
      }),
    };
  }

  private async waitForQuery(queryExecutionId: string, region: string, signal: AbortSignal): Promise<QueryExecution> {
    if (this.athena.waitForQuery) return this.athena.waitForQuery(queryExecutionId);
    if (!this.athena.getQueryExecution) throw new Error("The sandbox's Athena engine does not offer getQueryExecution yet.");
    for (;;) {
      const context: RequestContext = { requestId: newRequestId(), region, accountId: SANDBOX_ACCOUNT_ID };
      const { QueryExecution: execution } = await this.athena.getQueryExecution({ QueryExecutionId: queryExecutionId }, context);
      const state = execution?.Status?.State;
      if (execution && (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED')) return execution;
      await realDelay(POLL_INTERVAL_MS, signal);
    }
  }
}

/** An Athena API error as the optimized integration names it: `Athena.<Code>`. */
function describeAthenaError(error: unknown): ErrorDescription {
  if (error instanceof AwsError) {
    return {
      error: `Athena.${error.code}`,
      cause: `${error.message} (Service: AmazonAthena; Status Code: ${error.statusCode}; Error Code: ${error.code}; Request ID: ${newRequestId()}; Proxy: null)`,
    };
  }
  return { error: 'Athena.SdkClientException', cause: error instanceof Error ? error.message : String(error) };
}
