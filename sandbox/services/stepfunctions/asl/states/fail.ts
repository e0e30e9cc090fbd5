import { RuntimeFailure, StatesFailure } from '../failures';
import type { JsonValue } from '../json';
import { evaluateDynamicField } from '../payload-template';
import type { StateContext, StateOutcome } from '../runtime';
import { evaluateTyped, isJsonata, sourcesOf, statesOf } from '../state-fields';

/**
 * Fail: stops its branch with Error/Cause — fixed, read from the input (ErrorPath/CausePath) or,
 * in JSONata, evaluated (`{% %}`).
 */
export async function runFail(context: StateContext): Promise<StateOutcome> {
  const { definition, input } = context;
  if (isJsonata(context)) {
    const states = statesOf(context);
    const evaluate = async (field: 'Error' | 'Cause'): Promise<string | undefined> => {
      const value = definition[field];
      return value === undefined ? undefined : ((await evaluateTyped(context, value, field, states, 'string')) as string);
    };
    throw new StatesFailure(await evaluate('Error'), await evaluate('Cause'));
  }
  const resolve = (field: 'ErrorPath' | 'CausePath', fixed: string | undefined): string | undefined => {
    const expression = definition[field];
    if (expression === undefined) return fixed;
    const value: JsonValue = evaluateDynamicField(field, expression, sourcesOf(context, input));
    if (typeof value !== 'string')
      throw new RuntimeFailure(`The value of the field '${field}' must be a string, but was: ${JSON.stringify(value)}`);
    return value;
  };
  throw new StatesFailure(resolve('ErrorPath', definition.Error), resolve('CausePath', definition.Cause));
}
