import type { IntegrationPattern } from './service-task';

/**
 * AWS's optimized integrations (`arn:aws:states:::<service>:<action>`), with the patterns each
 * supports besides request-response, as the Step Functions Developer Guide lists them. The
 * sandbox runs some of them (see index.ts); the others are AWS resources it cannot run, which a
 * mocked test case can stand in for. A resource in none of these is one AWS itself refuses.
 */
const SYNC: readonly IntegrationPattern[] = ['sync'];
const CALLBACK: readonly IntegrationPattern[] = ['waitForTaskToken'];
const BOTH: readonly IntegrationPattern[] = ['sync', 'waitForTaskToken'];
const NONE: readonly IntegrationPattern[] = [];

export const AWS_OPTIMIZED_INTEGRATIONS: Readonly<Record<string, Readonly<Record<string, readonly IntegrationPattern[]>>>> = {
  lambda: { invoke: CALLBACK },
  batch: { submitJob: BOTH },
  dynamodb: { getItem: NONE, putItem: NONE, updateItem: NONE, deleteItem: NONE },
  ecs: { runTask: BOTH },
  sns: { publish: CALLBACK },
  sqs: { sendMessage: CALLBACK },
  glue: { startJobRun: BOTH },
  'glue-databrew': { startJobRun: SYNC },
  databrew: { startJobRun: SYNC },
  states: { startExecution: ['sync', 'sync:2', 'waitForTaskToken'] },
  athena: { startQueryExecution: SYNC, stopQueryExecution: NONE, getQueryExecution: NONE, getQueryResults: NONE },
  events: { putEvents: CALLBACK },
  apigateway: { invoke: CALLBACK },
  http: { invoke: NONE },
  codebuild: {
    startBuild: SYNC,
    stopBuild: NONE,
    batchDeleteBuilds: NONE,
    batchGetReports: NONE,
    startBuildBatch: SYNC,
    stopBuildBatch: NONE,
    retryBuildBatch: SYNC,
    retryBuild: SYNC,
    deleteBuildBatch: NONE,
  },
  elasticmapreduce: {
    createCluster: SYNC,
    terminateCluster: SYNC,
    addStep: SYNC,
    cancelStep: NONE,
    setClusterTerminationProtection: NONE,
    modifyInstanceFleetByName: NONE,
    modifyInstanceGroupByName: NONE,
  },
  'emr-containers': { createVirtualCluster: NONE, deleteVirtualCluster: SYNC, startJobRun: SYNC },
  'emr-serverless': {
    createApplication: SYNC,
    startApplication: SYNC,
    stopApplication: SYNC,
    deleteApplication: SYNC,
    startJobRun: SYNC,
    cancelJobRun: SYNC,
  },
  eks: {
    createCluster: SYNC,
    deleteCluster: SYNC,
    createFargateProfile: SYNC,
    deleteFargateProfile: SYNC,
    createNodegroup: SYNC,
    deleteNodegroup: SYNC,
    runJob: SYNC,
    call: NONE,
  },
  sagemaker: {
    createTrainingJob: SYNC,
    createTransformJob: SYNC,
    createProcessingJob: SYNC,
    createHyperParameterTuningJob: SYNC,
    createLabelingJob: SYNC,
    createModel: NONE,
    createEndpointConfig: NONE,
    createEndpoint: NONE,
    updateEndpoint: NONE,
  },
  mediaconvert: { createJob: SYNC },
  bedrock: { invokeModel: NONE, createModelCustomizationJob: SYNC },
};

/** Whether AWS offers this optimized integration with this pattern (none: request-response). */
export function isAwsOptimizedIntegration(service: string, action: string, pattern: string | undefined): boolean {
  const patterns = AWS_OPTIMIZED_INTEGRATIONS[service]?.[action];
  if (patterns === undefined) return false;
  return pattern === undefined || (patterns as readonly string[]).includes(pattern);
}
