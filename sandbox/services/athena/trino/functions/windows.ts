import { aggregate, failWhen, type FunctionRegistry } from './registry';

/** Trino's ranking and value window functions (functions/window.md); aggregates also run OVER a window. */
export function registerWindows(registry: FunctionRegistry): void {
  for (const name of ['row_number', 'rank', 'dense_rank']) registry.window(`${name}() -> bigint`, () => `${name}()`);
  for (const name of ['percent_rank', 'cume_dist']) registry.window(`${name}() -> double`, () => `${name}()`);
  registry.window('ntile(bigint) -> bigint', (b) =>
    failWhen(b, `${b.args[0]!.sql} <= 0`, `'Buckets must be greater than 0'`, `ntile(${b.args[0]!.sql})`),
  );
  registry.window('first_value(T) -> T', aggregate('first_value'));
  registry.window('last_value(T) -> T', aggregate('last_value'));
  registry.window('nth_value(T, bigint) -> T', aggregate('nth_value'));
  for (const name of ['lag', 'lead']) {
    registry.window(`${name}(T) -> T`, aggregate(name));
    registry.window(`${name}(T, bigint) -> T`, aggregate(name));
    registry.window(`${name}(T, bigint, T) -> T`, aggregate(name));
  }
}
