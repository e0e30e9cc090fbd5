/**
 * DuckDB macros the Trino translation (trino/) calls where one Trino operation is several DuckDB
 * ones: time zones (a `timestamp with time zone` is a struct of instant and zone; fixed offsets
 * such as `+08:35` are applied by hand because ICU only knows named zones), Trino's text for
 * timestamps, intervals, doubles and reals (Java's `Double.toString`), exact decimal division
 * rounded half up, and string-to-timestamp parsing. They are created as TEMP macros on every
 * engine connection.
 */
const MACROS: Record<string, string> = {
  // A fixed offset zone (`+08:35`, `-08:00`) in minutes; NULL for named zones.
  trino_offset_minutes: `(z) AS CASE WHEN regexp_full_match(z, '[+-][0-9]{2}:[0-9]{2}')
    THEN (CASE WHEN z[1] = '-' THEN -1 ELSE 1 END) * (CAST(z[2:3] AS INTEGER) * 60 + CAST(z[5:6] AS INTEGER)) END`,
  // The wall-clock time of an instant in a zone, and the instant of a wall-clock time in a zone.
  trino_local_at: `(i, z) AS CASE WHEN z = 'UTC' THEN CAST(i AS TIMESTAMP)
    WHEN trino_offset_minutes(z) IS NOT NULL THEN CAST(i AS TIMESTAMP) + to_minutes(trino_offset_minutes(z))
    ELSE timezone(z, i) END`,
  trino_instant_at: `(l, z) AS CASE WHEN z = 'UTC' THEN CAST(l AS TIMESTAMPTZ)
    WHEN trino_offset_minutes(z) IS NOT NULL THEN CAST(l - to_minutes(trino_offset_minutes(z)) AS TIMESTAMPTZ)
    ELSE timezone(z, CAST(l AS TIMESTAMP)) END`,
  trino_tstz: `(i, z) AS CASE WHEN i IS NULL OR z IS NULL THEN NULL ELSE struct_pack("instant" := CAST(i AS TIMESTAMPTZ), "zone" := z) END`,
  trino_local: `(v) AS trino_local_at(v."instant", v."zone")`,
  // The offset of a value's zone at its instant, in minutes (timezone_hour / timezone_minute).
  trino_zone_offset: `(v) AS CAST((epoch(trino_local(v)) - epoch(CAST(v."instant" AS TIMESTAMP))) / 60 AS BIGINT)`,
  // Trino's spelling of a zone: UTC for its aliases and zero offsets, `+hh:mm` for offsets, names as given.
  trino_zone: `(z) AS CASE
    WHEN upper(z) IN ('UTC', 'Z', 'UT', 'GMT', 'UCT', 'ZULU', 'GMT0', 'UTC0', 'ETC/UTC', 'ETC/GMT', 'ETC/UCT', 'ETC/ZULU', 'ETC/UT', 'ETC/GMT0') THEN 'UTC'
    WHEN regexp_full_match(z, '(?i)(UTC|GMT|UT)?[+-][0-9]{1,2}(:?[0-9]{2})?') THEN trino_offset_zone(regexp_extract(z, '([+-])([0-9]{1,2}):?([0-9]{2})?$', ['sign', 'hours', 'minutes']))
    ELSE z END`,
  trino_offset_zone: `(o) AS CASE WHEN CAST(o.hours AS INTEGER) = 0 AND coalesce(nullif(o.minutes, ''), '0')::INTEGER = 0 THEN 'UTC'
    ELSE o.sign || lpad(o.hours, 2, '0') || ':' || lpad(coalesce(nullif(o.minutes, ''), '00'), 2, '0') END`,
  // `YYYY-MM-DD[ HH:MM[:SS[.fff]]][ zone]` as a timestamp with time zone (the session zone, UTC, by default).
  trino_parse_tstz: `(s) AS trino_parsed_tstz(regexp_extract(s, '^\\s*([0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}(?: +[0-9]{1,2}:[0-9]{1,2}(?::[0-9]{1,2}(?:\\.[0-9]{1,12})?)?)?)\\s*([A-Za-z][A-Za-z0-9_/+-]*|[+-][0-9]{1,2}(?::?[0-9]{2})?)?\\s*$', ['local', 'zone']))`,
  trino_parsed_tstz: `(p) AS CASE WHEN p.local = '' THEN NULL
    ELSE trino_tstz(trino_instant_at(CAST(p.local AS TIMESTAMP), trino_zone(coalesce(nullif(p.zone, ''), 'UTC'))), trino_zone(coalesce(nullif(p.zone, ''), 'UTC'))) END`,
  // Text of timestamps, times and intervals with p fractional digits, as Trino prints them.
  trino_fraction: `(us, p) AS CASE WHEN p = 0 THEN '' ELSE '.' || left(lpad(CAST(us AS VARCHAR), 6, '0') || '000000', p) END`,
  trino_timestamp_text: `(ts, p) AS strftime(ts, '%Y-%m-%d %H:%M:%S') || trino_fraction(microsecond(ts) % 1000000, p)`,
  trino_time_text: `(t, p) AS strftime(DATE '2000-01-01' + t, '%H:%M:%S') || trino_fraction(microsecond(t) % 1000000, p)`,
  trino_tstz_text: `(v, p) AS trino_timestamp_text(trino_local(v), p) || ' ' || v."zone"`,
  trino_interval_ds_text: `(iv) AS (CASE WHEN epoch_us(iv) < 0 THEN '-' ELSE '' END)
    || CAST(abs(epoch_us(iv)) // 86400000000 AS VARCHAR) || ' '
    || lpad(CAST(abs(epoch_us(iv)) // 3600000000 % 24 AS VARCHAR), 2, '0') || ':'
    || lpad(CAST(abs(epoch_us(iv)) // 60000000 % 60 AS VARCHAR), 2, '0') || ':'
    || lpad(CAST(abs(epoch_us(iv)) // 1000000 % 60 AS VARCHAR), 2, '0') || '.'
    || lpad(CAST(abs(epoch_us(iv)) // 1000 % 1000 AS VARCHAR), 3, '0')`,
  trino_interval_ym_text: `(iv) AS (CASE WHEN datepart('year', iv) * 12 + datepart('month', iv) < 0 THEN '-' ELSE '' END)
    || CAST(abs(datepart('year', iv) * 12 + datepart('month', iv)) // 12 AS VARCHAR) || '-'
    || CAST(abs(datepart('year', iv) * 12 + datepart('month', iv)) % 12 AS VARCHAR)`,
  // Java's Double.toString / Float.toString from DuckDB's shortest text: plain in [1e-3, 1e7), else d.dddE±n.
  trino_double_text: `(d) AS CASE WHEN d IS NULL THEN NULL WHEN isnan(d) THEN 'NaN'
    WHEN isinf(d) THEN (CASE WHEN d > 0 THEN 'Infinity' ELSE '-Infinity' END)
    WHEN d = 0 THEN (CASE WHEN CAST(d AS VARCHAR) LIKE '-%' THEN '-0.0' ELSE '0.0' END)
    ELSE (CASE WHEN d < 0 THEN '-' ELSE '' END) || trino_java_number(CAST(abs(d) AS VARCHAR), abs(d) >= 0.001 AND abs(d) < 10000000) END`,
  trino_real_text: `(f) AS trino_double_text(f)`,
  trino_java_number: `(s, plain) AS CASE
    WHEN plain AND NOT contains(s, 'e') THEN (CASE WHEN contains(s, '.') THEN s ELSE s || '.0' END)
    WHEN contains(s, 'e') AND plain THEN trino_plain_from_scientific(split_part(s, 'e', 1), CAST(split_part(s, 'e', 2) AS INTEGER))
    WHEN contains(s, 'e') THEN (CASE WHEN contains(split_part(s, 'e', 1), '.') THEN split_part(s, 'e', 1) ELSE split_part(s, 'e', 1) || '.0' END)
      || 'E' || CAST(CAST(split_part(s, 'e', 2) AS INTEGER) AS VARCHAR)
    ELSE trino_scientific(replace(s, '.', ''), strpos(s || '.', '.') - 1) END`,
  trino_scientific: `(digits, point) AS left(trino_significant(digits), 1) || '.'
    || coalesce(nullif(substr(trino_significant(digits), 2), ''), '0')
    || 'E' || CAST(point - (length(digits) - length(ltrim(digits, '0'))) - 1 AS VARCHAR)`,
  trino_significant: `(digits) AS coalesce(nullif(rtrim(ltrim(digits, '0'), '0'), ''), '0')`,
  trino_plain_from_scientific: `(mantissa, exponent) AS CAST(CAST(mantissa || 'e' || exponent AS DECIMAL(38, 18)) AS VARCHAR)`,
  // An unscaled integer as decimal text with `s` fractional digits (exact decimal division).
  trino_scaled_text: `(q, s) AS CASE WHEN q IS NULL THEN NULL WHEN s = 0 THEN CAST(q AS VARCHAR)
    ELSE (CASE WHEN q < 0 THEN '-' ELSE '' END) || left(lpad(CAST(abs(q) AS VARCHAR), s + 1, '0'), length(lpad(CAST(abs(q) AS VARCHAR), s + 1, '0')) - s)
      || '.' || right(lpad(CAST(abs(q) AS VARCHAR), s + 1, '0'), s) END`,
  trino_unscaled: `(d) AS CAST(replace(CAST(d AS VARCHAR), '.', '') AS HUGEINT)`,
  // Trino's decimal division: quotient of the unscaled values, rescaled by 10^r, rounded half up.
  trino_decimal_divide: `(x, y, r, s) AS CASE WHEN x IS NULL OR y IS NULL THEN NULL
    WHEN trino_unscaled(y) = 0 THEN error('DIVISION_BY_ZERO: Division by zero')
    ELSE trino_scaled_text(sign(trino_unscaled(x)) * sign(trino_unscaled(y))
      * ((abs(trino_unscaled(x)) * CAST(pow(10, r) AS HUGEINT) * 2 + abs(trino_unscaled(y))) // (2 * abs(trino_unscaled(y)))), s) END`,
  // truncate(decimal, n): drop the digits after the n-th (n below the scale), keeping the type.
  trino_truncate_decimal: `(x, n, s) AS CASE WHEN n >= s THEN CAST(x AS VARCHAR)
    WHEN n >= 0 THEN rtrim(left(CAST(x AS VARCHAR), length(CAST(x AS VARCHAR)) - (s - n)), '.')
    ELSE CAST(trunc(CAST(x AS DOUBLE) / pow(10, -n)) * pow(10, -n) AS VARCHAR) END`,
  // from_base / to_base: digits 0-9 then a-z.
  trino_from_base: `(s, radix) AS CASE WHEN s IS NULL OR radix IS NULL THEN NULL
    WHEN NOT regexp_full_match(s, '-?[0-9a-z]+') OR list_bool_or(list_transform(string_split(ltrim(s, '-'), ''), lambda c: strpos('0123456789abcdefghijklmnopqrstuvwxyz', c) - 1 >= radix))
      THEN error('INVALID_FUNCTION_ARGUMENT: Not a valid base-' || radix || ' number: ' || s)
    ELSE (CASE WHEN s[1] = '-' THEN -1 ELSE 1 END) * list_reduce(list_transform(string_split(ltrim(s, '-'), ''), lambda c: CAST(strpos('0123456789abcdefghijklmnopqrstuvwxyz', c) - 1 AS BIGINT)), lambda acc, d: acc * radix + d, CAST(0 AS BIGINT)) END`,
  trino_to_base: `(x, radix) AS CASE WHEN x IS NULL OR radix IS NULL THEN NULL WHEN x = 0 THEN '0'
    ELSE (CASE WHEN x < 0 THEN '-' ELSE '' END) || array_to_string(list_reverse(list_transform(
      list_filter(range(0, 64), lambda i: pow(radix, i) <= abs(CAST(x AS HUGEINT))),
      lambda i: substr('0123456789abcdefghijklmnopqrstuvwxyz', CAST((abs(CAST(x AS HUGEINT)) // CAST(pow(radix, i) AS HUGEINT)) % radix AS INTEGER) + 1, 1))), '') END`,
  // An interval of n units (date_add, date_diff's units).
  trino_interval: `(unit, n) AS CASE lower(unit)
    WHEN 'millisecond' THEN to_milliseconds(n) WHEN 'second' THEN to_seconds(n) WHEN 'minute' THEN to_minutes(n)
    WHEN 'hour' THEN to_hours(n) WHEN 'day' THEN to_days(CAST(n AS INTEGER)) WHEN 'week' THEN to_weeks(CAST(n AS INTEGER))
    WHEN 'month' THEN to_months(CAST(n AS INTEGER)) WHEN 'quarter' THEN to_months(CAST(3 * n AS INTEGER))
    WHEN 'year' THEN to_years(CAST(n AS INTEGER))
    ELSE error('INVALID_FUNCTION_ARGUMENT: ''' || unit || ''' is not a valid TIMESTAMP field') END`,
  // ISO 8601 date and time (`2020-05-11`, `2020-05-11T11:15:05.055+01:00`, `…Z`); the zone defaults to the session's (UTC).
  trino_iso8601_timestamp: `(s) AS trino_iso8601_parts(regexp_extract(s,
    '^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-W[0-9]{2}(?:-[0-9])?|[0-9]{4}-[0-9]{3}|[0-9]{4}(?:-[0-9]{2})?)(?:T([0-9]{2})(?::?([0-9]{2}))?(?::?([0-9]{2}))?(?:[.,]([0-9]+))?)?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$',
    ['date', 'hour', 'minute', 'second', 'fraction', 'zone']))`,
  trino_iso8601_parts: `(p) AS CASE WHEN p.date = '' OR trino_iso8601_date(p.date) IS NULL THEN NULL
    ELSE trino_tstz(trino_instant_at(CAST(trino_iso8601_date(p.date) AS TIMESTAMP)
      + to_hours(CAST(coalesce(nullif(p.hour, ''), '0') AS INTEGER)) + to_minutes(CAST(coalesce(nullif(p.minute, ''), '0') AS INTEGER))
      + to_seconds(CAST(coalesce(nullif(p.second, ''), '0') AS INTEGER)) + to_milliseconds(CAST(left(rpad(p.fraction, 3, '0'), 3) AS INTEGER)),
      trino_zone(coalesce(nullif(p.zone, ''), 'UTC'))), trino_zone(coalesce(nullif(p.zone, ''), 'UTC'))) END`,
  // ISO 8601 dates: calendar (2020-05-11, 2020-05, 2020), week (2020-W10[-1]) and ordinal (2020-123).
  trino_iso8601_date: `(s) AS CASE
    WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(s AS DATE)
    WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}') THEN TRY_CAST(s || '-01' AS DATE)
    WHEN regexp_full_match(s, '[0-9]{4}') THEN TRY_CAST(s || '-01-01' AS DATE)
    WHEN regexp_full_match(s, '[0-9]{4}-W[0-9]{2}(-[1-7])?') THEN CAST(
      make_date(CAST(s[1:4] AS INTEGER), 1, 4) - to_days(CAST(isodow(make_date(CAST(s[1:4] AS INTEGER), 1, 4)) - 1 AS INTEGER))
      + to_days(CAST((CAST(s[7:8] AS INTEGER) - 1) * 7 + coalesce(TRY_CAST(s[10:10] AS INTEGER), 1) - 1 AS INTEGER)) AS DATE)
    WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{3}') THEN CAST(make_date(CAST(s[1:4] AS INTEGER), 1, 1) + to_days(CAST(s[6:8] AS INTEGER) - 1) AS DATE)
    END`,
  // `Z` for UTC, else `±hh:mm` (to_iso8601).
  trino_iso_offset: `(minutes) AS CASE WHEN minutes = 0 THEN 'Z' ELSE (CASE WHEN minutes < 0 THEN '-' ELSE '+' END)
    || lpad(CAST(abs(minutes) // 60 AS VARCHAR), 2, '0') || ':' || lpad(CAST(abs(minutes) % 60 AS VARCHAR), 2, '0') END`,
  // `42.8ms`, `3.81 d`: a number and a unit; the interval keeps milliseconds.
  trino_parse_duration: `(s) AS trino_duration_parts(regexp_extract(s, '^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]+)\\s*$', ['amount', 'unit']))`,
  trino_duration_parts: `(p) AS CASE WHEN p.amount = '' OR p.unit NOT IN ('ns', 'us', 'ms', 's', 'm', 'h', 'd') THEN NULL
    ELSE to_microseconds(CAST(round(CAST(p.amount AS DOUBLE) * (CASE p.unit WHEN 'ns' THEN 0.000001 WHEN 'us' THEN 0.001 WHEN 'ms' THEN 1
      WHEN 's' THEN 1000 WHEN 'm' THEN 60000 WHEN 'h' THEN 3600000 ELSE 86400000 END)) AS BIGINT) * 1000) END`,
  trino_human_readable_seconds: `(x) AS CASE WHEN x IS NULL THEN NULL WHEN round(x) = 0 THEN '0 seconds' ELSE array_to_string(list_filter([
      trino_time_unit(CAST(round(x) AS BIGINT) // 604800, 'week'), trino_time_unit(CAST(round(x) AS BIGINT) // 86400 % 7, 'day'),
      trino_time_unit(CAST(round(x) AS BIGINT) // 3600 % 24, 'hour'), trino_time_unit(CAST(round(x) AS BIGINT) // 60 % 60, 'minute'),
      trino_time_unit(CAST(round(x) AS BIGINT) % 60, 'second')], lambda part: part IS NOT NULL), ', ') END`,
  trino_time_unit: `(n, unit) AS CASE WHEN n = 0 THEN NULL ELSE CAST(n AS VARCHAR) || ' ' || unit || (CASE WHEN n = 1 THEN '' ELSE 's' END) END`,
  // The n-th occurrence of a substring (negative n counts from the end); 0 when absent.
  trino_strpos: `(s, sub, n) AS coalesce(CAST(list_filter(range(1, length(s) + 2), lambda i: substr(s, i, length(sub)) = sub AND i + length(sub) - 1 <= length(s))[
    CASE WHEN n > 0 THEN n ELSE len(list_filter(range(1, length(s) + 2), lambda i: substr(s, i, length(sub)) = sub AND i + length(sub) - 1 <= length(s))) + n + 1 END] AS BIGINT), 0)`,
  // Trino's substr: start 0 is empty, a negative start counts from the end.
  trino_substr: `(s, start, n) AS CASE WHEN s IS NULL OR start IS NULL OR n IS NULL THEN NULL WHEN start = 0 OR n <= 0 THEN ''
    WHEN start > 0 THEN substring(s, CAST(start AS BIGINT), CAST(n AS BIGINT))
    WHEN -start > length(s) THEN '' ELSE substring(s, length(s) + start + 1, CAST(n AS BIGINT)) END`,
  trino_luhn_check: `(s) AS CASE WHEN s IS NULL THEN NULL WHEN NOT regexp_full_match(s, '[0-9]+') THEN error('INVALID_FUNCTION_ARGUMENT: Input contains non-digit character')
    ELSE list_sum(list_transform(range(0, length(s)), lambda i: CASE WHEN i % 2 = 0 THEN CAST(s[length(s) - i] AS INTEGER)
      ELSE (CAST(s[length(s) - i] AS INTEGER) * 2) % 10 + (CAST(s[length(s) - i] AS INTEGER) * 2) // 10 END)) % 10 = 0 END`,
  // 123456 → 123K, 1000000 → 1M (a compact number, rounded half even).
  trino_format_number: `(x) AS CASE WHEN x IS NULL THEN NULL WHEN abs(x) < 1000 THEN CAST(CAST(round_even(x, 0) AS BIGINT) AS VARCHAR)
    ELSE trino_compact(x, CAST(least(floor(log10(abs(x)) / 3), 5) AS INTEGER)) END`,
  trino_compact: `(x, k) AS CAST(CAST(round_even(x / pow(1000, k), 0) AS BIGINT) AS VARCHAR) || ['K', 'M', 'B', 'T', 'Q'][k]`,
};

/** DuckDB binds a macro's body when it is created: each macro comes after the ones it calls. */
function dependencyOrder(): string[] {
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name)) return;
    if (path.includes(name)) throw new Error(`Macros call each other in a cycle: ${[...path, name].join(' → ')}`);
    for (const match of (MACROS[name] ?? '').matchAll(/\b(trino_[a-z0-9_]+)\(/g)) {
      const called = match[1]!;
      if (called !== name && called in MACROS) visit(called, [...path, name]);
    }
    ordered.push(name);
  };
  for (const name of Object.keys(MACROS)) visit(name, []);
  return ordered;
}

export const TRINO_MACROS: readonly string[] = dependencyOrder().map(
  (name) => `CREATE OR REPLACE TEMP MACRO ${name}${MACROS[name]!.replace(/\s*\n\s*/g, ' ')}`,
);
