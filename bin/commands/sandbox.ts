import { PROJECT_ROOT } from '../project-root';
import { prepareRun } from '../../support/run/prepare-run';
import { newRunId } from '../../support/run-id';
import { formatDuration } from '../../support/duration';
import { reportStartupFailure } from './startup';

/** The sandbox in the foreground: endpoint and deployed resources printed, served until Ctrl-C. */
export async function sandboxCommand(options: { env: string; port: number }): Promise<number> {
  let prepared;
  try {
    prepared = await prepareRun({ env: options.env, projectRoot: PROJECT_ROOT, runId: newRunId(), port: options.port });
  } catch (error) {
    return reportStartupFailure(error);
  }
  if (!prepared.session) {
    await prepared.dispose();
    process.stderr.write(`Environment "${options.env}" is not a sandbox environment (it has no sandbox: section).\n`);
    return 2;
  }
  const { sandbox, bootMs } = prepared.session;
  const lines = [
    `postflight sandbox ready in ${formatDuration(bootMs)}`,
    `  endpoint: ${sandbox.endpoint}   region: ${sandbox.region}   account: ${sandbox.accountId}`,
    '',
    '  Deployed:',
  ];
  for (const stack of sandbox.cloudFormation.all()) {
    lines.push(`    stack ${stack.StackName}`);
    for (const resource of stack.Resources)
      lines.push(`      ${resource.ResourceType.padEnd(34)} ${resource.LogicalResourceId.padEnd(30)} ${resource.PhysicalResourceId}`);
    for (const output of stack.Outputs) lines.push(`      output ${output.OutputKey.padEnd(27)} ${output.OutputValue}`);
  }
  lines.push(
    '',
    '  Try it:',
    `    aws --endpoint-url ${sandbox.endpoint} s3 ls`,
    `    aws --endpoint-url ${sandbox.endpoint} stepfunctions list-state-machines`,
    `    (any credentials work; SDK clients need only { endpoint: '${sandbox.endpoint}', region: '${sandbox.region}' })`,
    '',
    '  Serving until interrupted (Ctrl-C).',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('\nStopping the sandbox…\n');
  await prepared.dispose();
  return 0;
}
