import type { DescribeStacksCommandInput } from '@aws-sdk/client-cloudformation';
import type { Provider } from '../../core/provider';
import { AwsError } from '../../core/aws-error';
import type { DeployedStack, StackStore } from '../../stores/stacks/stack-store';

export class StackValidationError extends AwsError {
  constructor(message: string) {
    super('ValidationError', message, 400);
  }
}

/** CloudFormation, read side: the stacks the template deployer created (the stack store), their outputs and resources. */
export class CloudFormationProvider implements Provider {
  readonly serviceName = 'cloudformation';
  readonly operations = ['DescribeStacks', 'ListStacks', 'DescribeStackResources', 'ListExports'] as const;

  constructor(private readonly stacks: StackStore) {}

  /** Every deployed stack (what `postflight sandbox` prints). */
  all(): DeployedStack[] {
    return this.stacks.all();
  }

  describeStacks(input: DescribeStacksCommandInput) {
    const stacks = input.StackName ? [this.stack(input.StackName)] : this.all();
    return {
      Stacks: stacks.map((stack) => ({
        StackId: stack.StackId,
        StackName: stack.StackName,
        Description: stack.Description,
        Parameters: stack.Parameters,
        CreationTime: stack.CreationTime,
        RollbackConfiguration: {},
        StackStatus: 'CREATE_COMPLETE',
        DisableRollback: false,
        NotificationARNs: [],
        Capabilities: ['CAPABILITY_AUTO_EXPAND', 'CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
        Outputs: stack.Outputs,
        Tags: [],
        EnableTerminationProtection: false,
        DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
      })),
    };
  }

  listStacks() {
    return {
      StackSummaries: this.all().map((stack) => ({
        StackId: stack.StackId,
        StackName: stack.StackName,
        CreationTime: stack.CreationTime,
        StackStatus: 'CREATE_COMPLETE',
        TemplateDescription: stack.Description,
      })),
    };
  }

  describeStackResources(input: { StackName?: string }) {
    const stack = this.stack(input.StackName ?? '');
    return {
      StackResources: stack.Resources.map((resource) => ({
        StackName: stack.StackName,
        StackId: stack.StackId,
        ...resource,
        Timestamp: stack.CreationTime,
        ResourceStatus: 'CREATE_COMPLETE',
      })),
    };
  }

  listExports() {
    return {
      Exports: this.all().flatMap((stack) =>
        stack.Outputs.filter((output) => output.ExportName).map((output) => ({
          ExportingStackId: stack.StackId,
          Name: output.ExportName,
          Value: output.OutputValue,
        })),
      ),
    };
  }

  private stack(nameOrId: string): DeployedStack {
    const stack = this.stacks.find(nameOrId);
    if (!stack) throw new StackValidationError(`Stack with id ${nameOrId} does not exist`);
    return stack;
  }
}
