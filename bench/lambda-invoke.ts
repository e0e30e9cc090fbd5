import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { Sandbox } from '../sandbox/sandbox';

export interface InvokeLatency {
  /** First invocation of a fresh function: worker process start, handler load, invocation. */
  coldMs: number[];
  /** Invocations of a warm worker. */
  warmMs: number[];
}

const HANDLERS = {
  node: { file: 'index.mjs', handler: 'index.handler', runtime: 'nodejs22.x', source: 'export const handler = async (event) => event;\n' },
  python: { file: 'app.py', handler: 'app.handler', runtime: 'python3.12', source: 'def handler(event, context):\n    return event\n' },
  'python with boto3': {
    file: 'with_boto3.py',
    handler: 'with_boto3.handler',
    runtime: 'python3.12',
    source: 'import boto3\n\ns3 = boto3.client("s3")\n\n\ndef handler(event, context):\n    return event\n',
  },
} as const;
export type WorkerKind = keyof typeof HANDLERS;

/**
 * Invoke latency through the Lambda API (SDK client → sandbox → worker → answer) of an echo
 * function on each worker kind: cold (a fresh function each time) and warm, in one sandbox.
 */
export async function measureLambdaInvokes(coldRuns: number, warmRuns: number): Promise<Record<WorkerKind, InvokeLatency>> {
  const code = fs.mkdtempSync(path.join(os.tmpdir(), 'postflight-bench-lambda-'));
  const sandbox = await Sandbox.start();
  const lambda = new LambdaClient(sandbox.clientConfig());
  const payload = Buffer.from(JSON.stringify({ dataset: 'positions', key: 'landing/positions/2026-12-03.csv' }));
  const timedInvoke = async (FunctionName: string) => {
    const started = performance.now();
    const output = await lambda.send(new InvokeCommand({ FunctionName, Payload: payload }));
    if (output.FunctionError) throw new Error(`${FunctionName} failed: ${Buffer.from(output.Payload ?? []).toString()}`);
    return performance.now() - started;
  };
  try {
    const results = {} as Record<WorkerKind, InvokeLatency>;
    for (const [kind, handler] of Object.entries(HANDLERS) as Array<[WorkerKind, (typeof HANDLERS)[WorkerKind]]>) {
      fs.writeFileSync(path.join(code, handler.file), handler.source);
      results[kind] = { coldMs: [], warmMs: [] };
    }
    let serial = 0;
    for (let run = 0; run < coldRuns; run++) {
      for (const [kind, handler] of Object.entries(HANDLERS) as Array<[WorkerKind, (typeof HANDLERS)[WorkerKind]]>) {
        const functionName = `bench-${kind.replaceAll(' ', '-')}-${serial++}`;
        sandbox.lambda.createFunctionFromDefinition({
          functionName,
          handler: handler.handler,
          runtime: handler.runtime,
          codeDirectory: code,
          timeoutSeconds: 30,
          memorySize: 512,
          environment: {},
        });
        results[kind].coldMs.push(await timedInvoke(functionName));
        if (run === 0) for (let warm = 0; warm < warmRuns; warm++) results[kind].warmMs.push(await timedInvoke(functionName));
        await sandbox.lambda.deleteFunction(functionName);
      }
    }
    return results;
  } finally {
    lambda.destroy();
    await sandbox.stop();
    fs.rmSync(code, { recursive: true, force: true });
  }
}
