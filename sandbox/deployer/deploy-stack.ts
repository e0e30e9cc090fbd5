import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Sandbox } from '../sandbox';
import type { DeployedStack } from '../services/cloudformation/provider';
import { readTemplate } from './template-file';
import { referencedIds, resolveValue, TemplateError, type ResolutionScope, type ResourceReference } from './intrinsics';
import { RESOURCE_TYPES } from './resource-types';
import type { ResourceContext } from './resource-type';

export interface StackDeployment {
  name: string;
  /** Path of a CloudFormation/SAM template (YAML or JSON). */
  templateFile: string;
  parameters?: Record<string, string>;
}

export class DeployError extends Error {
  constructor(
    readonly stackName: string,
    readonly templateFile: string,
    detail: string,
  ) {
    super(`Could not deploy stack "${stackName}" from ${templateFile} to the sandbox: ${detail}`);
  }
}

const SUPPORTED_TRANSFORMS = new Set(['AWS::Serverless-2016-10-31']);

/**
 * Deploys a template into the sandbox the way CloudFormation would: parameters and conditions
 * first, then resources in dependency order with intrinsics resolved, then outputs. Anything
 * that cannot be honoured faithfully stops the deploy with the resource and the reason.
 */
export async function deployStack(sandbox: Sandbox, deployment: StackDeployment): Promise<DeployedStack> {
  const templateFile = path.resolve(deployment.templateFile);
  try {
    return await deploy(sandbox, deployment, templateFile);
  } catch (error) {
    throw new DeployError(deployment.name, deployment.templateFile, (error as Error).message);
  }
}

async function deploy(sandbox: Sandbox, deployment: StackDeployment, templateFile: string): Promise<DeployedStack> {
  const template = readTemplate(templateFile);
  checkTransforms(template.Transform);
  const stackId = `arn:aws:cloudformation:${sandbox.region}:${sandbox.accountId}:stack/${deployment.name}/${randomUUID()}`;
  const scope: ResolutionScope = {
    parameters: resolveParameters(template, deployment, sandbox),
    pseudoParameters: {
      'AWS::AccountId': sandbox.accountId,
      'AWS::Region': sandbox.region,
      'AWS::StackName': deployment.name,
      'AWS::StackId': stackId,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::NotificationARNs': '',
    },
    conditions: {},
    mappings: (template.Mappings ?? {}) as ResolutionScope['mappings'],
    resources: new Map<string, ResourceReference>(),
    exports: Object.fromEntries(
      sandbox.cloudFormation.all().flatMap((stack) => stack.Outputs.filter((o) => o.ExportName).map((o) => [o.ExportName!, o.OutputValue])),
    ),
  };
  for (const [name, expression] of Object.entries((template.Conditions ?? {}) as Record<string, unknown>)) {
    scope.conditions[name] = resolveValue(expression, scope, `Conditions.${name}`) === true;
  }
  const resources = (template.Resources ?? {}) as Record<
    string,
    { Type?: string; Properties?: unknown; Condition?: string; DependsOn?: string | string[] }
  >;
  if (Object.keys(resources).length === 0) throw new TemplateError('the template has no Resources.');
  const unsupported = Object.entries(resources).filter(([, resource]) => !RESOURCE_TYPES.has(resource.Type ?? ''));
  if (unsupported.length) {
    throw new TemplateError(
      `unsupported resource type(s): ${unsupported.map(([id, resource]) => `${id} (${resource.Type})`).join(', ')}. ` +
        `The sandbox deploys: ${[...RESOURCE_TYPES.keys()].join(', ')}.`,
    );
  }
  const globals = (template.Globals ?? {}) as Record<string, Record<string, unknown>>;
  const deployed: DeployedStack['Resources'] = [];
  const workDirectory = path.join(sandbox.workDirectory, 'stacks', deployment.name);
  for (const logicalId of deploymentOrder(resources)) {
    const resource = resources[logicalId];
    if (resource.Condition && !scope.conditions[resource.Condition]) continue;
    const resourceType = RESOURCE_TYPES.get(resource.Type!)!;
    const properties = (resolveValue(resource.Properties ?? {}, scope, `Resources.${logicalId}.Properties`) ?? {}) as Record<
      string,
      unknown
    >;
    const family = resource.Type!.startsWith('AWS::Serverless::') ? resource.Type!.slice('AWS::Serverless::'.length) : '';
    const context: ResourceContext = {
      sandbox,
      stackName: deployment.name,
      logicalId,
      templateDirectory: path.dirname(templateFile),
      workDirectory,
      request: { requestId: randomUUID(), region: sandbox.region, accountId: sandbox.accountId },
      globals: family ? ((resolveValue(globals[family] ?? {}, scope, `Globals.${family}`) ?? {}) as Record<string, unknown>) : {},
      generatedName: (options) => generatedName(deployment.name, logicalId, options),
    };
    let reference: ResourceReference;
    try {
      reference = await resourceType.create(properties, context);
    } catch (error) {
      throw new TemplateError(`resource ${logicalId} (${resource.Type}) failed: ${(error as Error).message}`);
    }
    scope.resources.set(logicalId, reference);
    deployed.push({ LogicalResourceId: logicalId, PhysicalResourceId: reference.ref, ResourceType: resource.Type! });
  }
  const outputs = Object.entries(
    (template.Outputs ?? {}) as Record<string, { Value?: unknown; Description?: string; Export?: { Name?: unknown }; Condition?: string }>,
  )
    .filter(([, output]) => !output.Condition || scope.conditions[output.Condition])
    .map(([key, output]) => ({
      OutputKey: key,
      OutputValue: String(resolveValue(output.Value, scope, `Outputs.${key}.Value`)),
      Description: output.Description,
      ExportName:
        output.Export?.Name === undefined ? undefined : String(resolveValue(output.Export.Name, scope, `Outputs.${key}.Export.Name`)),
    }));
  const stack: DeployedStack = {
    StackName: deployment.name,
    StackId: stackId,
    Description: typeof template.Description === 'string' ? template.Description : undefined,
    CreationTime: new Date(),
    Parameters: Object.entries(scope.parameters).map(([key, value]) => ({
      ParameterKey: key,
      ParameterValue: isNoEcho(template, key) ? '****' : Array.isArray(value) ? value.join(',') : value,
    })),
    Outputs: outputs,
    Resources: deployed,
  };
  sandbox.cloudFormation.register(stack);
  return stack;
}

function checkTransforms(transform: unknown): void {
  const transforms = transform === undefined ? [] : Array.isArray(transform) ? transform : [transform];
  for (const name of transforms) {
    if (typeof name !== 'string' || !SUPPORTED_TRANSFORMS.has(name)) {
      throw new TemplateError(
        `the transform ${JSON.stringify(name)} is not supported (supported: ${[...SUPPORTED_TRANSFORMS].join(', ')}).`,
      );
    }
  }
}

function resolveParameters(
  template: Record<string, unknown>,
  deployment: StackDeployment,
  sandbox: Sandbox,
): Record<string, string | string[]> {
  const declared = (template.Parameters ?? {}) as Record<
    string,
    { Type?: string; Default?: unknown; AllowedValues?: unknown[]; AllowedPattern?: string }
  >;
  const given = deployment.parameters ?? {};
  for (const name of Object.keys(given)) {
    if (!(name in declared))
      throw new TemplateError(
        `parameter "${name}" is given but the template does not declare it (declared: ${Object.keys(declared).join(', ') || 'none'}).`,
      );
  }
  const values: Record<string, string | string[]> = {};
  for (const [name, definition] of Object.entries(declared)) {
    let value = given[name] ?? (definition.Default === undefined ? undefined : String(definition.Default));
    if (value === undefined)
      throw new TemplateError(
        `parameter "${name}" has no Default and no value was given (environment file: sandbox.stacks[].parameters.${name}).`,
      );
    if (definition.AllowedValues && !definition.AllowedValues.map(String).includes(value)) {
      throw new TemplateError(
        `parameter "${name}" is "${value}", not one of its AllowedValues ${JSON.stringify(definition.AllowedValues)}.`,
      );
    }
    if (definition.AllowedPattern && !new RegExp(`^(?:${definition.AllowedPattern})$`).test(value)) {
      throw new TemplateError(`parameter "${name}" is "${value}", which does not match its AllowedPattern ${definition.AllowedPattern}.`);
    }
    const type = definition.Type ?? 'String';
    if (type.startsWith('AWS::SSM::Parameter::Value<')) {
      value = sandbox.ssm.getParameter({ Name: value }, { requestId: '', region: sandbox.region, accountId: sandbox.accountId }).Parameter
        .Value;
    }
    values[name] = type.startsWith('List<') || type === 'CommaDelimitedList' ? value.split(',').map((item) => item.trim()) : value;
  }
  return values;
}

function isNoEcho(template: Record<string, unknown>, name: string): boolean {
  const declared = (template.Parameters ?? {}) as Record<string, { NoEcho?: unknown }>;
  return declared[name]?.NoEcho === true || declared[name]?.NoEcho === 'true';
}

/** Resources ordered so that each comes after what it references (Ref, GetAtt, Sub, DependsOn). */
function deploymentOrder(resources: Record<string, { Properties?: unknown; DependsOn?: string | string[] }>): string[] {
  const ids = Object.keys(resources);
  const dependencies = new Map(
    ids.map((id) => {
      const resource = resources[id];
      const referenced = referencedIds(resource.Properties ?? {});
      for (const dependency of [resource.DependsOn ?? []].flat()) referenced.add(dependency);
      return [id, [...referenced].filter((ref) => ref in resources && ref !== id)];
    }),
  );
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new TemplateError(`circular dependency between resources: ${[...trail, id].join(' → ')}.`);
    state.set(id, 'visiting');
    for (const dependency of dependencies.get(id) ?? []) visit(dependency, [...trail, id]);
    state.set(id, 'done');
    order.push(id);
  };
  ids.forEach((id) => visit(id, []));
  return order;
}

function generatedName(stackName: string, logicalId: string, options: { maxLength?: number; lowerCase?: boolean } = {}): string {
  const suffix = randomBytes(7).toString('hex').slice(0, 12).toUpperCase();
  const maxLength = options.maxLength ?? 128;
  let base = `${stackName}-${logicalId}`;
  if (base.length + suffix.length + 1 > maxLength) base = base.slice(0, maxLength - suffix.length - 1);
  const name = `${base}-${suffix}`;
  return options.lowerCase ? name.toLowerCase() : name;
}
