import { failWhen, type Bound, type FunctionRegistry } from './registry';

/**
 * Trino's JSON functions (functions/json.md): JSON paths on JSON values or on JSON text (which,
 * when it is not valid JSON, gives NULL rather than an error); json_extract_scalar is NULL for
 * objects and arrays; json_array_get keeps Trino's documented quirk of answering a string element
 * unquoted; json_format serializes compactly. The SQL/JSON functions (json_query, json_value,
 * json_exists, json_object, json_array) are refused by name.
 */
const SOURCES = ['json', 'varchar(x)'];

export function registerJson(registry: FunctionRegistry): void {
  registry.scalar('json_parse(varchar(x)) -> json', (b) =>
    failWhen(b, `NOT json_valid(${a(b, 0)})`, `'Cannot convert value to JSON: ''' || ${a(b, 0)} || ''''`, `json(${a(b, 0)})`),
  );
  registry.scalar('json_format(json) -> varchar', (b) => `CAST(json(${a(b, 0)}) AS VARCHAR)`);
  for (const source of SOURCES) {
    registry.scalar(
      `json_extract(${source}, varchar(y)) -> json`,
      (b) => `CASE WHEN json_valid(${a(b, 0)}) THEN json_extract(${a(b, 0)}, ${a(b, 1)}) END`,
    );
    registry.scalar(
      `json_extract_scalar(${source}, varchar(y))`,
      (b) => {
        const value = `json_extract(${a(b, 0)}, ${a(b, 1)})`;
        return `CASE WHEN NOT json_valid(${a(b, 0)}) OR json_type(${value}) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(${a(b, 0)}, ${a(b, 1)}) END`;
      },
      { returns: (b) => (b.args[0]!.type.name === 'varchar' ? b.args[0]!.type : { name: 'varchar' }) },
    );
    registry.scalar(`json_array_get(${source}, bigint) -> json`, (b) => {
      const path = `CASE WHEN ${a(b, 1)} < 0 THEN '$[#' || ${a(b, 1)} || ']' ELSE '$[' || ${a(b, 1)} || ']' END`;
      const element = `json_extract(${a(b, 0)}, ${path})`;
      return `CASE WHEN NOT json_valid(${a(b, 0)}) OR json_type(${a(b, 0)}) <> 'ARRAY' THEN NULL WHEN json_type(${element}) = 'VARCHAR' THEN ${element} ->> '$' ELSE CAST(${element} AS VARCHAR) END`;
    });
    registry.scalar(
      `json_array_length(${source}) -> bigint`,
      (b) => `CASE WHEN json_valid(${a(b, 0)}) AND json_type(${a(b, 0)}) = 'ARRAY' THEN CAST(json_array_length(${a(b, 0)}) AS BIGINT) END`,
    );
    registry.scalar(`json_size(${source}, varchar(y)) -> bigint`, (b) => {
      const value = `json_extract(${a(b, 0)}, ${a(b, 1)})`;
      return `CASE WHEN NOT json_valid(${a(b, 0)}) OR ${value} IS NULL THEN NULL WHEN json_type(${value}) = 'ARRAY' THEN CAST(json_array_length(${value}) AS BIGINT) WHEN json_type(${value}) = 'OBJECT' THEN CAST(len(json_keys(${value})) AS BIGINT) ELSE 0 END`;
    });
    registry.scalar(`is_json_scalar(${source}) -> boolean`, (b) =>
      failWhen(b, `NOT json_valid(${a(b, 0)})`, `'Invalid JSON value: ' || ${a(b, 0)}`, `json_type(${a(b, 0)}) NOT IN ('OBJECT', 'ARRAY')`),
    );
    const contains = (types: string, value: (element: string) => string) => (b: Bound) => {
      const element = b.call.names.variable('element');
      const elements = `CAST(json_extract(${a(b, 0)}, '$[*]') AS JSON[])`;
      return `CASE WHEN NOT json_valid(${a(b, 0)}) OR json_type(${a(b, 0)}) <> 'ARRAY' OR ${a(b, 1)} IS NULL THEN NULL
        ELSE len(list_filter(${elements}, lambda ${element}: json_type(${element}) IN (${types}) AND ${value(element)} = ${a(b, 1)})) > 0 END`;
    };
    registry.scalar(
      `json_array_contains(${source}, bigint) -> boolean`,
      contains(`'BIGINT', 'UBIGINT'`, (e) => `CAST(${e} AS BIGINT)`),
    );
    registry.scalar(
      `json_array_contains(${source}, double) -> boolean`,
      contains(`'DOUBLE', 'BIGINT', 'UBIGINT'`, (e) => `CAST(${e} AS DOUBLE)`),
    );
    registry.scalar(
      `json_array_contains(${source}, boolean) -> boolean`,
      contains(`'BOOLEAN'`, (e) => `CAST(${e} AS BOOLEAN)`),
    );
    registry.scalar(
      `json_array_contains(${source}, varchar(y)) -> boolean`,
      contains(`'VARCHAR'`, (e) => `(${e} ->> '$')`),
    );
  }
}

function a(bound: Bound, index: number): string {
  return bound.args[index]?.sql ?? 'NULL';
}
