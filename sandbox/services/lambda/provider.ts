import type { Provider } from '../../protocol/operations';
import type { LogsProvider } from '../logs/provider';
import type { FaultInjector } from '../../faults';

/** A function as the template deployer hands it over: code already unpacked in a directory. */
export interface LambdaFunctionDefinition {
  functionName: string;
  /** `index.handler`, `src/app.handler`: module path relative to codeDirectory, then the export. */
  handler: string;
  /** `nodejs22.x`, `nodejs20.x`, … (other runtimes are refused at deploy time). */
  runtime: string;
  /** Absolute path of the directory holding the function's code. */
  codeDirectory: string;
  timeoutSeconds: number;
  memorySize: number;
  environment: Record<string, string>;
  role?: string;
  description?: string;
}

export interface InvokeResult {
  StatusCode: number;
  FunctionError?: 'Unhandled' | 'Handled';
  Payload: Buffer;
  ExecutedVersion: string;
  /** Base64 of the last 4 KB of the invocation's log, when LogType is Tail. */
  LogResult?: string;
  requestId: string;
}

export interface LambdaDependencies {
  region: string;
  accountId: string;
  /** The sandbox endpoint, handed to handlers as AWS_ENDPOINT_URL so their SDK calls come back here. */
  endpoint: () => string;
  logs: LogsProvider;
  faults: FaultInjector;
  /** Scratch space owned by this sandbox instance (removed on stop). */
  workDirectory: string;
}

/** STUB — being implemented. */
export class LambdaProvider implements Provider {
  readonly serviceName = 'lambda';
  readonly operations: readonly string[] = [];

  constructor(readonly deps: LambdaDependencies) {}

  createFunctionFromDefinition(definition: LambdaFunctionDefinition): { FunctionName: string; FunctionArn: string } {
    throw new Error(`not implemented yet: ${definition.functionName}`);
  }

  async invokeFunction(
    functionNameOrArn: string,
    payload: Buffer,
    options: { invocationType?: 'RequestResponse' | 'Event' | 'DryRun'; logType?: 'None' | 'Tail' } = {},
  ): Promise<InvokeResult> {
    throw new Error(`not implemented yet: ${functionNameOrArn} ${payload.length} ${JSON.stringify(options)}`);
  }

  async shutdown(): Promise<void> {}
}
