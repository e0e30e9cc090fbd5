import type { GetQueryExecutionOutput, QueryExecution } from '@aws-sdk/client-athena';
import { AwsError } from '../../../core/aws-error';
import type { ServiceClient } from '../../../core/internal-client';
import { RuntimeFailure, STATES_ERRORS, StatesFailure } from '../asl/failures';
import { isJsonObject, toJsonText, toStateJson, type JsonObject, type JsonValue } from '../asl/json';
import type { TaskIntegration, TaskInvocation } from '../asl/runtime';
import { realDelay } from '../asl/clock';
import { defineIntegration } from './integration';
import { newRequestId, runServiceTask, sdkResponseMetadata, type ErrorDescription } from './service-task';

/** The Athena APIs Step Functions integrates with (request-response; StartQueryExecution also `.sync`). */
const ATHENA_ACTIONS = ['startQueryExecution', 'getQueryExecution', 'getQueryResults', 'stopQueryExecution'] as const;
type AthenaAction = (typeof ATHENA_ACTIONS)[number];

export const athenaIntegration = defineIntegration({
  resources: [...ATHENA_ACTIONS.map((action) => `arn:aws:states:::athena:${action}`), 'arn:aws:states:::athena:startQueryExecution.sync'],
  resolve: (_resource, parsed) => {
    if (parsed?.service !== 'athena' || !(ATHENA_ACTIONS as readonly string[]).includes(parsed.action)) return undefined;
    const action = parsed.action as AthenaAction;
    if (parsed.pattern === undefined) return { kind: 'athena', action, sync: false };
    if (parsed.pattern === 'sync' && action === 'startQueryExecution') return { kind: 'athena', action, sync: true };
    return undefined;
  },
  create: ({ action, sync }, { services }) => new AthenaTask(services, action, sync),
});

/**
 * How often a `.sync` task asks for the query's state, as Step Functions polls the job it runs:
 * soon at first (most sandbox queries take milliseconds), then less often.
 */
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 200;

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
 * leaves its query running, where AWS would try StopQueryExecution; the `.sync` polls are
 * GetQueryExecution calls like any other, so a fault rule on that operation fails the task
 * (AWS does not say how Step Functions treats a throttled poll).
 */
export class AthenaTask implements TaskIntegration {
  readonly usesTaskToken: boolean;

  constructor(
    private readonly services: ServiceClient,
    private readonly action: AthenaAction,
    private readonly sync: boolean,
  ) {
    this.usesTaskToken = sync;
  }

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
      this.sync ? 'sync' : undefined,
    );
  }

  private async call(action: AthenaAction, parameters: JsonObject, region: string): Promise<JsonValue> {
    const operation = action.charAt(0).toUpperCase() + action.slice(1);
    const response = await this.services.call('athena', operation, parameters, { region });
    const body = toStateJson(response, 'epoch-millis') as JsonObject;
    const length = Buffer.byteLength(JSON.stringify(response ?? {}));
    const requestId = newRequestId();
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

  /** Polls GetQueryExecution (through the client, as any caller would) until the query has ended. */
  private async waitForQuery(queryExecutionId: string, region: string, signal: AbortSignal): Promise<QueryExecution> {
    for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
      const { QueryExecution: execution } = await this.services.call<GetQueryExecutionOutput>(
        'athena',
        'GetQueryExecution',
        { QueryExecutionId: queryExecutionId },
        { region },
      );
      const state = execution?.Status?.State;
      if (execution && (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED')) return execution;
      await realDelay(delay, signal);
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
