import { quoteIdentifier } from '../sql-lexer';
import type { Query } from './ast';
import { parseQuery } from './parser';
import { QueryAnalyzer, type AnalyzerCatalog, type OutputColumn, type TableRead } from './query-analyzer';
import { NameGenerator } from './scope';
import { fieldKey, rowField, type TrinoType } from './types';

/**
 * Athena (Trino) SQL → DuckDB SQL: parse (trino/parser.ts), analyze with the catalog's types
 * (trino/query-analyzer.ts, expression-analyzer.ts) and emit DuckDB SQL whose result columns are
 * `c0`, `c1`, … with Trino's names and types alongside. A final projection turns values whose
 * DuckDB form is not their Trino text (timestamps with time zone, inside containers too) into
 * what Athena shows. Its conformance is measured by test/sandbox/athena-conformance.test.ts.
 *
 * Still different from Athena engine 3 (also in docs/sandbox.md):
 * - refused by name (NOT_SUPPORTED) rather than answered differently: the functions in
 *   functions/index.ts UNIMPLEMENTED_FUNCTIONS and every ST_ function; date/time format
 *   patterns and a few other arguments unless they are literals; Java regular expression
 *   constructs RE2 lacks (look-around, back-references, possessive quantifiers, named groups in
 *   replacements); format() flags `,` `(` `#` `<` and the %t/%g/%a/%h conversions; normalize()
 *   other than NFC; timestamps finer than microseconds; WITH RECURSIVE, FETCH … WITH TIES,
 *   NATURAL joins, TABLESAMPLE, MATCH_RECOGNIZE, time travel, table functions, JSON_QUERY /
 *   JSON_VALUE / JSON_EXISTS / JSON_OBJECT / JSON_ARRAY / JSON_TABLE, LISTAGG … ON OVERFLOW
 *   TRUNCATE and listagg over a window;
 * - answered within Trino's contract but not with Trino's algorithm: approx_distinct is exact,
 *   approx_percentile is the nearest-rank value;
 * - GROUP BY / DISTINCT on timestamp with time zone keep equal instants in different zones apart
 *   (Trino groups them by instant);
 * - the session time zone is always UTC (as on Athena, where it cannot be changed).
 */
export interface Translation {
  sql: string;
  columns: Array<{ name: string; type: TrinoType }>;
  reads: TableRead[];
}

export function translateQuery(query: string | Query, catalog: AnalyzerCatalog, database: string): Translation {
  const ast = typeof query === 'string' ? parseQuery(query) : query;
  const analyzer = new QueryAnalyzer(catalog, database.toLowerCase(), new NameGenerator());
  const result = analyzer.query(ast);
  const columns = result.columns.map((column, index) => ({ name: column.name ?? `_col${index}`, type: column.type }));
  return { sql: presented(result.sql, result.columns), columns, reads: analyzer.reads };
}

/** The translated query's own columns, without the presentation projection (for CTAS and INSERT). */
export function translateForWrite(query: string | Query, catalog: AnalyzerCatalog, database: string): Translation {
  const ast = typeof query === 'string' ? parseQuery(query) : query;
  const analyzer = new QueryAnalyzer(catalog, database.toLowerCase(), new NameGenerator());
  const result = analyzer.query(ast);
  const columns = result.columns.map((column, index) => ({ name: column.name ?? `_col${index}`, type: column.type }));
  return { sql: result.sql, columns, reads: analyzer.reads };
}

function presented(sql: string, columns: OutputColumn[]): string {
  if (!columns.some((column) => needsPresentation(column.type))) return sql;
  const alias = quoteIdentifier('result');
  const items = columns.map(
    (column, index) =>
      `${presentation(`${alias}.${quoteIdentifier(`c${index}`)}`, column.type, { next: 0 })} AS ${quoteIdentifier(`c${index}`)}`,
  );
  return `SELECT ${items.join(', ')} FROM (${sql}) AS ${alias}`;
}

function needsPresentation(type: TrinoType): boolean {
  switch (type.name) {
    case 'timestamp':
      return type.withTimeZone;
    case 'array':
      return needsPresentation(type.element);
    case 'map':
      return needsPresentation(type.key) || needsPresentation(type.value);
    case 'row':
      return type.fields.some((field) => needsPresentation(field.type));
    default:
      return false;
  }
}

/** SQL turning a value into its displayed form (a timestamp with time zone becomes its text). */
function presentation(sql: string, type: TrinoType, counter: { next: number }): string {
  if (!needsPresentation(type)) return sql;
  switch (type.name) {
    case 'timestamp':
      return `trino_tstz_text(${sql}, ${type.precision})`;
    case 'array': {
      const element = `trino_shown_${counter.next++}`;
      return `list_transform(${sql}, lambda ${element}: ${presentation(element, type.element, counter)})`;
    }
    case 'map': {
      const entry = `trino_shown_${counter.next++}`;
      return `map_from_entries(list_transform(map_entries(${sql}), lambda ${entry}: struct_pack("key" := ${presentation(`${entry}."key"`, type.key, counter)}, "value" := ${presentation(`${entry}."value"`, type.value, counter)})))`;
    }
    case 'row': {
      const fields = type.fields.map(
        (field, index) => `${quoteIdentifier(fieldKey(field, index))} := ${presentation(rowField(sql, type, index), field.type, counter)}`,
      );
      return `CASE WHEN ${sql} IS NULL THEN NULL ELSE struct_pack(${fields.join(', ')}) END`;
    }
    default:
      return sql;
  }
}
