import type { ChoiceRule } from './definition';
import { RuntimeFailure } from './failures';
import type { JsonValue } from './json';
import { PathNotFound } from './paths';
import { readReference, referenceExists, VariableNotFound, type DataSources } from './references';
import { parseTimestamp } from './timestamps';

/**
 * Choice rules: comparisons of the value at `Variable` with a literal (`StringEquals`) or with the
 * value at another path (`StringEqualsPath`), type tests (`IsPresent`, `IsNull`, …) and their
 * boolean combinations (`And`, `Or`, `Not`). A comparison between values of different types is
 * false, as on Step Functions; a Variable that leads nowhere is a runtime error (except for
 * `IsPresent`).
 */
type Comparison = (value: JsonValue, operand: JsonValue) => boolean;

const compareStrings =
  (test: (order: number) => boolean): Comparison =>
  (value, operand) =>
    typeof value === 'string' && typeof operand === 'string' && test(value < operand ? -1 : value > operand ? 1 : 0);

const compareNumbers =
  (test: (a: number, b: number) => boolean): Comparison =>
  (value, operand) =>
    typeof value === 'number' && typeof operand === 'number' && test(value, operand);

const compareTimestamps =
  (test: (a: number, b: number) => boolean): Comparison =>
  (value, operand) => {
    const a = parseTimestamp(value);
    const b = parseTimestamp(operand);
    return a !== undefined && b !== undefined && test(a, b);
  };

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
export function stringMatches(value: string, pattern: string): boolean {
  let regex = '';
  for (let at = 0; at < pattern.length; at += 1) {
    const char = pattern.charAt(at);
    if (char === '\\' && at + 1 < pattern.length) {
      regex += escapeRegex(pattern.charAt(at + 1));
      at += 1;
    } else if (char === '*') regex += '[\\s\\S]*';
    else regex += escapeRegex(char);
  }
  return new RegExp(`^${regex}$`).test(value);
}

function escapeRegex(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const COMPARISONS: Record<string, Comparison> = {
  StringEquals: compareStrings((order) => order === 0),
  StringLessThan: compareStrings((order) => order < 0),
  StringGreaterThan: compareStrings((order) => order > 0),
  StringLessThanEquals: compareStrings((order) => order <= 0),
  StringGreaterThanEquals: compareStrings((order) => order >= 0),
  StringMatches: (value, operand) => typeof value === 'string' && typeof operand === 'string' && stringMatches(value, operand),
  NumericEquals: compareNumbers((a, b) => a === b),
  NumericLessThan: compareNumbers((a, b) => a < b),
  NumericGreaterThan: compareNumbers((a, b) => a > b),
  NumericLessThanEquals: compareNumbers((a, b) => a <= b),
  NumericGreaterThanEquals: compareNumbers((a, b) => a >= b),
  BooleanEquals: (value, operand) => typeof value === 'boolean' && value === operand,
  TimestampEquals: compareTimestamps((a, b) => a === b),
  TimestampLessThan: compareTimestamps((a, b) => a < b),
  TimestampGreaterThan: compareTimestamps((a, b) => a > b),
  TimestampLessThanEquals: compareTimestamps((a, b) => a <= b),
  TimestampGreaterThanEquals: compareTimestamps((a, b) => a >= b),
};

const TYPE_TESTS: Record<string, (value: JsonValue) => boolean> = {
  IsNull: (value) => value === null,
  IsNumeric: (value) => typeof value === 'number',
  IsString: (value) => typeof value === 'string',
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: (value) => parseTimestamp(value) !== undefined,
};

/** Every comparison operator name, with its `…Path` variants and the type tests. */
export const CHOICE_OPERATORS: readonly string[] = [
  ...Object.keys(COMPARISONS),
  ...Object.keys(COMPARISONS)
    .filter((name) => name !== 'StringMatches')
    .map((name) => `${name}Path`),
  ...Object.keys(TYPE_TESTS),
  'IsPresent',
];

/** The single comparison operator a rule uses, if it is a comparison rule. */
export function operatorOf(rule: ChoiceRule): string | undefined {
  return Object.keys(rule).find((key) => CHOICE_OPERATORS.includes(key));
}

function read(path: string, sources: DataSources): JsonValue {
  try {
    return readReference(path, sources);
  } catch (error) {
    if (error instanceof VariableNotFound) throw error;
    if (error instanceof PathNotFound)
      throw new RuntimeFailure(`Invalid path '${path}': The choice state's condition path references an invalid value.`);
    throw error;
  }
}

export function evaluateChoiceRule(rule: ChoiceRule, sources: DataSources): boolean {
  if (rule.And) return rule.And.every((inner) => evaluateChoiceRule(inner, sources));
  if (rule.Or) return rule.Or.some((inner) => evaluateChoiceRule(inner, sources));
  if (rule.Not) return !evaluateChoiceRule(rule.Not, sources);
  const operator = operatorOf(rule);
  const variable = rule.Variable;
  if (!operator || typeof variable !== 'string') throw new RuntimeFailure('The choice rule has no comparison operator.');
  const operand = rule[operator] as JsonValue;
  if (operator === 'IsPresent') return referenceExists(variable, sources) === operand;
  const value = read(variable, sources);
  const typeTest = TYPE_TESTS[operator];
  if (typeTest) return typeTest(value) === operand;
  const direct = COMPARISONS[operator];
  if (direct) return direct(value, operand);
  const byPath = COMPARISONS[operator.slice(0, -'Path'.length)];
  if (!byPath) throw new RuntimeFailure(`The choice rule operator '${operator}' is not known.`);
  return byPath(value, read(operand as string, sources));
}
