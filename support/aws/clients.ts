import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { STSClient } from '@aws-sdk/client-sts';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SNSClient } from '@aws-sdk/client-sns';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ResolvedEnvironment } from '../../model/environment/environment';
import { redactor } from '../redaction';

/** Where and as whom the framework talks to AWS (or to the sandbox). */
export interface AwsTarget {
  region: string;
  /** The sandbox endpoint; absent for real AWS. */
  endpoint?: string;
  /** Role to assume; the session name carries the run id so CloudTrail shows which run did what. */
  roleArn?: string;
  externalId?: string;
  durationSeconds?: number;
  runId: string;
}

/** The sandbox accepts any credentials; these make clear in its logs who called. */
export const SANDBOX_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'postflight', secretAccessKey: 'postflight-sandbox' };

export function roleSessionName(runId: string): string {
  return `postflight-${runId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/** Refresh this long before an assumed role's session expires. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * One session for every client of the process (not one AssumeRole per client), renewed before
 * it expires; every credential obtained is registered with the redactor, so it can never
 * appear in a log or a report.
 */
function rememberedCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  const renew = () =>
    Promise.resolve(provider()).then((credentials) => {
      redactor.addCredentials(credentials);
      return credentials;
    });
  return async () => {
    const cached = current ? await current.catch(() => undefined) : undefined;
    if (!cached || (cached.expiration && cached.expiration.getTime() - Date.now() < REFRESH_BEFORE_EXPIRY_MS)) current = renew();
    return (current ??= renew());
  };
}

/**
 * The one place clients are built: region, the sandbox endpoint when there is one, the standard
 * credential chain (AWS_PROFILE, SSO, the CodeBuild role) or an assumed role, adaptive retries.
 */
export class AwsClients {
  private readonly cache = new Map<string, { destroy(): void }>();
  private documentClient?: DynamoDBDocumentClient;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;

  /** The clients of an environment: its region, its sandbox endpoint (if any), its role (if any), as run `runId`. */
  static forEnvironment(environment: Pick<ResolvedEnvironment, 'region' | 'endpoint' | 'credentials'>, runId: string): AwsClients {
    return new AwsClients({
      region: environment.region,
      endpoint: environment.endpoint,
      roleArn: environment.credentials?.roleArn,
      externalId: environment.credentials?.externalId,
      durationSeconds: environment.credentials?.durationSeconds,
      runId,
    });
  }

  constructor(readonly target: AwsTarget) {
    const base = target.endpoint ? SANDBOX_CREDENTIALS : fromNodeProviderChain();
    if (!target.roleArn && target.endpoint) {
      this.credentials = base;
      return;
    }
    const provider = target.roleArn
      ? fromTemporaryCredentials({
          masterCredentials: base,
          params: {
            RoleArn: target.roleArn,
            RoleSessionName: roleSessionName(target.runId),
            ExternalId: target.externalId,
            DurationSeconds: target.durationSeconds ?? 3600,
          },
          clientConfig: { region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}) },
        })
      : (base as AwsCredentialIdentityProvider);
    this.credentials = rememberedCredentials(provider);
  }

  private config() {
    return {
      region: this.target.region,
      credentials: this.credentials,
      maxAttempts: 5,
      retryMode: 'adaptive',
      ...(this.target.endpoint ? { endpoint: this.target.endpoint } : {}),
    };
  }

  private client<T extends { destroy(): void }>(name: string, create: () => T): T {
    let client = this.cache.get(name) as T | undefined;
    if (!client) {
      client = create();
      this.cache.set(name, client);
    }
    return client;
  }

  get s3(): S3Client {
    return this.client('s3', () => new S3Client(this.config()));
  }
  get stepFunctions(): SFNClient {
    return this.client('sfn', () => new SFNClient(this.config()));
  }
  get lambda(): LambdaClient {
    // Invocations can run up to 15 minutes: no client-side socket timeout shorter than that.
    return this.client('lambda', () => new LambdaClient(this.config()));
  }
  get athena(): AthenaClient {
    return this.client('athena', () => new AthenaClient(this.config()));
  }
  get glue(): GlueClient {
    return this.client('glue', () => new GlueClient(this.config()));
  }
  get sts(): STSClient {
    return this.client('sts', () => new STSClient(this.config()));
  }
  get cloudFormation(): CloudFormationClient {
    return this.client('cfn', () => new CloudFormationClient(this.config()));
  }
  get logs(): CloudWatchLogsClient {
    return this.client('logs', () => new CloudWatchLogsClient(this.config()));
  }
  get ssm(): SSMClient {
    return this.client('ssm', () => new SSMClient(this.config()));
  }

  get sqs(): SQSClient {
    return this.client('sqs', () => new SQSClient(this.config()));
  }
  get sns(): SNSClient {
    return this.client('sns', () => new SNSClient(this.config()));
  }
  get eventBridge(): EventBridgeClient {
    return this.client('events', () => new EventBridgeClient(this.config()));
  }
  get dynamodb(): DynamoDBClient {
    return this.client('dynamodb', () => new DynamoDBClient(this.config()));
  }
  /** Items as plain JSON (not DynamoDB's attribute values); shares the DynamoDB client's connections. */
  get documents(): DynamoDBDocumentClient {
    // Not in the cache: it wraps the DynamoDB client, which is destroyed with the others.
    return (this.documentClient ??= DynamoDBDocumentClient.from(this.dynamodb, { marshallOptions: { removeUndefinedValues: true } }));
  }

  destroy(): void {
    for (const client of this.cache.values()) client.destroy();
    this.cache.clear();
    this.documentClient = undefined;
  }
}
