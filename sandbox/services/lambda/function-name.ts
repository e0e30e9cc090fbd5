import { constraintViolation, InvalidParameterValueException } from './errors';

/** Lambda's own pattern for the FunctionName of Invoke, GetFunction, GetFunctionConfiguration. */
const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
const FUNCTION_NAME = new RegExp(`^${FUNCTION_NAME_PATTERN}$`);

export interface FunctionReference {
  name: string;
  /** Region named by a full ARN, if any. */
  region?: string;
  /** Account named by a full or partial ARN, if any. */
  accountId?: string;
  /** `$LATEST`, a version or an alias, from the name's suffix or the Qualifier parameter. */
  qualifier?: string;
}

/**
 * A FunctionName as Lambda accepts it: `my-function`, `my-function:alias`,
 * `123456789012:function:my-function`, `arn:aws:lambda:us-east-1:123456789012:function:my-function[:qualifier]`,
 * plus an optional Qualifier parameter that must agree with the name's own suffix.
 */
export function parseFunctionName(functionName: string, qualifierParameter?: string): FunctionReference {
  const match = FUNCTION_NAME.exec(functionName);
  if (!match || functionName.length > 170) {
    throw constraintViolation(functionName, 'functionName', `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`);
  }
  const [, , , regionPart, , accountPart, , name = '', , nameQualifier] = match;
  if (name.length > 140) throw constraintViolation(functionName, 'functionName', 'Member must have length less than or equal to 140');
  if (qualifierParameter !== undefined && qualifierParameter !== '' && !/^(\$LATEST|[a-zA-Z0-9-_]+)$/.test(qualifierParameter)) {
    throw constraintViolation(qualifierParameter, 'qualifier', 'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)');
  }
  if (nameQualifier && qualifierParameter && nameQualifier !== qualifierParameter) {
    throw new InvalidParameterValueException('The derived qualifier from the function name does not match the specified qualifier.');
  }
  return {
    name,
    region: regionPart?.slice(0, -1),
    accountId: accountPart?.slice(0, -1),
    qualifier: nameQualifier ?? (qualifierParameter || undefined),
  };
}

export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}
