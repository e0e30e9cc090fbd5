import { Then } from '@cucumber/cucumber';
import type { PostflightWorld } from '../world';

/**
 * Registers a data-quality step twice: as written, and with ` where "<predicate>"` (before the
 * final colon for steps that take a table), so that every check can be scoped (STEPS.md).
 * The handler receives the step's arguments, then the predicate (undefined without `where`).
 */
export function defineCheckStep(
  pattern: string,
  argumentCount: number,
  handler: (world: PostflightWorld, args: unknown[], predicate: string | undefined) => Promise<void>,
): void {
  const withWhere = pattern.endsWith(':') ? `${pattern.slice(0, -1)} where {string}:` : `${pattern} where {string}`;
  const takesTable = pattern.endsWith(':');
  // Cucumber appends a callback after the declared arguments: only the declared ones are taken.
  Then(
    pattern,
    withArity(argumentCount, async function (this: PostflightWorld, ...all: unknown[]) {
      await handler(this, all.slice(0, argumentCount), undefined);
    }),
  );
  Then(
    withWhere,
    withArity(argumentCount + 1, async function (this: PostflightWorld, ...all: unknown[]) {
      const args = all.slice(0, argumentCount + 1);
      const predicateIndex = takesTable ? args.length - 2 : args.length - 1;
      const predicate = this.template(String(args[predicateIndex]));
      const rest = args.filter((_, index) => index !== predicateIndex);
      await handler(this, rest, predicate);
    }),
  );
}

/** Cucumber checks a step function's declared arity against its expression; rest parameters declare none. */
function withArity<T extends (...args: never[]) => unknown>(arity: number, fn: T): T {
  Object.defineProperty(fn, 'length', { value: arity });
  return fn;
}
