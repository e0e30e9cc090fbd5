/**
 * DuckDB macros standing in for Trino functions whose DuckDB namesake behaves differently.
 * They are created as TEMP macros on every engine connection, under `trino_` names, and the
 * dialect rewrite (trino-dialect.ts) points calls at them. Typed overloads pick the variant by
 * argument type (a DATE stays a DATE, as in Trino).
 */
export const TRINO_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO trino_interval(unit, n) AS
     CASE lower(unit)
       WHEN 'millisecond' THEN to_milliseconds(n) WHEN 'second' THEN to_seconds(n)
       WHEN 'minute' THEN to_minutes(n) WHEN 'hour' THEN to_hours(n)
       WHEN 'day' THEN to_days(CAST(n AS INTEGER)) WHEN 'week' THEN to_weeks(CAST(n AS INTEGER))
       WHEN 'month' THEN to_months(CAST(n AS INTEGER)) WHEN 'quarter' THEN to_months(CAST(3 * n AS INTEGER))
       WHEN 'year' THEN to_years(CAST(n AS INTEGER))
       ELSE error('INVALID_FUNCTION_ARGUMENT: ''' || unit || ''' is not a valid DATE field')
     END`,
  `CREATE OR REPLACE TEMP MACRO trino_date_add(unit, n, x DATE) AS CAST(x + trino_interval(unit, n) AS DATE),
     (unit, n, x TIMESTAMP) AS x + trino_interval(unit, n),
     (unit, n, x TIMESTAMPTZ) AS x + trino_interval(unit, n)`,
  `CREATE OR REPLACE TEMP MACRO trino_date_trunc(unit, x DATE) AS CAST(date_trunc(unit, x) AS DATE),
     (unit, x TIMESTAMP) AS date_trunc(unit, x),
     (unit, x TIMESTAMPTZ) AS date_trunc(unit, x)`,
  `CREATE OR REPLACE TEMP MACRO trino_to_iso8601(x DATE) AS strftime(x, '%Y-%m-%d'),
     (x TIMESTAMP) AS strftime(x, '%Y-%m-%dT%H:%M:%S.%g'),
     (x TIMESTAMPTZ) AS strftime(x, '%Y-%m-%dT%H:%M:%S.%gZ')`,
  // Trino answers NULL when the pattern does not match; DuckDB answers ''.
  `CREATE OR REPLACE TEMP MACRO trino_regexp_extract(s, p) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p) END,
     (s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END`,
  `CREATE OR REPLACE TEMP MACRO trino_array_remove(a, x) AS list_filter(a, trino_e -> trino_e <> x)`,
  `CREATE OR REPLACE TEMP MACRO trino_array_except(a, b) AS list_distinct(list_filter(a, trino_e -> NOT list_contains(b, trino_e)))`,
  `CREATE OR REPLACE TEMP MACRO trino_array_union(a, b) AS list_distinct(list_concat(a, b))`,
  `CREATE OR REPLACE TEMP MACRO trino_array_position(a, x) AS coalesce(list_position(a, x), 0)`,
  `CREATE OR REPLACE TEMP MACRO trino_bitwise_and(a, b) AS (a & b)`,
  `CREATE OR REPLACE TEMP MACRO trino_bitwise_or(a, b) AS (a | b)`,
  `CREATE OR REPLACE TEMP MACRO trino_bitwise_xor(a, b) AS xor(a, b)`,
  `CREATE OR REPLACE TEMP MACRO trino_bitwise_not(a) AS (~a)`,
  `CREATE OR REPLACE TEMP MACRO trino_current_timezone() AS 'UTC'`,
  `CREATE OR REPLACE TEMP MACRO trino_infinity() AS CAST('infinity' AS DOUBLE)`,
  `CREATE OR REPLACE TEMP MACRO trino_nan() AS CAST('nan' AS DOUBLE)`,
  `CREATE OR REPLACE TEMP MACRO trino_json_format(j) AS CAST(j AS VARCHAR)`,
];
