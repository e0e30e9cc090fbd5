/**
 * The stacks the template deployer created: it writes them, CloudFormation's API serves them,
 * and the admin endpoint and `postflight sandbox` list them.
 */
export interface DeployedResource {
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  ResourceStatusReason?: string;
}

export interface DeployedStack {
  StackName: string;
  StackId: string;
  Description?: string;
  CreationTime: Date;
  Parameters: Array<{ ParameterKey: string; ParameterValue: string }>;
  Outputs: Array<{ OutputKey: string; OutputValue: string; Description?: string; ExportName?: string }>;
  Resources: DeployedResource[];
  /** Logical ids of the resources deployed as recorded, not emulated (the sandbox's own note, not an AWS field). */
  recordedOnly: string[];
}

export class StackStore {
  private readonly stacks = new Map<string, DeployedStack>();

  register(stack: DeployedStack): void {
    this.stacks.set(stack.StackName, stack);
  }

  all(): DeployedStack[] {
    return [...this.stacks.values()];
  }

  /** By stack name or stack id. */
  find(nameOrId: string): DeployedStack | undefined {
    return this.stacks.get(nameOrId) ?? this.all().find((candidate) => candidate.StackId === nameOrId);
  }

  /** `Fn::ImportValue` names: every export of every stack. */
  exports(): Record<string, string> {
    return Object.fromEntries(
      this.all().flatMap((stack) =>
        stack.Outputs.flatMap((output) => (output.ExportName ? [[output.ExportName, output.OutputValue]] : [])),
      ),
    );
  }
}
