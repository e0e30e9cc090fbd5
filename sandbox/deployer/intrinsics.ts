import type { ResourceReference } from '../core/resource-type';

/**
 * CloudFormation intrinsic functions, resolved as CloudFormation does before a resource is
 * created. An intrinsic the sandbox does not know fails the deploy with its name and location.
 */

export interface ResolutionScope {
  parameters: Record<string, string | string[]>;
  pseudoParameters: Record<string, string>;
  conditions: Record<string, boolean>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  resources: Map<string, ResourceReference>;
  exports: Record<string, string>;
}

export class TemplateError extends Error {}

/** Marks a value removed by `Ref: AWS::NoValue`. */
const NO_VALUE = Symbol('AWS::NoValue');

export function resolveValue(value: unknown, scope: ResolutionScope, location: string): unknown {
  const resolved = resolve(value, scope, location);
  return resolved === NO_VALUE ? undefined : resolved;
}

function resolve(value: unknown, scope: ResolutionScope, location: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => resolve(item, scope, `${location}[${index}]`)).filter((item) => item !== NO_VALUE);
  }
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [only] = entries;
  if (only && entries.length === 1) {
    const [name, argument] = only;
    if (name === 'Ref' || name.startsWith('Fn::') || name === 'Condition') {
      if (name === 'Condition' && typeof argument === 'string' && !(argument in scope.conditions)) {
        // A plain property named "Condition" (e.g. in an IAM policy statement), not the intrinsic.
      } else {
        return intrinsic(name, argument, scope, `${location}.${name}`);
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, member] of entries) {
    const resolved = resolve(member, scope, `${location}.${key}`);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function intrinsic(name: string, argument: unknown, scope: ResolutionScope, location: string): unknown {
  switch (name) {
    case 'Ref':
      return ref(String(resolve(argument, scope, location)), scope, location);
    case 'Condition':
      return condition(String(argument), scope, location);
    case 'Fn::GetAtt': {
      const parts = typeof argument === 'string' ? splitAttribute(argument) : (resolve(argument, scope, location) as string[]);
      return getAtt(String(parts[0]), String(parts[1]), scope, location);
    }
    case 'Fn::Sub':
      return sub(argument, scope, location);
    case 'Fn::Join': {
      const [delimiter, items] = expectArray(argument, 2, name, location);
      const list = resolve(items, scope, location);
      if (!Array.isArray(list)) throw new TemplateError(`${location}: Fn::Join needs a list of values to join.`);
      return list.map((item) => scalar(item, name, location)).join(String(delimiter));
    }
    case 'Fn::Select': {
      const [index, items] = expectArray(argument, 2, name, location);
      const list = resolve(items, scope, location);
      const position = Number(resolve(index, scope, location));
      if (!Array.isArray(list) || !Number.isInteger(position) || position < 0 || position >= list.length) {
        throw new TemplateError(`${location}: Fn::Select index ${position} is outside the list.`);
      }
      return list[position];
    }
    case 'Fn::Split': {
      const [delimiter, source] = expectArray(argument, 2, name, location);
      return String(resolve(source, scope, location)).split(String(delimiter));
    }
    case 'Fn::If': {
      const [conditionName, whenTrue, whenFalse] = expectArray(argument, 3, name, location);
      return condition(String(conditionName), scope, location)
        ? resolve(whenTrue, scope, `${location}[1]`)
        : resolve(whenFalse, scope, `${location}[2]`);
    }
    case 'Fn::Equals': {
      const [left, right] = expectArray(argument, 2, name, location);
      return JSON.stringify(resolve(left, scope, location)) === JSON.stringify(resolve(right, scope, location));
    }
    case 'Fn::And':
      return (argument as unknown[]).every((item) => truthy(resolve(item, scope, location)));
    case 'Fn::Or':
      return (argument as unknown[]).some((item) => truthy(resolve(item, scope, location)));
    case 'Fn::Not': {
      const [inner] = expectArray(argument, 1, name, location);
      return !truthy(resolve(inner, scope, location));
    }
    case 'Fn::FindInMap': {
      const [mapName = '', topKey = '', secondKey = ''] = (expectArray(argument, 3, name, location) as unknown[]).map((part) =>
        String(resolve(part, scope, location)),
      );
      const found = scope.mappings[mapName]?.[topKey]?.[secondKey];
      if (found === undefined) throw new TemplateError(`${location}: Fn::FindInMap found nothing at ${mapName}.${topKey}.${secondKey}.`);
      return found;
    }
    case 'Fn::Base64':
      return Buffer.from(String(resolve(argument, scope, location))).toString('base64');
    case 'Fn::GetAZs': {
      const region = String(resolve(argument, scope, location) || scope.pseudoParameters['AWS::Region']);
      return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
    }
    case 'Fn::ImportValue': {
      const exportName = String(resolve(argument, scope, location));
      if (!(exportName in scope.exports)) {
        throw new TemplateError(
          `${location}: no stack exports "${exportName}". Known exports: ${Object.keys(scope.exports).join(', ') || 'none'}.`,
        );
      }
      return scope.exports[exportName];
    }
    case 'Fn::ToJsonString':
      return JSON.stringify(resolve(argument, scope, location));
    case 'Fn::Length': {
      const list = resolve(argument, scope, location);
      return Array.isArray(list) ? list.length : 0;
    }
    default:
      throw new TemplateError(
        `${location}: the intrinsic function ${name} is not supported by the postflight sandbox ` +
          '(supported: Ref, Condition, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::Equals, Fn::And, ' +
          'Fn::Or, Fn::Not, Fn::FindInMap, Fn::Base64, Fn::GetAZs, Fn::ImportValue, Fn::ToJsonString, Fn::Length).',
      );
  }
}

function ref(name: string, scope: ResolutionScope, location: string): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in scope.pseudoParameters) return scope.pseudoParameters[name];
  if (name in scope.parameters) return scope.parameters[name];
  const resource = scope.resources.get(name);
  if (resource) return resource.ref;
  throw new TemplateError(`${location}: Ref to "${name}", which is neither a parameter nor a resource of this template.`);
}

function getAtt(logicalId: string, attribute: string, scope: ResolutionScope, location: string): string {
  const resource = scope.resources.get(logicalId);
  if (!resource) throw new TemplateError(`${location}: Fn::GetAtt on "${logicalId}", which is not a resource of this template.`);
  const value = resource.attributes[attribute];
  if (value === undefined) {
    throw new TemplateError(
      `${location}: resource "${logicalId}" has no attribute "${attribute}" in the sandbox (known: ${Object.keys(resource.attributes).join(', ') || 'none'}).`,
    );
  }
  return value;
}

function sub(argument: unknown, scope: ResolutionScope, location: string): string {
  const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
  const resolvedVariables = (resolve(variables ?? {}, scope, location) ?? {}) as Record<string, unknown>;
  return String(template).replace(/\$\{(!?)([^}]+)\}/g, (_match, literal: string, expression: string) => {
    if (literal) return `\${${expression}}`;
    const name = expression.trim();
    if (name in resolvedVariables) return scalar(resolvedVariables[name], 'Fn::Sub', location);
    if (name.includes('.') && !name.startsWith('AWS::')) {
      const [logicalId, attribute] = splitAttribute(name);
      return getAtt(logicalId, attribute, scope, location);
    }
    return scalar(ref(name, scope, location), 'Fn::Sub', location);
  });
}

function condition(name: string, scope: ResolutionScope, location: string): boolean {
  const value = scope.conditions[name];
  if (value === undefined) throw new TemplateError(`${location}: unknown condition "${name}".`);
  return value;
}

function splitAttribute(value: string): [string, string] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value, ''] : [value.slice(0, dot), value.slice(dot + 1)];
}

function expectArray(argument: unknown, length: number, name: string, location: string): unknown[] {
  if (!Array.isArray(argument) || argument.length < length)
    throw new TemplateError(`${location}: ${name} takes a list of ${length} values.`);
  return argument;
}

function scalar(value: unknown, name: string, location: string): string {
  if (value === undefined || value === null || typeof value === 'object') {
    throw new TemplateError(`${location}: ${name} got ${JSON.stringify(value)} where a string was expected.`);
  }
  return String(value);
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Logical ids a value refers to (Ref, Fn::GetAtt, `${…}` in Fn::Sub): the deploy order follows them. */
export function referencedIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => referencedIds(item, into));
  else if (value && typeof value === 'object') {
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'Ref' && typeof member === 'string') into.add(member);
      else if (key === 'Fn::GetAtt') into.add(String(typeof member === 'string' ? member.split('.')[0] : (member as unknown[])[0]));
      else if (key === 'Fn::Sub') {
        const template = Array.isArray(member) ? member[0] : member;
        for (const match of String(template).matchAll(/\$\{([^!}][^}]*)\}/g)) into.add((match[1] ?? '').split('.')[0]?.trim() ?? '');
        if (Array.isArray(member)) referencedIds(member[1], into);
      } else referencedIds(member, into);
    }
  }
  return into;
}
