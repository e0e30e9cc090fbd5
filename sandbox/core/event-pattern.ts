import net from 'node:net';

/**
 * The EventBridge event-pattern language, as AWS's event-ruler evaluates it: EventBridge rules,
 * TestEventPattern, SNS filter policies and Lambda event-filter criteria all use it (each service
 * words its own error around `InvalidEventPattern.reason`).
 *
 * Both the event and the pattern are flattened to dotted paths of leaf values (an event key
 * `"a.b"` matches the pattern `{a: {b: […]}}`), arrays in the event contribute each element, a
 * field matches when one of its values matches one of its matchers, and `$or` expands the pattern
 * into alternatives. Checked against the AWS-recorded cases in `test/parity/events/event-patterns.json`.
 *
 * Fidelity gaps: event-ruler's "array consistency" (fields matched inside one element of an array
 * of objects must come from the same element) is not enforced; the wildcard complexity limit is
 * approximated by the number of wildcards (more than 5 is refused).
 */
export class InvalidEventPattern extends Error {
  constructor(readonly reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
    this.name = 'InvalidEventPattern';
  }
}

type Leaf = string | number | boolean | null;

interface Matcher {
  /** `exists: false`: matches a field that has no value. */
  readonly absent?: boolean;
  test(value: Leaf): boolean;
}

interface FieldRule {
  path: string;
  matchers: Matcher[];
}

export interface EventPattern {
  matches(event: unknown): boolean;
  /** The dotted paths the pattern looks at (first alternative first). */
  readonly fields: readonly string[];
}

/** Parses and checks a pattern given as JSON text (EventBridge's `EventPattern`, SNS's `FilterPolicy`). */
export function parseEventPattern(text: string): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidEventPattern(`Filter is not valid JSON: ${(error as Error).message}`);
  }
  return compileEventPattern(parsed);
}

export function compileEventPattern(pattern: unknown): EventPattern {
  if (!isObject(pattern)) throw new InvalidEventPattern('Filter is not an object');
  const alternatives = compileObject(pattern, '');
  return {
    fields: [...new Set(alternatives.flatMap((rules) => rules.map((rule) => rule.path)))],
    matches(event: unknown): boolean {
      const values = flattenEvent(event);
      return alternatives.some((rules) => rules.every((rule) => fieldMatches(rule, values.get(rule.path))));
    },
  };
}

function fieldMatches(rule: FieldRule, values: Leaf[] | undefined): boolean {
  if (!values || values.length === 0) return rule.matchers.some((matcher) => matcher.absent === true);
  return values.some((value) => rule.matchers.some((matcher) => matcher.test(value)));
}

/** Leaf values by dotted path; arrays contribute each element, objects inside arrays their own leaves. */
function flattenEvent(event: unknown): Map<string, Leaf[]> {
  const values = new Map<string, Leaf[]>();
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const element of value) visit(element, path);
    } else if (isObject(value)) {
      for (const [key, member] of Object.entries(value)) visit(member, path ? `${path}.${key}` : key);
    } else if (path) {
      const list = values.get(path) ?? [];
      list.push(value as Leaf);
      values.set(path, list);
    }
  };
  visit(event, '');
  return values;
}

/** An object node: the alternatives (each a list of field rules) it stands for. */
function compileObject(node: Record<string, unknown>, prefix: string): FieldRule[][] {
  let alternatives: FieldRule[][] = [[]];
  for (const [key, value] of Object.entries(node)) {
    let branch: FieldRule[][];
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isObject)) {
        throw new InvalidEventPattern('Value of $or must be an array of at least 2 objects');
      }
      branch = value.flatMap((option) => compileObject(option, prefix));
    } else {
      const path = prefix ? `${prefix}.${key}` : key;
      if (Array.isArray(value)) branch = [[{ path, matchers: compileMatchers(value) }]];
      else if (isObject(value)) branch = compileObject(value, path);
      else throw new InvalidEventPattern(`"${key}" must be an object or an array`);
    }
    alternatives = alternatives.flatMap((rules) => branch.map((extra) => [...rules, ...extra]));
  }
  return alternatives;
}

function compileMatchers(list: unknown[]): Matcher[] {
  if (list.length === 0) throw new InvalidEventPattern('Empty arrays are not allowed');
  return list.map((item) => {
    if (isObject(item)) return compileOperator(item);
    if (Array.isArray(item)) throw new InvalidEventPattern('Match value must be String, number, true, false, or null');
    return equalTo(item as Leaf);
  });
}

function compileOperator(item: Record<string, unknown>): Matcher {
  const entries = Object.entries(item);
  const [entry] = entries;
  if (!entry) throw new InvalidEventPattern('Empty objects are not allowed');
  const [operator, operand] = entry;
  if (entries.length > 1 && operator !== 'numeric') {
    throw new InvalidEventPattern(`Only one key allowed in match expression, found ${entries.map(([key]) => key).join(', ')}`);
  }
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return affixMatcher(operator, operand, `${operator} match pattern must be a string`);
    case 'equals-ignore-case': {
      if (typeof operand !== 'string') throw new InvalidEventPattern('equals-ignore-case match pattern must be a string');
      const expected = operand.toLowerCase();
      return { test: (value) => typeof value === 'string' && value.toLowerCase() === expected };
    }
    case 'wildcard': {
      if (typeof operand !== 'string') throw new InvalidEventPattern('wildcard match pattern must be a string');
      const regex = wildcardRegex(operand);
      return { test: (value) => typeof value === 'string' && regex.test(value) };
    }
    case 'exists':
      if (typeof operand !== 'boolean') throw new InvalidEventPattern('exists match pattern must be either true or false.');
      return operand ? { test: () => true } : { absent: true, test: () => false };
    case 'numeric':
      return numericMatcher(operand);
    case 'anything-but':
      return anythingBut(operand);
    case 'cidr':
      return cidrMatcher(operand);
    default:
      throw new InvalidEventPattern(`Unrecognized match type ${operator}`);
  }
}

function equalTo(expected: Leaf): Matcher {
  return { test: (value) => value === expected };
}

/** `prefix` / `suffix`, plain or `{"equals-ignore-case": …}`. */
function affixMatcher(kind: 'prefix' | 'suffix', operand: unknown, typeError: string): Matcher {
  let affix: string;
  let ignoreCase = false;
  if (typeof operand === 'string') affix = operand;
  else if (isObject(operand) && typeof operand['equals-ignore-case'] === 'string' && Object.keys(operand).length === 1) {
    affix = (operand['equals-ignore-case'] as string).toLowerCase();
    ignoreCase = true;
  } else throw new InvalidEventPattern(typeError);
  return {
    test: (value) => {
      if (typeof value !== 'string') return false;
      const text = ignoreCase ? value.toLowerCase() : value;
      return kind === 'prefix' ? text.startsWith(affix) : text.endsWith(affix);
    },
  };
}

const MAX_WILDCARDS = 5;

function wildcardRegex(pattern: string): RegExp {
  let source = '';
  let wildcards = 0;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '\\' && (pattern[index + 1] === '*' || pattern[index + 1] === '\\')) {
      source += escapeRegex(pattern[index + 1]!);
      index++;
    } else if (char === '*') {
      if (pattern[index - 1] === '*') throw new InvalidEventPattern(`Consecutive wildcard characters at pos ${index}`);
      wildcards++;
      source += '.*';
    } else source += escapeRegex(char);
  }
  if (wildcards > MAX_WILDCARDS) {
    throw new InvalidEventPattern(
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    );
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const NUMERIC_OPERATORS = ['<', '<=', '>', '>=', '='] as const;

function numericMatcher(operand: unknown): Matcher {
  if (!Array.isArray(operand)) throw new InvalidEventPattern('Value of numeric must be an array.');
  if (operand.length === 0) throw new InvalidEventPattern('Empty arrays are not allowed');
  const checks: Array<(value: number) => boolean> = [];
  let lower = false;
  let upper = false;
  let equals = false;
  for (let index = 0; index < operand.length; index += 2) {
    const operator = operand[index];
    const bound = operand[index + 1];
    if (typeof operator !== 'string' || !(NUMERIC_OPERATORS as readonly string[]).includes(operator)) {
      throw new InvalidEventPattern(`Unrecognized numeric range operator: ${String(operator)}`);
    }
    if (typeof bound !== 'number') throw new InvalidEventPattern(`Value of ${operator} must be numeric`);
    const isLower = operator === '>' || operator === '>=';
    const isUpper = operator === '<' || operator === '<=';
    if ((isLower && lower) || (isUpper && upper) || (operator === '=' && (equals || lower || upper)) || (equals && index > 0)) {
      throw new InvalidEventPattern(`Bad numeric range operator: ${operator}`);
    }
    lower ||= isLower;
    upper ||= isUpper;
    equals ||= operator === '=';
    checks.push(
      {
        '<': (value: number) => value < bound,
        '<=': (value: number) => value <= bound,
        '>': (value: number) => value > bound,
        '>=': (value: number) => value >= bound,
        '=': (value: number) => value === bound,
      }[operator as (typeof NUMERIC_OPERATORS)[number]],
    );
  }
  return { test: (value) => typeof value === 'number' && checks.every((check) => check(value)) };
}

/** `anything-but`: a value (or list), or `prefix` / `suffix` / `wildcard` / `equals-ignore-case`. A missing field never matches. */
function anythingBut(operand: unknown): Matcher {
  const notAnyOf = (test: (value: Leaf) => boolean): Matcher => ({ test: (value) => !test(value) });
  if (typeof operand === 'string' || typeof operand === 'number') return notAnyOf((value) => value === operand);
  if (Array.isArray(operand)) {
    if (operand.length === 0) throw new InvalidEventPattern('Empty arrays are not allowed');
    if (!operand.every((item) => typeof item === 'string' || typeof item === 'number')) {
      throw new InvalidEventPattern('Inside anything but list, start|null|boolean is not supported.');
    }
    const excluded = operand as Array<string | number>;
    return notAnyOf((value) => excluded.some((item) => item === value));
  }
  if (isObject(operand) && Object.keys(operand).length === 1) {
    const [[kind, inner]] = Object.entries(operand) as [[string, unknown]];
    if (kind === 'prefix' || kind === 'suffix') {
      if (isObject(inner)) throw new InvalidEventPattern('Value of anything-but must be an array or single string/number value.');
      const affixes = stringList(inner, 'prefix/suffix match pattern must be a string').map((affix) => {
        if (affix === '') throw new InvalidEventPattern('Null prefix/suffix not allowed');
        return affixMatcher(kind, affix, 'prefix/suffix match pattern must be a string');
      });
      return notAnyOf((value) => affixes.some((affix) => affix.test(value)));
    }
    if (kind === 'wildcard') {
      const patterns = stringList(inner, 'wildcard match pattern must be a string').map(wildcardRegex);
      return notAnyOf((value) => typeof value === 'string' && patterns.some((regex) => regex.test(value)));
    }
    if (kind === 'equals-ignore-case') {
      const excluded = stringList(inner, 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.').map(
        (item) => item.toLowerCase(),
      );
      return notAnyOf((value) => typeof value === 'string' && excluded.includes(value.toLowerCase()));
    }
    throw new InvalidEventPattern(`Unsupported anything-but pattern: ${kind}`);
  }
  throw new InvalidEventPattern('Value of anything-but must be an array or single string/number value.');
}

function stringList(operand: unknown, typeError: string): string[] {
  const list = Array.isArray(operand) ? operand : [operand];
  if (list.length === 0) throw new InvalidEventPattern('Empty arrays are not allowed');
  if (!list.every((item) => typeof item === 'string')) throw new InvalidEventPattern(typeError);
  return list as string[];
}

function cidrMatcher(operand: unknown): Matcher {
  if (typeof operand !== 'string') throw new InvalidEventPattern('prefix match pattern must be a string');
  const parts = operand.split('/');
  if (parts.length !== 2) throw new InvalidEventPattern("Malformed CIDR, one '/' required");
  const [address = '', maskText = ''] = parts;
  if (!/^\d+$/.test(maskText)) throw new InvalidEventPattern('Malformed CIDR, mask bits must be an integer');
  const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : undefined;
  if (!family) throw new InvalidEventPattern(`Nonstandard IP address: ${address}`);
  const blocks = new net.BlockList();
  blocks.addSubnet(address, Number(maskText), family);
  return {
    test: (value) => typeof value === 'string' && net.isIP(value) !== 0 && blocks.check(value, net.isIPv4(value) ? 'ipv4' : 'ipv6'),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
