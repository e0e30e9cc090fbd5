import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { Sandbox } from '../sandbox/sandbox';

const TEMPLATE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/triggered-pipeline/template.yaml');

export interface EventDeliveryTimes {
  /** The first PutObject → execution start (the router's Lambda environment starts cold). */
  coldMs: number;
  /** PutObject → execution start through S3 → EventBridge → SQS → Lambda → StartExecution, warm. */
  chainMs: number[];
  /** Baseline: StartExecution sent by the client → execution start. */
  directMs: number[];
}

/**
 * The event delivery latency of a triggered pipeline in the sandbox: from the client's PutObject
 * to the state machine's start (its `startDate`), through the template's own wiring, against a
 * client's direct StartExecution in the same sandbox. Both are measured on the sandbox's clock.
 */
export async function measureEventDelivery(runs: number): Promise<EventDeliveryTimes> {
  const sandbox = await Sandbox.start();
  const s3 = new S3Client(sandbox.clientConfig());
  const sfn = new SFNClient(sandbox.clientConfig());
  try {
    const stack = await sandbox.deploy({ name: 'bench-triggered', templateFile: TEMPLATE });
    const output = (key: string) => stack.Outputs.find((candidate) => candidate.OutputKey === key)!.OutputValue!;
    const bucket = output('RawBucket');
    const stateMachineArn = output('Pipeline');
    const seen = new Set<string>();

    /** The start of the execution whose input names `key` (polling the listing, as a test would). */
    const startOf = async (key: string): Promise<number> => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
        for (const execution of executions) {
          if (seen.has(execution.executionArn!)) continue;
          const described = await sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
          if ((JSON.parse(described.input ?? '{}') as { key?: string }).key === key) {
            seen.add(execution.executionArn!);
            return execution.startDate!.getTime();
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      throw new Error(`no execution started for ${key} within 30 s`);
    };
    const viaChain = async (key: string): Promise<number> => {
      const sent = Date.now();
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'id,qty\n1,2\n' }));
      return (await startOf(key)) - sent;
    };
    const coldMs = await viaChain('bench/cold.csv');
    const chainMs: number[] = [];
    const directMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      chainMs.push(await viaChain(`bench/warm-${run}.csv`));
      const sent = Date.now();
      const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ key: `direct-${run}` }) }));
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      seen.add(started.executionArn!);
      directMs.push(described.startDate!.getTime() - sent);
    }
    return { coldMs, chainMs, directMs };
  } finally {
    s3.destroy();
    sfn.destroy();
    await sandbox.stop();
  }
}
