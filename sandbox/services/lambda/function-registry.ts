import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { codeDigest, type CodeDigest } from './code-digest';
import { constraintViolation, FunctionNotFound, InvalidParameterValueException, ResourceConflictException } from './errors';
import { functionArn, type FunctionReference } from './function-name';
import { logGroupName } from './invocation-log';
import { describeRuntimes, runtimeFor } from './runtimes';
import type { LambdaRuntime } from './runtimes/runtime';
import { reservedKeysIn } from './worker-environment';

/** A function as the template deployer hands it over: code already unpacked in a directory. */
export interface LambdaFunctionDefinition {
  functionName: string;
  /** `index.handler`, `src/app.handler`: module path relative to codeDirectory, then the export. */
  handler: string;
  /** `nodejs22.x`, `nodejs20.x`, … (runtimes the sandbox cannot run are refused at deploy time). */
  runtime: string;
  /** Absolute path of the directory holding the function's code. */
  codeDirectory: string;
  timeoutSeconds: number;
  memorySize: number;
  environment: Record<string, string>;
  role?: string;
  description?: string;
}

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface DeployedFunction {
  definition: LambdaFunctionDefinition;
  runtime: LambdaRuntime;
  arn: string;
  lastModified: string;
  revisionId: string;
  credentials: RoleCredentials;
  digest?: CodeDigest;
}

export interface FunctionRegistryDependencies {
  region: string;
  accountId: string;
  /**
   * Credentials for the function's execution role (e.g. an STS AssumeRole session named after
   * the function, so GetCallerIdentity in a handler answers the assumed-role ARN). Without it,
   * handlers get fixed sandbox keys.
   */
  roleCredentials?: (roleArn: string, sessionName: string) => RoleCredentials;
}

/** Only `$LATEST` exists in the sandbox. */
export const VERSION = '$LATEST';

/**
 * The functions Lambda knows: registered (with Lambda's checks and the runtime's), resolved from
 * the names and ARNs callers use, and described as Lambda describes them.
 *
 * Fidelity gap: only `$LATEST` exists — no versions, aliases or qualifiers other than `$LATEST`.
 */
export class FunctionRegistry {
  private readonly functions = new Map<string, DeployedFunction>();

  constructor(private readonly deps: FunctionRegistryDependencies) {}

  /**
   * Registers a function (the template deployer's AWS::Lambda::Function). Refuses, naming the
   * function, what cannot run here: a runtime the sandbox lacks, a handler that does not exist.
   */
  register(definition: LambdaFunctionDefinition): DeployedFunction {
    const name = definition.functionName;
    if (!/^[a-zA-Z0-9-_]{1,64}$/.test(name)) {
      throw constraintViolation(name, 'functionName', 'Member must satisfy regular expression pattern: [a-zA-Z0-9-_]{1,64}');
    }
    if (this.functions.has(name)) throw new ResourceConflictException(`Function already exist: ${name}`);
    const runtime = runtimeFor(definition.runtime);
    if (!runtime) {
      throw new InvalidParameterValueException(
        `Function ${name}: the runtime ${definition.runtime || '(none)'} cannot run in the postflight sandbox, which runs ` +
          `these runtimes only: ${describeRuntimes()}.`,
      );
    }
    if (!Number.isInteger(definition.timeoutSeconds) || definition.timeoutSeconds < 1 || definition.timeoutSeconds > 900) {
      throw constraintViolation(String(definition.timeoutSeconds), 'timeout', 'Member must have value between 1 and 900');
    }
    if (!Number.isInteger(definition.memorySize) || definition.memorySize < 128 || definition.memorySize > 10240) {
      throw constraintViolation(String(definition.memorySize), 'memorySize', 'Member must have value between 128 and 10240');
    }
    const environment = Object.fromEntries(Object.entries(definition.environment ?? {}).map(([key, value]) => [key, String(value)]));
    const reserved = reservedKeysIn(environment);
    if (reserved.length > 0) {
      throw new InvalidParameterValueException(
        'Lambda was unable to configure your environment variables because the environment variables you have provided ' +
          `contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
      );
    }
    runtime.checkHandler(name, definition.handler, definition.codeDirectory);
    const deployed: DeployedFunction = {
      definition: { ...definition, environment },
      runtime,
      arn: functionArn(this.deps.region, this.deps.accountId, name),
      lastModified: new Date().toISOString().replace('Z', '+0000'),
      revisionId: randomUUID(),
      credentials: this.credentialsFor(name, definition.role),
    };
    this.functions.set(name, deployed);
    return deployed;
  }

  /** Forgets a function; false when there was none of that name. */
  remove(functionName: string): boolean {
    return this.functions.delete(functionName);
  }

  all(): DeployedFunction[] {
    return [...this.functions.values()];
  }

  /** The function, if the reference names it; Lambda's not-found message carries the full ARN asked for. */
  resolve(reference: FunctionReference, defaultQualifier?: string): DeployedFunction {
    const region = reference.region ?? this.deps.region;
    const accountId = reference.accountId ?? this.deps.accountId;
    const qualifier = reference.qualifier ?? defaultQualifier;
    const deployed = this.functions.get(reference.name);
    // Fidelity gap: only $LATEST exists in the sandbox (no published versions or aliases).
    if (
      !deployed ||
      region !== this.deps.region ||
      accountId !== this.deps.accountId ||
      (qualifier !== undefined && qualifier !== VERSION)
    ) {
      throw new FunctionNotFound(functionArn(region, accountId, reference.name, qualifier));
    }
    return deployed;
  }

  configurationOf(deployed: DeployedFunction): FunctionConfiguration {
    const { definition } = deployed;
    const digest = this.digestOf(deployed);
    const variables = definition.environment;
    return {
      FunctionName: definition.functionName,
      FunctionArn: deployed.arn,
      Runtime: definition.runtime as FunctionConfiguration['Runtime'],
      Role: definition.role ?? `arn:aws:iam::${this.deps.accountId}:role/${definition.functionName}-role`,
      Handler: definition.handler,
      CodeSize: digest.size,
      Description: definition.description ?? '',
      Timeout: definition.timeoutSeconds,
      MemorySize: definition.memorySize,
      LastModified: deployed.lastModified,
      CodeSha256: digest.sha256,
      Version: VERSION,
      Environment: Object.keys(variables).length > 0 ? { Variables: { ...variables } } : undefined,
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: deployed.revisionId,
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: [os.arch() === 'arm64' ? 'arm64' : 'x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: logGroupName(definition.functionName) },
    };
  }

  digestOf(deployed: DeployedFunction): CodeDigest {
    deployed.digest ??= codeDigest(deployed.definition.codeDirectory);
    return deployed.digest;
  }

  private credentialsFor(functionName: string, role: string | undefined): RoleCredentials {
    if (role && this.deps.roleCredentials) return this.deps.roleCredentials(role, functionName);
    return {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(64).toString('base64'),
    };
  }
}
