import { SemanticError } from '../syntax-error';
import { isOrderable } from '../coercion';
import type { Bound, FunctionRegistry } from './registry';

/**
 * greatest / least (NULL when any argument is NULL, unlike DuckDB's), uuid and the session
 * functions. CASE, IF, COALESCE, NULLIF, TRY and typeof are expressions (expression-analyzer.ts).
 */
export function registerConditional(registry: FunctionRegistry): void {
  for (const name of ['greatest', 'least']) {
    registry.scalar(
      `${name}(E...) -> E`,
      (b) =>
        `CASE WHEN ${b.args.map((arg) => `${arg.sql} IS NULL`).join(' OR ')} THEN NULL ELSE ${name}(${b.args.map((arg) => arg.sql).join(', ')}) END`,
      { check: orderable },
    );
  }
  registry.scalar('uuid() -> uuid', () => 'uuid()');
}

function orderable(bound: Bound): void {
  const type = bound.returnType;
  if (!isOrderable(type))
    throw new SemanticError(
      'FUNCTION_NOT_FOUND',
      `Unexpected parameters for function ${bound.call.name}: ${type.name} is not orderable`,
      bound.call.node.start,
    );
}
