import type { Deployment } from './cloudformation';

/**
 * Parameter values the tests deploy the templates with: the example of pipeline/README.md, for the
 * sample data lake (sample-datalake/template.yaml) deployed as stack datalake-<env>.
 */
export const SHARED_SERVICES_ACCOUNT = '999999999999';

export const SHARED_SERVICES: Deployment = {
  account: SHARED_SERVICES_ACCOUNT,
  region: 'us-east-1',
  stackName: 'postflight-pipeline',
  parameters: {
    ConnectionArn: `arn:aws:codeconnections:us-east-1:${SHARED_SERVICES_ACCOUNT}:connection/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
    FullRepositoryId: 'example-org/datalake-postflight',
    DevAccountId: '111111111111',
    QaAccountId: '222222222222',
    UatAccountId: '333333333333',
    ProdAccountId: '444444444444',
    ApproverEmail: 'release-approvers@example.com',
  },
};

/** The target-account role for one environment of the sample data lake. */
export function targetRoleDeployment(environment: string, account: string, options: { readOnly: boolean }): Deployment {
  const stack = `datalake-${environment}`;
  return {
    account,
    region: 'us-east-1',
    stackName: 'postflight-test-runner',
    parameters: {
      SharedServicesAccountId: SHARED_SERVICES_ACCOUNT,
      ReadOnly: String(options.readOnly),
      DataLakeStackName: stack,
      ParameterPath: `/datalake/${environment}/`,
      BucketNamePrefix: `${stack}-`,
      StateMachineNamePrefix: `${stack}-`,
      FunctionNamePrefix: `${stack}-`,
      MessagingNamePrefix: `${stack}-`,
      GlueDatabasePrefix: `datalake_${environment}_`,
      AthenaWorkGroup: `${stack}-analytics`,
      AthenaResultsBucket: `${stack}-athenaresultsbucket-*`,
      ...(options.readOnly
        ? {}
        : {
            WritableObjectArns: [
              `arn:aws:s3:::${stack}-landingbucket-*/positions/*pf-*`,
              `arn:aws:s3:::${stack}-curatedbucket-*/positions/*pf-*`,
              `arn:aws:s3:::${stack}-quarantinebucket-*/positions/*pf-*`,
              `arn:aws:s3:::${stack}-athenaresultsbucket-*/ingest/positions/*pf-*`,
            ].join(','),
          }),
    },
  };
}
