import type { ServiceClient } from '../../../../core/internal-client';
import { putObject } from '../../integrations/s3-objects';
import { RuntimeFailure } from '../failures';
import { isJsonObject, toJsonText, type JsonObject, type JsonValue } from '../json';
import type { ChildExecution, StateContext } from '../runtime';
import { evaluateInLanguage, isJsonata } from '../state-fields';

/** A distributed Map's ResultWriter, as the definition declares it. */
export interface ResultWriterDefinition {
  Resource?: string;
  Parameters?: JsonValue;
  Arguments?: JsonValue;
}

export interface ResultDestination {
  bucket: string;
  prefix: string;
}

/** Where the results go: the writer's Bucket and Prefix, evaluated in the state's context. */
export async function prepareResultWriter(
  context: StateContext,
  writer: ResultWriterDefinition,
  effective: JsonValue,
): Promise<ResultDestination> {
  const fields = isJsonata(context) ? writer.Arguments : writer.Parameters;
  const request = fields === undefined ? {} : await evaluateInLanguage(context, fields, 'ResultWriter', effective);
  if (!isJsonObject(request) || typeof request.Bucket !== 'string') {
    throw new RuntimeFailure(`The ResultWriter needs a Bucket: ${toJsonText(request)}`);
  }
  return { bucket: request.Bucket, prefix: typeof request.Prefix === 'string' ? request.Prefix : '' };
}

/**
 * Writes the child executions' results as Step Functions does: `<Prefix>/<Map Run id>/SUCCEEDED_0.json`,
 * `FAILED_0.json` and `PENDING_0.json` (only those with executions), each an array of the executions'
 * descriptions, and `manifest.json` listing them. Answers the Map state's result:
 * `{MapRunArn, ResultWriterDetails: {Bucket, Key}}` (recorded: test_map_state_result_writer).
 */
export async function writeResults(
  destination: ResultDestination,
  mapRunArn: string,
  children: readonly ChildExecution[],
  services: ServiceClient,
  region: string,
): Promise<JsonObject> {
  const mapRunId = mapRunArn.split(':').pop() ?? mapRunArn;
  const folder = [destination.prefix.replace(/\/+$/, ''), mapRunId].filter((part) => part !== '').join('/');
  const groups: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', ChildExecution[]> = { SUCCEEDED: [], FAILED: [], PENDING: [] };
  for (const child of children) groups[child.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED'].push(child);
  const resultFiles: JsonObject = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const [status, members] of Object.entries(groups)) {
    if (members.length === 0) continue;
    const key = `${folder}/${status}_0.json`;
    const body = Buffer.from(toJsonText(members.map(description)));
    await putObject(services, { Bucket: destination.bucket, Key: key, Body: body, ContentType: 'application/json' }, region);
    resultFiles[status] = [{ Key: key, Size: body.length }];
  }
  const manifestKey = `${folder}/manifest.json`;
  const manifest = { DestinationBucket: destination.bucket, MapRunArn: mapRunArn, ResultFiles: resultFiles };
  await putObject(
    services,
    { Bucket: destination.bucket, Key: manifestKey, Body: Buffer.from(toJsonText(manifest)), ContentType: 'application/json' },
    region,
  );
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: destination.bucket, Key: manifestKey } };
}

/** A child execution as the result files describe it (DescribeExecution's members, PascalCase). */
function description(child: ChildExecution): JsonValue {
  return {
    ...(child.cause !== undefined ? { Cause: child.cause } : {}),
    ...(child.error !== undefined ? { Error: child.error } : {}),
    ExecutionArn: child.executionArn,
    Input: child.input,
    InputDetails: { Included: true },
    Name: child.name,
    ...(child.output !== undefined ? { Output: child.output, OutputDetails: { Included: true } } : {}),
    RedriveCount: 0,
    RedriveStatus: child.status === 'SUCCEEDED' ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
    ...(child.status === 'SUCCEEDED' ? { RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' } : {}),
    StartDate: child.startDate.toISOString(),
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
    StopDate: child.stopDate.toISOString(),
  };
}
