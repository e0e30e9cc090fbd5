import type { DeployedStack } from '../stores/stacks/stack-store';

export const RECORDED_NOTE = 'recorded, not emulated';

/** What `postflight sandbox` prints of each stack: its resources (those recorded, not emulated, marked so) and outputs. */
export function deployedStackLines(stacks: readonly DeployedStack[]): string[] {
  const lines: string[] = [];
  for (const stack of stacks) {
    lines.push(`    stack ${stack.StackName}`);
    const recorded = new Set(stack.recordedOnly);
    for (const resource of stack.Resources) {
      const note = recorded.has(resource.LogicalResourceId) ? `   (${RECORDED_NOTE})` : '';
      lines.push(
        `      ${resource.ResourceType.padEnd(34)} ${resource.LogicalResourceId.padEnd(30)} ${resource.PhysicalResourceId}${note}`,
      );
      if (resource.ResourceStatusReason) lines.push(`        ${resource.ResourceStatusReason}`);
    }
    for (const output of stack.Outputs) lines.push(`      output ${output.OutputKey.padEnd(27)} ${output.OutputValue}`);
  }
  return lines;
}

/**
 * `3 resources recorded, not emulated (nothing acts on them): AWS::CloudWatch::Alarm ×2, AWS::KMS::Key`,
 * or undefined when every resource is emulated.
 */
export function recordedSummary(stacks: readonly DeployedStack[]): string | undefined {
  const counts = new Map<string, number>();
  for (const stack of stacks) {
    const recorded = new Set(stack.recordedOnly);
    for (const resource of stack.Resources) {
      if (recorded.has(resource.LogicalResourceId)) counts.set(resource.ResourceType, (counts.get(resource.ResourceType) ?? 0) + 1);
    }
  }
  if (counts.size === 0) return undefined;
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const types = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, count]) => (count > 1 ? `${type} ×${count}` : type));
  return `${total} resource${total > 1 ? 's' : ''} ${RECORDED_NOTE} (nothing acts on them): ${types.join(', ')}`;
}
