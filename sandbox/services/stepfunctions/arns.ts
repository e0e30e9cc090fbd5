import { randomUUID } from 'node:crypto';
import { InvalidArn, InvalidName } from './errors';

/**
 * Names and ARNs: `arn:aws:states:<region>:<account>:stateMachine:<name>`,
 * `…:execution:<machine>:<execution>`, and for EXPRESS executions, whose names need not be
 * unique, `…:express:<machine>:<execution>:<id>` (recorded: test_start_sync_execution).
 */
export function stateMachineArn(region: string, accountId: string, name: string): string {
  return `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
}

export function activityArn(region: string, accountId: string, name: string): string {
  return `arn:aws:states:${region}:${accountId}:activity:${name}`;
}

export function mapRunArn(region: string, accountId: string, machineAndLabel: string, id: string): string {
  return `arn:aws:states:${region}:${accountId}:mapRun:${machineAndLabel}:${id}`;
}

export function executionArn(machineArn: string, executionName: string, type: 'STANDARD' | 'EXPRESS'): string {
  if (type === 'EXPRESS') return `${machineArn.replace(':stateMachine:', ':express:')}:${executionName}:${randomUUID()}`;
  return `${machineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

const ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:([A-Za-z]+):(.+)$/;

/** Check an ARN's shape and resource type as Step Functions does (InvalidArn otherwise). */
export function checkArn(arn: unknown, resourceTypes: readonly string[]): string {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw new InvalidArn(`Invalid ARN prefix: ${String(arn)}`);
  const match = ARN.exec(arn);
  if (!match) throw new InvalidArn(arn);
  const resourceType = match[1] ?? '';
  if (!resourceTypes.includes(resourceType)) throw new InvalidArn(`Resource type not valid in this context: ${resourceType}`);
  return arn;
}

/**
 * State machine and execution names: 1 to 80 characters, none of whitespace, brackets, wildcards,
 * `"#%\^|~\`$&,;:/` or control characters.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.length < 1 || name.length > 80 || FORBIDDEN.test(name)) throw new InvalidName(String(name));
  return name;
}
