import type { GetParameterCommandInput, GetParametersCommandInput, PutParameterCommandInput } from '@aws-sdk/client-ssm';
import type { RequestContext } from '../../core/request-context';
import type { Provider } from '../../core/provider';
import { AwsError } from '../../core/aws-error';

export class ParameterNotFound extends AwsError {
  constructor(name: string) {
    super('ParameterNotFound', `Parameter ${name} not found.`, 400);
  }
}

export class ParameterAlreadyExists extends AwsError {
  constructor() {
    super(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      400,
    );
  }
}

interface Parameter {
  Name: string;
  Type: string;
  Value: string;
  Version: number;
  LastModifiedDate: Date;
  DataType: string;
}

/** SSM Parameter Store: what environment files resolve `${ssm:/name}` against. */
export class SsmProvider implements Provider {
  readonly serviceName = 'ssm';
  readonly operations = ['GetParameter', 'GetParameters', 'PutParameter', 'DeleteParameter'] as const;
  private readonly parameters = new Map<string, Parameter>();

  constructor(private readonly region: string) {}

  getParameter(input: GetParameterCommandInput, context: RequestContext) {
    const parameter = this.parameters.get(input.Name ?? '');
    if (!parameter) throw new ParameterNotFound(input.Name ?? '');
    return { Parameter: this.describe(parameter, context) };
  }

  getParameters(input: GetParametersCommandInput, context: RequestContext) {
    const names = input.Names ?? [];
    return {
      Parameters: names.filter((name) => this.parameters.has(name)).map((name) => this.describe(this.parameters.get(name)!, context)),
      InvalidParameters: names.filter((name) => !this.parameters.has(name)),
    };
  }

  putParameter(input: PutParameterCommandInput) {
    const name = input.Name ?? '';
    const existing = this.parameters.get(name);
    if (existing && !input.Overwrite) throw new ParameterAlreadyExists();
    const parameter: Parameter = {
      Name: name,
      Type: input.Type ?? existing?.Type ?? 'String',
      Value: input.Value ?? '',
      Version: (existing?.Version ?? 0) + 1,
      LastModifiedDate: new Date(),
      DataType: input.DataType ?? 'text',
    };
    this.parameters.set(name, parameter);
    return { Version: parameter.Version, Tier: 'Standard' };
  }

  deleteParameter(input: { Name?: string }) {
    if (!this.parameters.delete(input.Name ?? '')) throw new ParameterNotFound(input.Name ?? '');
    return {};
  }

  private describe(parameter: Parameter, context: RequestContext) {
    const path = parameter.Name.startsWith('/') ? parameter.Name : `/${parameter.Name}`;
    return { ...parameter, ARN: `arn:aws:ssm:${this.region}:${context.accountId}:parameter${path}` };
  }
}
