import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jodaToStrftime, mysqlToStrftime, rewriteTrino } from '../../../sandbox/services/athena/trino-dialect';

describe('Trino → DuckDB rewrite', () => {
  const cases: Array<{ in: string; out: string }> = [
    { in: "SELECT regexp_like(name, '^A') FROM t", out: "SELECT regexp_matches(name, '^A') FROM t" },
    {
      in: 'SELECT approx_distinct(id), arbitrary(x), approx_percentile(v, 0.5) FROM t',
      out: 'SELECT approx_count_distinct(id), any_value(x), approx_quantile(v, 0.5) FROM t',
    },
    { in: "SELECT date_add('day', 1, d), date_diff('day', a, b)", out: "SELECT trino_date_add('day', 1, d), date_sub('day', a, b)" },
    { in: "SELECT date_trunc('month', d), to_iso8601(ts)", out: "SELECT trino_date_trunc('month', d), trino_to_iso8601(ts)" },
    { in: "SELECT from_iso8601_timestamp('2026-01-01T00:00:00Z')", out: "SELECT CAST('2026-01-01T00:00:00Z' AS TIMESTAMPTZ)" },
    { in: 'SELECT from_iso8601_date(s), date(ts)', out: 'SELECT CAST(s AS DATE), CAST(ts AS DATE)' },
    { in: "SELECT cardinality(xs), element_at(xs, 1), element_at(m, 'k')", out: "SELECT len(xs), (xs)[1], (m)['k']" },
    {
      in: 'SELECT try_cast(x AS integer), CAST(y AS array(varchar)), CAST(z AS map(varchar, row(a integer, b double)))',
      out: 'SELECT try_cast(x AS INTEGER), CAST(y AS VARCHAR[]), CAST(z AS MAP(VARCHAR, STRUCT("a" INTEGER, "b" DOUBLE)))',
    },
    {
      in: 'SELECT CAST(ts AS timestamp(3) with time zone), CAST(b AS varbinary), CAST(r AS real)',
      out: 'SELECT CAST(ts AS TIMESTAMPTZ), CAST(b AS BLOB), CAST(r AS FLOAT)',
    },
    {
      in: "SELECT date_format(ts, '%Y-%m-%d %H:%i:%s'), date_parse(s, '%d/%m/%Y')",
      out: "SELECT strftime(ts, '%Y-%m-%d %H:%M:%S'), strptime(s, '%d/%m/%Y')",
    },
    { in: "SELECT format_datetime(ts, 'yyyy-MM-dd''T''HH:mm')", out: "SELECT strftime(ts, '%Y-%m-%dT%H:%M')" },
    { in: "SELECT concat(a, '-', b)", out: "SELECT (a || '-' || b)" },
    { in: "SELECT if(x > 1, 'big'), if(x > 1, 'big', 'small')", out: "SELECT CASE WHEN x > 1 THEN 'big' END, if(x > 1, 'big', 'small')" },
    { in: "SELECT replace(s, 'a'), replace(s, 'a', 'b')", out: "SELECT replace(s, 'a', ''), replace(s, 'a', 'b')" },
    {
      in: "SELECT regexp_replace(s, '(\\d+)', '<$1>'), regexp_replace(s, 'x')",
      out: "SELECT regexp_replace(s, '(\\d+)', '<\\1>', 'g'), regexp_replace(s, 'x', '', 'g')",
    },
    {
      in: "SELECT regexp_extract(s, 'a(b)', 1), regexp_count(s, 'a')",
      out: "SELECT trino_regexp_extract(s, 'a(b)', 1), len(regexp_extract_all(s, 'a'))",
    },
    { in: 'SELECT to_hex(md5(to_utf8(s)))', out: 'SELECT hex(unhex(md5(encode(s))))' },
    {
      in: 'SELECT transform(xs, x -> x + 1), filter(xs, x -> x > 1), any_match(xs, x -> x > 1)',
      out: 'SELECT list_transform(xs, x -> x + 1), list_filter(xs, x -> x > 1), (len(list_filter(xs, x -> x > 1)) > 0)',
    },
    { in: 'SELECT count(*) FILTER (WHERE x > 1) FROM t', out: 'SELECT count(*) FILTER (WHERE x > 1) FROM t' },
    {
      in: "SELECT contains(xs, 1), array_join(xs, ','), sequence(1, 3)",
      out: "SELECT list_contains(xs, 1), array_to_string(xs, ','), generate_series(1, 3)",
    },
    { in: 'SELECT map_agg(k, v) FROM t', out: 'SELECT map(list(k), list(v)) FROM t' },
    {
      in: "SELECT TIMESTAMP '2026-01-01 00:00:00 UTC', TIMESTAMP '2026-01-01 00:00:00'",
      out: "SELECT TIMESTAMPTZ '2026-01-01 00:00:00 UTC', TIMESTAMP '2026-01-01 00:00:00'",
    },
    { in: 'SELECT * FROM (VALUES 1, 2) AS t(x)', out: 'SELECT * FROM (VALUES (1), (2)) AS t(x)' },
    { in: "VALUES (1, 'a'), (2, 'b')", out: "VALUES (1, 'a'), (2, 'b')" },
    { in: 'TABLE db.t', out: 'SELECT * FROM db.t' },
    {
      in: 'SELECT * FROM information_schema.columns c JOIN "awsdatacatalog"."information_schema"."tables" t ON true',
      out: 'SELECT * FROM memory.main.trino_information_schema_columns c JOIN memory.main.trino_information_schema_tables t ON true',
    },
    { in: 'SELECT information_schema.columns.column_name FROM x', out: 'SELECT information_schema.columns.column_name FROM x' },
    { in: 'SELECT t.format, "concat"(a) FROM t', out: 'SELECT t.format, "concat"(a) FROM t' },
    { in: "SELECT 'date_add(' || s, -- concat(a, b)\n x", out: "SELECT 'date_add(' || s, -- concat(a, b)\n x" },
  ];
  for (const testCase of cases) {
    it(`rewrites ${testCase.in.replace(/\n/g, ' ').slice(0, 70)}`, () => {
      assert.equal(rewriteTrino(testCase.in).sql, testCase.out);
    });
  }

  it('maps offsets in the rewritten SQL back to the user’s text', () => {
    const original = "SELECT concat(a, 'x'), regexp_like(b, 'y'), missing FROM t";
    const rewrite = rewriteTrino(original);
    assert.equal(rewrite.toOriginal(rewrite.sql.indexOf('missing')), original.indexOf('missing'));
    assert.equal(rewrite.toOriginal(rewrite.sql.indexOf('regexp_matches')), original.indexOf('regexp_like'));
    assert.equal(rewrite.toOriginal(rewrite.sql.indexOf('FROM')), original.indexOf('FROM'));
  });

  const mysql: Array<{ in: string; out: string }> = [
    { in: '%Y-%m-%d %H:%i:%s', out: '%Y-%m-%d %H:%M:%S' },
    { in: '%e/%c/%y %l:%i %p', out: '%-d/%-m/%y %-I:%M %p' },
    { in: '%W %M %T %f %%', out: '%A %B %H:%M:%S %f %%' },
  ];
  for (const testCase of mysql) it(`converts MySQL format ${testCase.in}`, () => assert.equal(mysqlToStrftime(testCase.in), testCase.out));

  const joda: Array<{ in: string; out: string }> = [
    { in: 'yyyy-MM-dd HH:mm:ss.SSS', out: '%Y-%m-%d %H:%M:%S.%g' },
    { in: "EEE, d MMM yyyy 'at' h a", out: '%a, %-d %b %Y at %-I %p' },
    { in: "yyyyMMdd'%'", out: '%Y%m%d%%' },
  ];
  for (const testCase of joda) it(`converts Joda pattern ${testCase.in}`, () => assert.equal(jodaToStrftime(testCase.in), testCase.out));
});
