import { isDeepStrictEqual } from 'node:util';

/**
 * The `value` column of "matches:" tables (STEPS.md "Value matchers"): JSON for deep equality,
 * a bare word for a string, `/regex/`, `<any>`, `<absent>`, `<empty>`, `<not empty>`, and
 * numeric comparisons.
 */
export interface ValueMatcher {
  /** How the expectation reads in messages. */
  description: string;
  test(found: boolean, actual: unknown): boolean;
}

export function parseValueMatcher(written: string): ValueMatcher {
  const text = written.trim();
  if (text === '<any>') return { description: 'present (any value)', test: (found) => found };
  if (text === '<absent>') return { description: 'absent', test: (found) => !found };
  if (text === '<empty>') return { description: 'empty', test: (found, actual) => found && isEmpty(actual) === true };
  if (text === '<not empty>') return { description: 'not empty', test: (found, actual) => found && isEmpty(actual) === false };
  const regex = /^\/(.*)\/([imsu]*)$/s.exec(text);
  if (regex) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(regex[1] ?? '', regex[2]);
    } catch (error) {
      throw new Error(`The matcher ${text} is not a valid regular expression: ${(error as Error).message}`, { cause: error });
    }
    return {
      description: `a string matching ${text}`,
      test: (found, actual) => found && typeof actual === 'string' && pattern.test(actual),
    };
  }
  const comparison = /^(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)$/.exec(text);
  if (comparison) {
    const [, operator, bound] = comparison;
    const limit = Number(bound);
    return {
      description: `a number ${operator} ${bound}`,
      test: (found, actual) => {
        const number = asNumber(actual);
        if (!found || number === undefined) return false;
        return operator === '>'
          ? number > limit
          : operator === '>='
            ? number >= limit
            : operator === '<'
              ? number < limit
              : number <= limit;
      },
    };
  }
  let expected: unknown;
  let isJson = true;
  try {
    expected = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (isJson) return { description: JSON.stringify(expected), test: (found, actual) => found && isDeepStrictEqual(actual, expected) };
  return { description: JSON.stringify(text), test: (found, actual) => found && actual === text };
}

function isEmpty(value: unknown): boolean | undefined {
  if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
  if (value && typeof value === 'object') return Object.keys(value).length === 0;
  return undefined;
}

/** Numbers, and strings that are numbers (Athena hands every value over as text). */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}
