import { JSONPath } from 'jsonpath-plus';
import { EventsValidationException } from './errors';

/** A target's input settings: at most one of them. */
export interface TargetInput {
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate?: string };
}

export interface RuleContext {
  ruleArn: string;
  ruleName: string;
  ingestionTime: string;
}

/** What a target receives for an event: the event, `Input`, the value at `InputPath`, or the transformed template. */
export function targetPayload(event: Record<string, unknown>, target: TargetInput, rule: RuleContext): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return JSON.stringify(valueAt(event, target.InputPath) ?? null);
  if (target.InputTransformer) return transform(event, target.InputTransformer, rule);
  return JSON.stringify(event);
}

/** Checked at PutTargets, as EventBridge checks them. */
export function checkTargetInput(targetId: string, target: TargetInput): void {
  const given = [target.Input, target.InputPath, target.InputTransformer].filter((value) => value !== undefined);
  if (given.length > 1) {
    throw new EventsValidationException(`Only one of Input, InputPath, or InputTransformer must be provided for target ${targetId}.`);
  }
  const transformer = target.InputTransformer;
  if (!transformer) return;
  const known = new Set([...Object.keys(transformer.InputPathsMap ?? {}), ...PREDEFINED]);
  for (const match of (transformer.InputTemplate ?? '').matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!known.has(name)) throw new EventsValidationException(`InputTemplate for target ${targetId} contains invalid placeholder ${name}.`);
  }
}

const PREDEFINED = [
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
];
const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;

function valueAt(event: unknown, path: string): unknown {
  const found = JSONPath({ path, json: event as object, wrap: false }) as unknown;
  return found;
}

/**
 * InputTransformer: placeholders inside a JSON string are replaced by the value's text (objects
 * and lists in EventBridge's unquoted form `{k:v}`, `[a,b]`); outside a string by the value as
 * JSON. The result is the template text, whether or not it is JSON.
 */
function transform(event: Record<string, unknown>, transformer: NonNullable<TargetInput['InputTransformer']>, rule: RuleContext): string {
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) values.set(name, valueAt(event, path));
  values.set('aws.events.rule-arn', rule.ruleArn);
  values.set('aws.events.rule-name', rule.ruleName);
  values.set('aws.events.event.ingestion-time', rule.ingestionTime);
  values.set('aws.events.event', event);
  values.set('aws.events.event.json', event);
  const template = transformer.InputTemplate ?? '';
  let output = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!values.has(name)) continue;
    const at = match.index;
    output += template.slice(last, at);
    const value = values.get(name);
    // Outside a string a path that matched nothing becomes "" (as recorded on EventBridge).
    output += insideString(template, at) ? textOf(value) : value === undefined ? '""' : JSON.stringify(value);
    last = at + match[0].length;
  }
  return output + template.slice(last);
}

/** Whether position `at` of the template lies inside a JSON string literal. */
function insideString(template: string, at: number): boolean {
  let inside = false;
  for (let index = 0; index < at; index++) {
    const char = template[index];
    if (char === '\\') index++;
    else if (char === '"') inside = !inside;
  }
  return inside;
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return `[${value.map(textOf).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, member]) => `${key}:${textOf(member)}`)
      .join(',')}}`;
  }
  return String(value);
}
