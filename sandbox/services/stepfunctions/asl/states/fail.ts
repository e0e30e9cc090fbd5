import { RuntimeFailure, StatesFailure } from '../failures';
import type { JsonValue } from '../json';
import { evaluateDynamicField } from '../payload-template';
import { contextObject, type StateContext, type StateOutcome } from '../runtime';

/** Fail: stops its branch with Error/Cause, fixed or read from the input (ErrorPath/CausePath). */
export async function runFail({ definition, input, run, frame }: StateContext): Promise<StateOutcome> {
  const resolve = (field: 'ErrorPath' | 'CausePath', fixed: string | undefined): string | undefined => {
    const expression = definition[field];
    if (expression === undefined) return fixed;
    const value: JsonValue = evaluateDynamicField(field, expression, input, contextObject(frame, run));
    if (typeof value !== 'string')
      throw new RuntimeFailure(`The value of the field '${field}' must be a string, but was: ${JSON.stringify(value)}`);
    return value;
  };
  throw new StatesFailure(resolve('ErrorPath', definition.Error), resolve('CausePath', definition.Cause));
}
