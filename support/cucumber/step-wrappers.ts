import { setDefinitionFunctionWrapper } from '@cucumber/cucumber';

export type DefinitionFunction = (...args: unknown[]) => unknown;

const wrappers: Array<(code: DefinitionFunction) => DefinitionFunction> = [];

/**
 * cucumber-js takes a single definition-function wrapper (a second `setDefinitionFunctionWrapper`
 * silently replaces the first): concerns that must wrap every step and hook register here, and
 * all of them apply, each around the previous. Cucumber keeps the wrapped function's arity.
 */
export function wrapEveryDefinition(wrapper: (code: DefinitionFunction) => DefinitionFunction): void {
  wrappers.push(wrapper);
}

setDefinitionFunctionWrapper((code: DefinitionFunction) => wrappers.reduce((wrapped, wrapper) => wrapper(wrapped), code));
