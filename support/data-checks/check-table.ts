import type { PostflightWorld } from '../world';
import { requestCheck, type CheckRequest } from './check';
import { CHECK_REGISTRY } from './registry';

/**
 * Rows of "the table … passes these checks:" (`| check | column | argument |`) → check requests
 * on one table slice, so their aggregate metrics share one scan. Each check declares its own row
 * (`row` in checks/<name>.ts).
 */
const ROW_FORMS = new Map([...CHECK_REGISTRY.values()].flatMap((check) => (check.row ? [[check.row.check, check] as const] : [])));

export function checksFromTable(
  world: PostflightWorld,
  table: string,
  rows: Array<Record<string, string>>,
  predicate: string | undefined,
): CheckRequest[] {
  return rows.map((row, index) => {
    const check = ROW_FORMS.get((row.check ?? '').trim().toLowerCase());
    if (!check?.row)
      throw new Error(
        `Row ${index + 1}: unknown check "${row.check}". Use one of: ${[...ROW_FORMS.keys()].join(', ')} (columns: | check | column | argument |).`,
      );
    const params = check.row.params({ column: (row.column ?? '').trim(), argument: (row.argument ?? '').trim() }, world.resources);
    return requestCheck(check, params, table, predicate);
  });
}
