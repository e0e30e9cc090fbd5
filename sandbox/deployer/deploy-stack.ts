import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServiceClient } from '../core/internal-client';
import type { ResourceContext, ResourceReference, ResourceType } from '../core/resource-type';
import type { DeployedStack, StackStore } from '../stores/stacks/stack-store';
import { readTemplate } from './template-file';
import { needsMachineRequirement } from '../core/aws-error';
import { referencedIds, resolveValue, TemplateError, type ResolutionScope } from './intrinsics';
import { RECORDED_RESOURCE_TYPES } from './recorded-resources';

/**
 * What the deployer needs of the sandbox: it is a client of it, as CloudFormation is of the
 * services it creates resources in.
 */
export interface DeployTarget {
  region: string;
  accountId: string;
  /** Scratch space: a stack's inline code is written under `<workDirectory>/stacks/<stack>`. */
  workDirectory: string;
  /** The resource types the services back (each service declares its own). */
  resourceTypes: readonly ResourceType[];
  /** Where deployed stacks are recorded (CloudFormation serves them). */
  stacks: StackStore;
  /** The services (SSM parameter values); the deployer's calls are not subject to fault rules. */
  services: ServiceClient;
}

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
    options?: ErrorOptions,
  ) {
    super(`Could not deploy stack "${stackName}" from ${templateFile} to the sandbox: ${detail}`, options);
  }

  /** The deploy failed for want of something on this machine (e.g. Python with boto3), not because of the template. */
  get machineRequirement(): boolean {
    return needsMachineRequirement(this.cause);
  }
}

const SUPPORTED_TRANSFORMS = new Set(['AWS::Serverless-2016-10-31']);

/**
 * Deploys a template into the sandbox the way CloudFormation would: parameters and conditions
 * first, then resources in dependency order with intrinsics resolved, then outputs. Anything
 * that cannot be honoured faithfully stops the deploy with the resource and the reason.
 */
export async function deployStack(target: DeployTarget, deployment: StackDeployment): Promise<DeployedStack> {
  const templateFile = path.resolve(deployment.templateFile);
  try {
    return await deploy(target, deployment, templateFile);
  } catch (error) {
    throw new DeployError(deployment.name, deployment.templateFile, (error as Error).message, { cause: error });
  }
}

/**
 * Every resource type the sandbox can deploy, by type name; anything else fails the deploy by
 * name. A type a service backs wins over the same type recorded without one.
 */
function resourceTypesOf(target: DeployTarget): ReadonlyMap<string, ResourceType> {
  return new Map([...RECORDED_RESOURCE_TYPES, ...target.resourceTypes].map((resourceType) => [resourceType.type, resourceType]));
}

async function deploy(target: DeployTarget, deployment: StackDeployment, templateFile: string): Promise<DeployedStack> {
  const template = readTemplate(templateFile);
  checkTransforms(template.Transform);
  const resourceTypes = resourceTypesOf(target);
  const stackId = `arn:aws:cloudformation:${target.region}:${target.accountId}:stack/${deployment.name}/${randomUUID()}`;
  const scope: ResolutionScope = {
    parameters: await resolveParameters(template, deployment, target),
    pseudoParameters: {
      'AWS::AccountId': target.accountId,
      'AWS::Region': target.region,
      'AWS::StackName': deployment.name,
      'AWS::StackId': stackId,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::NotificationARNs': '',
    },
    conditions: {},
    mappings: (template.Mappings ?? {}) as ResolutionScope['mappings'],
    resources: new Map<string, ResourceReference>(),
    exports: target.stacks.exports(),
  };
  for (const [name, expression] of Object.entries((template.Conditions ?? {}) as Record<string, unknown>)) {
    scope.conditions[name] = resolveValue(expression, scope, `Conditions.${name}`) === true;
  }
  const resources = (template.Resources ?? {}) as Record<
    string,
    { Type?: string; Properties?: unknown; Condition?: string; DependsOn?: string | string[] }
  >;
  if (Object.keys(resources).length === 0) throw new TemplateError('the template has no Resources.');
  const unsupported = Object.entries(resources).filter(([, resource]) => !resourceTypes.has(resource.Type ?? ''));
  if (unsupported.length) {
    throw new TemplateError(
      `unsupported resource type(s): ${unsupported.map(([id, resource]) => `${id} (${resource.Type})`).join(', ')}. ` +
        `The sandbox deploys: ${typeNames(resourceTypes, false)}; and records, not emulated: ${typeNames(resourceTypes, true)}.`,
    );
  }
  const globals = (template.Globals ?? {}) as Record<string, Record<string, unknown>>;
  const deployed: DeployedStack['Resources'] = [];
  const recordedOnly: string[] = [];
  const workDirectory = path.join(target.workDirectory, 'stacks', deployment.name);
  for (const logicalId of deploymentOrder(resources)) {
    const resource = resources[logicalId];
    const resourceType = resourceTypes.get(resource?.Type ?? '');
    if (!resource || !resourceType || (resource.Condition && !scope.conditions[resource.Condition])) continue;
    const properties = (resolveValue(resource.Properties ?? {}, scope, `Resources.${logicalId}.Properties`) ?? {}) as Record<
      string,
      unknown
    >;
    const family = resourceType.type.startsWith('AWS::Serverless::') ? resourceType.type.slice('AWS::Serverless::'.length) : '';
    const context: ResourceContext = {
      region: target.region,
      accountId: target.accountId,
      services: target.services,
      stackName: deployment.name,
      logicalId,
      templateDirectory: path.dirname(templateFile),
      workDirectory,
      request: { requestId: randomUUID(), region: target.region, accountId: target.accountId },
      globals: family ? ((resolveValue(globals[family] ?? {}, scope, `Globals.${family}`) ?? {}) as Record<string, unknown>) : {},
      generatedName: (options) => generatedName(deployment.name, logicalId, options),
    };
    let reference: ResourceReference;
    try {
      reference = await resourceType.create(properties, context);
    } catch (error) {
      throw new TemplateError(`resource ${logicalId} (${resource.Type}) failed: ${(error as Error).message}`, { cause: error });
    }
    scope.resources.set(logicalId, reference);
    deployed.push({
      LogicalResourceId: logicalId,
      PhysicalResourceId: reference.ref,
      ResourceType: resourceType.type,
      ...(reference.statusReason !== undefined ? { ResourceStatusReason: reference.statusReason } : {}),
    });
    if (resourceType.recordedOnly) recordedOnly.push(logicalId);
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
    recordedOnly,
  };
  target.stacks.register(stack);
  return stack;
}

function typeNames(resourceTypes: ReadonlyMap<string, ResourceType>, recordedOnly: boolean): string {
  return [...resourceTypes.values()]
    .filter((resourceType) => Boolean(resourceType.recordedOnly) === recordedOnly)
    .map((resourceType) => resourceType.type)
    .join(', ');
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

async function resolveParameters(
  template: Record<string, unknown>,
  deployment: StackDeployment,
  target: DeployTarget,
): Promise<Record<string, string | string[]>> {
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
      const resolved = await target.services.call<{ Parameter: { Value: string } }>('ssm', 'GetParameter', { Name: value });
      value = resolved.Parameter.Value;
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
      const referenced = referencedIds(resource?.Properties ?? {});
      for (const dependency of [resource?.DependsOn ?? []].flat()) referenced.add(dependency);
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
