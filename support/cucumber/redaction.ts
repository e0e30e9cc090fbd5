import { wrapEveryDefinition } from './step-wrappers';
import { redactor } from '../redaction';

/**
 * Every step and hook runs through this wrapper: an error's message and stack are redacted
 * before cucumber records them, so no secret reaches the messages, JUnit, Allure or sign-off.
 */
wrapEveryDefinition(function (fn: (...args: unknown[]) => unknown) {
  const wrapped = async function (this: unknown, ...args: unknown[]) {
    try {
      return await fn.apply(this, args);
    } catch (error) {
      if (error instanceof Error) {
        error.message = redactor.redact(error.message);
        if (error.stack) error.stack = redactor.redact(error.stack);
      }
      throw error;
    }
  };
  // Cucumber checks a step function's arity against its expression.
  Object.defineProperty(wrapped, 'length', { value: fn.length });
  return wrapped;
});
