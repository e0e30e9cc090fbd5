import type { ResourceType } from './resource-type';
import { s3Bucket } from './resources/s3-bucket';
import { lambdaFunction, serverlessFunction } from './resources/lambda-function';
import { serverlessStateMachine, stepFunctionsStateMachine } from './resources/state-machine';
import { glueDatabase, gluePartition, glueTable } from './resources/glue';
import { athenaWorkGroup } from './resources/athena-workgroup';
import { ssmParameter } from './resources/ssm-parameter';
import { logsLogGroup } from './resources/logs-log-group';
import { iamManagedPolicy, iamPolicy, iamRole } from './resources/iam';

/** Every resource type the sandbox can deploy; anything else fails the deploy by name. */
export const RESOURCE_TYPES: ReadonlyMap<string, ResourceType> = new Map(
  [
    s3Bucket,
    lambdaFunction,
    serverlessFunction,
    stepFunctionsStateMachine,
    serverlessStateMachine,
    glueDatabase,
    glueTable,
    gluePartition,
    athenaWorkGroup,
    ssmParameter,
    logsLogGroup,
    iamRole,
    iamPolicy,
    iamManagedPolicy,
  ].map((resourceType) => [resourceType.type, resourceType]),
);
