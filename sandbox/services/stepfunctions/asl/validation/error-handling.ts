import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { isReferencePath } from '../paths';
import { isPositiveInteger, type DefinitionCheck } from './diagnostics';
import { catcherFields } from './fields';
import { checkTarget } from './transitions';
import { checkAssign, checkJsonataValue } from './values';

/** Retry and Catch of Task, Parallel and Map states. */
const RETRIER_FIELDS = ['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment'];

function checkErrorEquals(check: DefinitionCheck, errorEquals: JsonValue | undefined, location: string): void {
  if (!Array.isArray(errorEquals) || errorEquals.length === 0 || errorEquals.some((name) => typeof name !== 'string')) {
    check.schema("The field 'ErrorEquals' must be a non-empty array of error names", location);
  } else if (errorEquals.includes('States.ALL') && errorEquals.length > 1) {
    check.schema("'States.ALL' must be the only error name in 'ErrorEquals'", location);
  }
}

export function checkRetry(check: DefinitionCheck, retry: JsonValue, at: string): void {
  if (!Array.isArray(retry)) return check.schema("The field 'Retry' must be an array", at);
  retry.forEach((retrier, index) => {
    const location = `${at}[${index}]`;
    if (!isJsonObject(retrier)) return check.schema('A retrier must be a JSON object', location);
    checkErrorEquals(check, retrier.ErrorEquals, `${location}/ErrorEquals`);
    if (Array.isArray(retrier.ErrorEquals) && retrier.ErrorEquals.includes('States.ALL') && index !== retry.length - 1) {
      check.schema("A retrier with 'States.ALL' must be the last retrier", location);
    }
    for (const key of Object.keys(retrier)) {
      if (!RETRIER_FIELDS.includes(key)) check.schema(`The field '${key}' is not supported by Step Functions`, location);
    }
    if (retrier.IntervalSeconds !== undefined && !isPositiveInteger(retrier.IntervalSeconds))
      check.schema("The field 'IntervalSeconds' must be a positive integer", `${location}/IntervalSeconds`);
    if (retrier.MaxAttempts !== undefined && !(Number.isInteger(retrier.MaxAttempts) && (retrier.MaxAttempts as number) >= 0))
      check.schema("The field 'MaxAttempts' must be a non-negative integer", `${location}/MaxAttempts`);
    if (retrier.BackoffRate !== undefined && !(typeof retrier.BackoffRate === 'number' && retrier.BackoffRate >= 1))
      check.schema("The field 'BackoffRate' must be a number greater than or equal to 1.0", `${location}/BackoffRate`);
    if (retrier.MaxDelaySeconds !== undefined && !isPositiveInteger(retrier.MaxDelaySeconds))
      check.schema("The field 'MaxDelaySeconds' must be a positive integer", `${location}/MaxDelaySeconds`);
    if (retrier.JitterStrategy !== undefined && !['FULL', 'NONE'].includes(retrier.JitterStrategy as string))
      check.schema("The field 'JitterStrategy' should have one of these values: [FULL, NONE]", `${location}/JitterStrategy`);
  });
}

export function checkCatch(check: DefinitionCheck, state: JsonObject, siblings: JsonObject, at: string): void {
  const catchers = state.Catch;
  if (catchers === undefined) return;
  if (!Array.isArray(catchers)) return check.schema("The field 'Catch' must be an array", at);
  const language = check.languageOf(state);
  catchers.forEach((catcher, index) => {
    const location = `${at}[${index}]`;
    if (!isJsonObject(catcher)) return check.schema('A catcher must be a JSON object', location);
    checkErrorEquals(check, catcher.ErrorEquals, `${location}/ErrorEquals`);
    if (catcher.Next === undefined) check.schema('These fields are required: [Next]', location);
    else checkTarget(check, catcher.Next, siblings, `${location}/Next`);
    if (catcher.ResultPath !== undefined && catcher.ResultPath !== null && !isReferencePath(catcher.ResultPath)) {
      check.schema("The value for the field 'ResultPath' must be a valid JSONPath", `${location}/ResultPath`);
    }
    const allowed = catcherFields(language);
    for (const key of Object.keys(catcher)) {
      if (!allowed.includes(key)) check.schema(`The field '${key}' is not supported by Step Functions`, location);
    }
    checkAssign(check, catcher.Assign, language, `${location}/Assign`);
    if (language === 'JSONata') checkJsonataValue(check, catcher.Output, `${location}/Output`);
  });
}
