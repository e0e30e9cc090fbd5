import type { FaultInjector } from '../../../faults';
import type { S3Provider } from '../../s3/provider';
import type { TaskIntegration } from '../asl/runtime';
import { ATHENA_ACTIONS, AthenaTask, type AthenaAction } from './athena';
import type { AthenaEngine, LambdaEngine } from './engines';
import { LAMBDA_FUNCTION_ARN, LambdaFunctionTask } from './lambda-function';
import { LambdaInvokeTask } from './lambda-invoke';
import { S3_ACTIONS, S3SdkTask, type S3Action } from './s3-sdk';

/**
 * The Task resources this sandbox runs, in one place. Anything else is refused when the state
 * machine is created (with this list in the message), never run differently from AWS.
 */
export const SUPPORTED_TASK_RESOURCES: readonly string[] = [
  'arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]',
  'arn:aws:states:::lambda:invoke',
  ...ATHENA_ACTIONS.map((action) => `arn:aws:states:::athena:${action}`),
  'arn:aws:states:::athena:startQueryExecution.sync',
  ...S3_ACTIONS.map((action) => `arn:aws:states:::aws-sdk:s3:${action}`),
];

export interface TaskEngines {
  lambda: LambdaEngine;
  athena: AthenaEngine;
  s3: S3Provider;
  faults: FaultInjector;
}

type ResolvedResource =
  | { kind: 'lambda-function' }
  | { kind: 'lambda-invoke' }
  | { kind: 'athena'; action: AthenaAction; sync: boolean }
  | { kind: 's3'; action: S3Action };

/** `arn:aws:states:<region?>:<account?>:<service>:<action>[.<pattern>]` */
const SERVICE_INTEGRATION = /^arn:aws:states:[a-z0-9-]*:\d*:([a-z0-9-]+):(.+)$/;

/**
 * What a Task resource is, or why the sandbox refuses it (a sentence naming the problem, to which
 * the caller adds where it was found).
 */
export function resolveTaskResource(resource: string): ResolvedResource | { refusal: string } {
  if (LAMBDA_FUNCTION_ARN.test(resource)) return { kind: 'lambda-function' };
  const match = SERVICE_INTEGRATION.exec(resource);
  if (match) {
    const [, service, rest] = match;
    const [action, pattern] = rest.split(/\.(?=[^.]+$)/);
    if (pattern === 'waitForTaskToken') {
      return { refusal: `The callback pattern '.waitForTaskToken' (Resource '${resource}') is not supported by the postflight sandbox` };
    }
    if (service === 'lambda' && action === 'invoke' && pattern === undefined) return { kind: 'lambda-invoke' };
    if (service === 'athena' && (ATHENA_ACTIONS as readonly string[]).includes(action)) {
      if (pattern === undefined) return { kind: 'athena', action: action as AthenaAction, sync: false };
      if (pattern === 'sync' && action === 'startQueryExecution') return { kind: 'athena', action, sync: true };
    }
    if (service === 'aws-sdk' && rest.startsWith('s3:') && (S3_ACTIONS as readonly string[]).includes(rest.slice(3))) {
      return { kind: 's3', action: rest.slice(3) as S3Action };
    }
  }
  return {
    refusal: `The resource '${resource}' is not supported by the postflight sandbox; the supported Task resources are: ${SUPPORTED_TASK_RESOURCES.join(', ')}`,
  };
}

/** Whether a resource uses the job-run (`.sync`) pattern (not allowed in EXPRESS state machines). */
export function isSyncResource(resource: string): boolean {
  return resource.startsWith('arn:aws:states:') && /\.sync(:\d+)?$/.test(resource);
}

/** The integration that runs a (validated) Task resource. */
export function taskIntegrationFor(resource: string, engines: TaskEngines): TaskIntegration {
  const resolved = resolveTaskResource(resource);
  if ('refusal' in resolved) throw new Error(resolved.refusal);
  switch (resolved.kind) {
    case 'lambda-function':
      return new LambdaFunctionTask(engines.lambda, engines.faults);
    case 'lambda-invoke':
      return new LambdaInvokeTask(engines.lambda, engines.faults);
    case 'athena':
      return new AthenaTask(engines.athena, engines.faults, resolved.action, resolved.sync);
    case 's3':
      return new S3SdkTask(engines.s3, engines.faults, resolved.action);
  }
}
