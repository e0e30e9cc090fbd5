/** The parts of an ARN: `arn:partition:service:region:account:resource`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the account (`function:name`, `queue-name`, `stateMachine:name`). */
  resource: string;
}

export function parseArn(arn: string): Arn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', accountId = '', ...resource] = parts;
  return { partition, service, region, accountId, resource: resource.join(':') };
}
