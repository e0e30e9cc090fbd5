import path from 'node:path';
import { PROJECT_ROOT } from '../../bin/project-root';
import { readTemplate } from '../../sandbox/deployer/template-file';
import { resolveValue, type ResolutionScope } from '../../sandbox/deployer/intrinsics';
import type { ResourceReference } from '../../sandbox/core/resource-type';

/**
 * Test helpers for the pipeline templates: read them as CloudFormation does (short-form tags),
 * check that every reference points at something declared, and resolve them for given parameter
 * values so that the IAM policies they produce can be evaluated.
 */
export type Template = Record<string, unknown> & {
  Parameters?: Record<string, { Type: string; Default?: unknown; AllowedValues?: unknown[]; AllowedPattern?: string }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties?: Record<string, unknown>; DependsOn?: string | string[] }>;
  Outputs?: Record<string, { Value: unknown; Condition?: string }>;
  Rules?: Record<string, unknown>;
};

export function readPipelineTemplate(name: string): Template {
  return readTemplate(path.join(PROJECT_ROOT, 'pipeline', name)) as Template;
}

const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
];

/**
 * Every Ref, Fn::GetAtt, ${…} in Fn::Sub, condition name (Fn::If, Condition:, the Condition
 * function) and DependsOn that names something the template does not declare; and every parameter
 * and condition nobody uses.
 */
export function referenceProblems(template: Template): string[] {
  const parameters = new Set(Object.keys(template.Parameters ?? {}));
  const resources = new Set(Object.keys(template.Resources));
  const conditions = new Set(Object.keys(template.Conditions ?? {}));
  const usedParameters = new Set<string>();
  const usedConditions = new Set<string>();
  const problems: string[] = [];

  const refName = (name: string, where: string, subVariables: Set<string> = new Set()) => {
    if (subVariables.has(name) || PSEUDO_PARAMETERS.includes(name) || resources.has(name)) return;
    if (parameters.has(name)) usedParameters.add(name);
    else problems.push(`${where}: ${name} is neither a parameter, a resource nor a pseudo parameter`);
  };
  const conditionName = (name: unknown, where: string) => {
    if (typeof name === 'string' && conditions.has(name)) usedConditions.add(name);
    else problems.push(`${where}: unknown condition ${JSON.stringify(name)}`);
  };

  const walk = (value: unknown, where: string, subVariables: Set<string>): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${where}[${index}]`, subVariables));
      return;
    }
    if (!value || typeof value !== 'object') return;
    const entries = Object.entries(value as Record<string, unknown>);
    const [only] = entries;
    if (entries.length === 1 && only) {
      const [key, argument] = only;
      if (key === 'Ref') return refName(String(argument), where, subVariables);
      if (key === 'Fn::GetAtt') {
        const target = Array.isArray(argument) ? String(argument[0]) : (String(argument).split('.')[0] ?? '');
        if (!resources.has(target)) problems.push(`${where}: Fn::GetAtt on ${target}, which is not a resource`);
        return;
      }
      if (key === 'Fn::Sub') {
        const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
        const names = new Set(Object.keys((variables ?? {}) as Record<string, unknown>));
        for (const match of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = (match[1] ?? '').trim();
          if (names.has(name)) continue;
          if (name.includes('.') && !name.startsWith('AWS::')) {
            const target = name.split('.')[0] ?? '';
            if (!resources.has(target)) problems.push(`${where}: \${${name}} names ${target}, which is not a resource`);
          } else refName(name, where, subVariables);
        }
        walk(variables, `${where}.Fn::Sub`, subVariables);
        return;
      }
      if (key === 'Fn::If') {
        const [condition, ...branches] = argument as unknown[];
        conditionName(condition, where);
        branches.forEach((branch, index) => walk(branch, `${where}.Fn::If[${index + 1}]`, subVariables));
        return;
      }
      if (key === 'Condition' && typeof argument === 'string') return conditionName(argument, where);
    }
    for (const [key, member] of entries) walk(member, `${where}.${key}`, subVariables);
  };

  for (const [name, definition] of Object.entries(template.Conditions ?? {})) walk(definition, `Conditions.${name}`, new Set());
  for (const [name, rule] of Object.entries(template.Rules ?? {})) walk(rule, `Rules.${name}`, new Set());
  for (const [name, resource] of Object.entries(template.Resources)) {
    if (resource.Condition !== undefined) conditionName(resource.Condition, `Resources.${name}.Condition`);
    for (const dependency of [resource.DependsOn ?? []].flat()) {
      if (!resources.has(dependency)) problems.push(`Resources.${name}.DependsOn: ${dependency} is not a resource`);
    }
    walk(resource.Properties ?? {}, `Resources.${name}.Properties`, new Set());
  }
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition !== undefined) conditionName(output.Condition, `Outputs.${name}.Condition`);
    walk(output.Value, `Outputs.${name}.Value`, new Set());
  }
  for (const name of parameters) if (!usedParameters.has(name)) problems.push(`Parameters.${name} is declared but never used`);
  for (const name of conditions) if (!usedConditions.has(name)) problems.push(`Conditions.${name} is declared but never used`);
  return problems;
}

export interface Deployment {
  parameters: Record<string, string>;
  account: string;
  region: string;
  partition?: string;
  stackName?: string;
}

export interface ResolvedTemplate {
  conditions: Record<string, boolean>;
  /** Resources whose Condition holds, with their properties resolved. */
  resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  outputs: Record<string, unknown>;
}

/** The template as CloudFormation would create it with these parameter values. */
export function resolveTemplate(template: Template, deployment: Deployment): ResolvedTemplate {
  const parameters: Record<string, string | string[]> = {};
  for (const [name, definition] of Object.entries(template.Parameters ?? {})) {
    const given = deployment.parameters[name] ?? (definition.Default === undefined ? undefined : String(definition.Default));
    if (given === undefined) throw new Error(`Parameter ${name} has no default and no value was given.`);
    if (definition.AllowedValues && !definition.AllowedValues.map(String).includes(given)) {
      throw new Error(`Parameter ${name}: ${given} is not one of ${definition.AllowedValues.join(', ')}.`);
    }
    const values = definition.Type === 'CommaDelimitedList' ? given.split(',').map((item) => item.trim()) : [given];
    if (definition.AllowedPattern) {
      const pattern = new RegExp(definition.AllowedPattern);
      for (const value of values)
        if (!pattern.test(value))
          throw new Error(`Parameter ${name}: ${JSON.stringify(value)} does not match ${definition.AllowedPattern}.`);
    }
    parameters[name] = definition.Type === 'CommaDelimitedList' ? values : given;
  }
  for (const name of Object.keys(deployment.parameters)) {
    if (!(name in parameters)) throw new Error(`The template has no parameter ${name}.`);
  }
  checkRules(template, parameters);
  const partition = deployment.partition ?? 'aws';
  const stackName = deployment.stackName ?? 'postflight-stack';
  const resources = new Map<string, ResourceReference>();
  for (const [logicalId, resource] of Object.entries(template.Resources))
    resources.set(logicalId, fakeReference(logicalId, resource.Type, deployment, partition));
  const scope: ResolutionScope = {
    parameters,
    pseudoParameters: {
      'AWS::AccountId': deployment.account,
      'AWS::Region': deployment.region,
      'AWS::Partition': partition,
      'AWS::StackName': stackName,
      'AWS::StackId': `arn:${partition}:cloudformation:${deployment.region}:${deployment.account}:stack/${stackName}/00000000-0000-0000-0000-000000000000`,
      'AWS::URLSuffix': 'amazonaws.com',
    },
    conditions: {},
    mappings: {},
    resources,
    exports: {},
  };
  // Conditions may use other conditions: resolve until all are known.
  const pending = new Map(Object.entries(template.Conditions ?? {}));
  while (pending.size) {
    let progressed = false;
    for (const [name, definition] of pending) {
      try {
        scope.conditions[name] = resolveValue(definition, scope, `Conditions.${name}`) === true;
        pending.delete(name);
        progressed = true;
      } catch (error) {
        if (!/unknown condition/.test((error as Error).message)) throw error;
      }
    }
    if (!progressed) throw new Error(`Conditions that cannot be resolved: ${[...pending.keys()].join(', ')}.`);
  }
  const resolved: ResolvedTemplate = { conditions: scope.conditions, resources: {}, outputs: {} };
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Condition && !scope.conditions[resource.Condition]) continue;
    resolved.resources[logicalId] = {
      Type: resource.Type,
      Properties: (resolveValue(resource.Properties ?? {}, scope, `Resources.${logicalId}.Properties`) ?? {}) as Record<string, unknown>,
    };
  }
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition && !scope.conditions[output.Condition]) continue;
    resolved.outputs[name] = resolveValue(output.Value, scope, `Outputs.${name}`);
  }
  return resolved;
}

/** The template's Rules, as CloudFormation checks them before creating anything. */
function checkRules(template: Template, parameters: Record<string, string | string[]>): void {
  const evaluate = (value: unknown, where: string): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const [first] = Object.entries(value as Record<string, unknown>);
    if (!first) throw new Error(`${where}: an empty object where a rule function was expected.`);
    const [name, argument] = first;
    const args = (argument as unknown[]) ?? [];
    switch (name) {
      case 'Ref':
        if (!(String(argument) in parameters)) throw new Error(`${where}: rules can only refer to parameters, not ${String(argument)}.`);
        return parameters[String(argument)];
      case 'Fn::Equals':
        return JSON.stringify(evaluate(args[0], where)) === JSON.stringify(evaluate(args[1], where));
      case 'Fn::Not':
        return evaluate(args[0], where) !== true;
      case 'Fn::And':
        return args.every((item) => evaluate(item, where) === true);
      case 'Fn::Or':
        return args.some((item) => evaluate(item, where) === true);
      case 'Fn::Contains':
        return (evaluate(args[0], where) as unknown[]).includes(evaluate(args[1], where));
      default:
        throw new Error(`${where}: the rule function ${name} is not evaluated by this test helper.`);
    }
  };
  for (const [name, rule] of Object.entries(
    (template.Rules ?? {}) as Record<
      string,
      { RuleCondition?: unknown; Assertions: Array<{ Assert: unknown; AssertDescription?: string }> }
    >,
  )) {
    if (rule.RuleCondition !== undefined && evaluate(rule.RuleCondition, `Rules.${name}`) !== true) continue;
    for (const assertion of rule.Assertions) {
      if (evaluate(assertion.Assert, `Rules.${name}`) !== true)
        throw new Error(`Rule ${name}: ${assertion.AssertDescription ?? 'assertion failed'}`);
    }
  }
}

/** Plausible physical names and ARNs for Ref / Fn::GetAtt of resources not created here. */
function fakeReference(logicalId: string, type: string, deployment: Deployment, partition: string): ResourceReference {
  const lower = logicalId.toLowerCase();
  const at = `${deployment.region}:${deployment.account}`;
  const byType: Record<string, { ref: string; arn: string }> = {
    'AWS::S3::Bucket': { ref: `stack-${lower}-1a2b3c4d5e6f`, arn: `arn:${partition}:s3:::stack-${lower}-1a2b3c4d5e6f` },
    'AWS::IAM::Role': { ref: `${logicalId}Name`, arn: `arn:${partition}:iam::${deployment.account}:role/${logicalId}Name` },
    'AWS::SNS::Topic': { ref: `arn:${partition}:sns:${at}:${lower}`, arn: `arn:${partition}:sns:${at}:${lower}` },
    'AWS::Logs::LogGroup': { ref: `/stack/${lower}`, arn: `arn:${partition}:logs:${at}:log-group:/stack/${lower}:*` },
    'AWS::CodeBuild::Project': { ref: `${lower}-project`, arn: `arn:${partition}:codebuild:${at}:project/${lower}-project` },
    'AWS::CodeBuild::ReportGroup': {
      ref: `arn:${partition}:codebuild:${at}:report-group/${lower}`,
      arn: `arn:${partition}:codebuild:${at}:report-group/${lower}`,
    },
    'AWS::CodePipeline::Pipeline': { ref: `${lower}-pipeline`, arn: `arn:${partition}:codepipeline:${at}:${lower}-pipeline` },
  };
  const known = byType[type] ?? { ref: `${logicalId}-ref`, arn: `arn:${partition}:unknown:${at}:${lower}` };
  const attributes = new Proxy({ Arn: known.arn } as Record<string, string>, {
    get: (target, name) => (typeof name === 'string' ? (target[name] ?? `${logicalId}.${name}`) : undefined),
  });
  return { ref: known.ref, attributes };
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, unknown>;
}

/** The permission statements of a resolved AWS::IAM::Role (inline policies). */
export function roleStatements(resolved: ResolvedTemplate, logicalId: string): PolicyStatement[] {
  const role = resolved.resources[logicalId];
  if (!role || role.Type !== 'AWS::IAM::Role') throw new Error(`${logicalId} is not an AWS::IAM::Role of the template.`);
  const policies = (role.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: PolicyStatement[] } }>;
  if (role.Properties.ManagedPolicyArns) throw new Error(`${logicalId} attaches managed policies: the evaluation here would not see them.`);
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

export function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** IAM wildcard matching: `*` any run of characters (including `/`), `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** Condition keys of a request, e.g. `{ 'aws:CalledVia': ['athena.amazonaws.com'] }` for a request Athena makes. */
export type RequestContext = Record<string, string | string[]>;

/**
 * The condition operators the policies under test use; any other fails the evaluation rather
 * than being assumed true or false.
 */
function conditionHolds(condition: Record<string, unknown>, context: RequestContext, sid: string): boolean {
  return Object.entries(condition).every(([operator, tests]) =>
    Object.entries(tests as Record<string, unknown>).every(([key, expected]) => {
      const wanted = asList(expected as string | string[]).map(String);
      const actual = context[key] === undefined ? [] : asList(context[key]);
      switch (operator) {
        case 'StringEquals':
          return actual.length === 1 && wanted.includes(actual[0] ?? '');
        case 'StringLike':
          return actual.length === 1 && wanted.some((pattern) => wildcardMatch(pattern, actual[0] ?? ''));
        case 'ForAnyValue:StringEquals':
          return actual.some((value) => wanted.includes(value));
        case 'Bool':
          return actual.length === 1 && wanted.includes(actual[0] ?? '');
        default:
          throw new Error(`Statement ${sid}: condition operator ${operator} is not evaluated by this test helper.`);
      }
    }),
  );
}

function statementMatches(statement: PolicyStatement, action: string, resource: string, context: RequestContext): boolean {
  const actionMatches = statement.NotAction
    ? !asList(statement.NotAction).some((pattern) => wildcardMatch(pattern, action, true))
    : asList(statement.Action).some((pattern) => wildcardMatch(pattern, action, true));
  if (!actionMatches) return false;
  const resourceMatches = statement.NotResource
    ? !asList(statement.NotResource).some((pattern) => wildcardMatch(pattern, resource))
    : asList(statement.Resource).some((pattern) => wildcardMatch(pattern, resource));
  return resourceMatches && (!statement.Condition || conditionHolds(statement.Condition, context, statement.Sid ?? '(no Sid)'));
}

/**
 * Whether an identity policy allows an action on a resource for a request with this context: an
 * explicit Deny wins, then any Allow. A request the role makes itself has no aws:CalledVia.
 */
export function isAllowed(statements: readonly PolicyStatement[], action: string, resource: string, context: RequestContext = {}): boolean {
  if (statements.some((statement) => statement.Effect === 'Deny' && statementMatches(statement, action, resource, context))) return false;
  return statements.some((statement) => statement.Effect === 'Allow' && statementMatches(statement, action, resource, context));
}
