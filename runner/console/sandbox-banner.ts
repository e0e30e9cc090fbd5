import { deployedStackLines, recordedSummary } from '../../sandbox/sandbox';
import type { SandboxSession } from '../startup/sandbox-session';
import { formatDuration } from '../../model/duration';

/** What `postflight sandbox` prints once it serves: endpoint, deployed stacks, what is recorded only, how to try it. */
export function sandboxBanner(session: SandboxSession): string[] {
  const { sandbox, bootMs } = session;
  const lines = [
    `postflight sandbox ready in ${formatDuration(bootMs)}`,
    `  endpoint: ${sandbox.endpoint}   region: ${sandbox.region}   account: ${sandbox.accountId}`,
    '',
    '  Deployed:',
  ];
  const stacks = sandbox.cloudFormation.all();
  lines.push(...deployedStackLines(stacks));
  const recorded = recordedSummary(stacks);
  if (recorded) lines.push('', `  ${recorded}.`);
  lines.push(
    '',
    '  Try it:',
    `    aws --endpoint-url ${sandbox.endpoint} s3 ls`,
    `    aws --endpoint-url ${sandbox.endpoint} stepfunctions list-state-machines`,
    `    (any credentials work; SDK clients need only { endpoint: '${sandbox.endpoint}', region: '${sandbox.region}' })`,
    '',
    '  Serving until interrupted (Ctrl-C).',
  );
  return lines;
}
