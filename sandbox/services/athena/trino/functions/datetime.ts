import { quoteString } from '../../sql-lexer';
import { roundTimestamp } from '../casts';
import { normalizeZone } from '../literals';
import type { Typed } from '../scope';
import { SemanticError } from '../syntax-error';
import { timestamp, varchar, type TrinoType } from '../types';
import { jodaToStrftime, mysqlToStrftime, UnsupportedFormat } from './datetime-formats';
import { failWhen, type Bound, type FunctionRegistry } from './registry';

/**
 * Trino's date and time functions (functions/datetime.md). A `timestamp with time zone` keeps its
 * zone: fields are read in that zone's wall-clock time, at_timezone changes only the zone,
 * with_timezone reads a timestamp in a zone. date_add and date_trunc keep the input's type (a
 * DATE stays a DATE). ISO 8601 parsing covers calendar, week and ordinal dates.
 */
const TEMPORAL = ['date', 'timestamp(p)', 'timestamp(p) with time zone'];
const DATE_UNITS = ['day', 'week', 'month', 'quarter', 'year'];
const TIME_UNITS = ['millisecond', 'second', 'minute', 'hour'];

export function registerDatetime(registry: FunctionRegistry): void {
  const fields: Array<[string, (local: string) => string]> = [
    ['year', (x) => `year(${x})`],
    ['quarter', (x) => `quarter(${x})`],
    ['month', (x) => `month(${x})`],
    ['week', (x) => `weekofyear(${x})`],
    ['day', (x) => `day(${x})`],
    ['day_of_week', (x) => `isodow(${x})`],
    ['day_of_year', (x) => `dayofyear(${x})`],
    ['year_of_week', (x) => `isoyear(${x})`],
  ];
  for (const [name, extract] of fields) {
    for (const type of TEMPORAL) registry.scalar(`${name}(${type}) -> bigint`, (b) => `CAST(${extract(local(b.args[0]!))} AS BIGINT)`);
  }
  const clock: Array<[string, (local: string) => string]> = [
    ['hour', (x) => `hour(${x})`],
    ['minute', (x) => `minute(${x})`],
    ['second', (x) => `second(${x})`],
    ['millisecond', (x) => `(millisecond(${x}) % 1000)`],
  ];
  for (const [name, extract] of clock) {
    for (const type of ['timestamp(p)', 'timestamp(p) with time zone', 'time(p)'])
      registry.scalar(`${name}(${type}) -> bigint`, (b) => `CAST(${extract(local(b.args[0]!))} AS BIGINT)`);
  }
  const intervalDs: Array<[string, string]> = [
    ['day', '86400000000'],
    ['hour', '3600000000'],
    ['minute', '60000000'],
    ['second', '1000000'],
    ['millisecond', '1000'],
  ];
  const modulo: Record<string, string> = { day: '', hour: ' % 24', minute: ' % 60', second: ' % 60', millisecond: ' % 1000' };
  for (const [name, unit] of intervalDs)
    registry.scalar(`${name}(interval day to second) -> bigint`, (b) => `CAST(epoch_us(${a(b, 0)}) // ${unit}${modulo[name]} AS BIGINT)`);
  registry.scalar('year(interval year to month) -> bigint', (b) => `CAST(datepart('year', ${a(b, 0)}) AS BIGINT)`);
  registry.scalar('month(interval year to month) -> bigint', (b) => `CAST(datepart('month', ${a(b, 0)}) AS BIGINT)`);
  for (const [alias, name] of [
    ['day_of_month', 'day'],
    ['dow', 'day_of_week'],
    ['doy', 'day_of_year'],
    ['week_of_year', 'week'],
    ['yow', 'year_of_week'],
  ] as const)
    registry.alias(alias, name);
  registry.scalar('timezone_hour(timestamp(p) with time zone) -> bigint', (b) => `(trino_zone_offset(${a(b, 0)}) // 60)`);
  registry.scalar('timezone_minute(timestamp(p) with time zone) -> bigint', (b) => `(trino_zone_offset(${a(b, 0)}) % 60)`);
  registry.scalar('timezone(timestamp(p) with time zone) -> varchar', (b) => `${a(b, 0)}."zone"`);

  registry.scalar('date(varchar(x)) -> date', (b) => castDate(b, a(b, 0)));
  registry.scalar('date(timestamp(p)) -> date', (b) => `CAST(${a(b, 0)} AS DATE)`);
  registry.scalar('date(timestamp(p) with time zone) -> date', (b) => `CAST(trino_local(${a(b, 0)}) AS DATE)`);
  for (const type of TEMPORAL) registry.scalar(`last_day_of_month(${type}) -> date`, (b) => `last_day(${local(b.args[0]!)})`);

  registry.scalar('from_iso8601_timestamp(varchar(x)) -> timestamp(3) with time zone', (b) =>
    failWhen(
      b,
      `trino_iso8601_timestamp(${a(b, 0)}) IS NULL AND ${a(b, 0)} IS NOT NULL`,
      `'Invalid format: "' || ${a(b, 0)} || '"'`,
      `trino_iso8601_timestamp(${a(b, 0)})`,
    ),
  );
  registry.scalar('from_iso8601_date(varchar(x)) -> date', (b) =>
    failWhen(
      b,
      `trino_iso8601_date(${a(b, 0)}) IS NULL AND ${a(b, 0)} IS NOT NULL`,
      `'Invalid format: "' || ${a(b, 0)} || '"'`,
      `trino_iso8601_date(${a(b, 0)})`,
    ),
  );
  registry.scalar('at_timezone(timestamp(p) with time zone, varchar(x))', (b) => `trino_tstz(${a(b, 0)}."instant", ${zone(b, 1)})`, {
    returns: (b) => b.args[0]!.type,
  });
  registry.scalar(
    'with_timezone(timestamp(p), varchar(x))',
    (b) => `trino_tstz(trino_instant_at(${a(b, 0)}, ${zone(b, 1)}), ${zone(b, 1)})`,
    {
      returns: (b) => timestamp(precision(b.args[0]!.type), true),
    },
  );
  registry.scalar('from_unixtime(double) -> timestamp(3) with time zone', (b) => `trino_tstz(${epochMillis(a(b, 0))}, 'UTC')`);
  registry.scalar(
    'from_unixtime(double, varchar(x)) -> timestamp(3) with time zone',
    (b) => `trino_tstz(${epochMillis(a(b, 0))}, ${zone(b, 1)})`,
  );
  registry.scalar(
    'from_unixtime(double, bigint, bigint) -> timestamp(3) with time zone',
    (b) =>
      `trino_tstz(${epochMillis(a(b, 0))}, trino_zone((CASE WHEN ${a(b, 1)} < 0 OR ${a(b, 2)} < 0 THEN '-' ELSE '+' END) || lpad(CAST(abs(${a(b, 1)}) AS VARCHAR), 2, '0') || ':' || lpad(CAST(abs(${a(b, 2)}) AS VARCHAR), 2, '0')))`,
  );
  registry.scalar('to_unixtime(timestamp(p) with time zone) -> double', (b) => `epoch(${a(b, 0)}."instant")`);
  registry.scalar('to_iso8601(date) -> varchar(16)', (b) => `strftime(${a(b, 0)}, '%Y-%m-%d')`);
  registry.scalar('to_iso8601(timestamp(p))', (b) => `replace(trino_timestamp_text(${a(b, 0)}, ${precision(b.args[0]!.type)}), ' ', 'T')`, {
    returns: (b) => varchar(20 + precision(b.args[0]!.type)),
  });
  registry.scalar(
    'to_iso8601(timestamp(p) with time zone)',
    (b) =>
      `replace(trino_timestamp_text(trino_local(${a(b, 0)}), ${precision(b.args[0]!.type)}), ' ', 'T') || trino_iso_offset(trino_zone_offset(${a(b, 0)}))`,
    { returns: (b) => varchar(26 + precision(b.args[0]!.type)) },
  );
  registry.scalar('to_milliseconds(interval day to second) -> bigint', (b) => `(epoch_us(${a(b, 0)}) // 1000)`);
  registry.scalar('current_timezone() -> varchar', () => "'UTC'");
  registry.scalar('now() -> timestamp(3) with time zone', () => "trino_tstz(date_trunc('millisecond', get_current_timestamp()), 'UTC')");

  registry.scalar('date_trunc(varchar(x), date) -> date', (b) => `CAST(date_trunc(${unit(b, DATE_UNITS, 'DATE')}, ${a(b, 1)}) AS DATE)`);
  registry.scalar(
    'date_trunc(varchar(x), timestamp(p)) -> timestamp(p)',
    (b) => `date_trunc(${unit(b, [...TIME_UNITS, ...DATE_UNITS], 'TIMESTAMP')}, ${a(b, 1)})`,
  );
  registry.scalar(
    'date_trunc(varchar(x), timestamp(p) with time zone) -> timestamp(p) with time zone',
    (b) =>
      `trino_tstz(trino_instant_at(date_trunc(${unit(b, [...TIME_UNITS, ...DATE_UNITS], 'TIMESTAMP WITH TIME ZONE')}, trino_local(${a(b, 1)})), ${a(b, 1)}."zone"), ${a(b, 1)}."zone")`,
  );
  registry.scalar(
    'date_add(varchar(x), bigint, date) -> date',
    (b) => `CAST(${a(b, 2)} + ${interval(unit(b, DATE_UNITS, 'DATE'), a(b, 1))} AS DATE)`,
  );
  registry.scalar(
    'date_add(varchar(x), bigint, timestamp(p)) -> timestamp(p)',
    (b) => `(${a(b, 2)} + ${interval(unit(b, [...TIME_UNITS, ...DATE_UNITS], 'TIMESTAMP'), a(b, 1))})`,
  );
  registry.scalar('date_add(varchar(x), bigint, timestamp(p) with time zone) -> timestamp(p) with time zone', (b) => {
    const field = unit(b, [...TIME_UNITS, ...DATE_UNITS], 'TIMESTAMP WITH TIME ZONE');
    const value = a(b, 2);
    return `trino_tstz(CASE WHEN lower(${field}) IN ('millisecond', 'second', 'minute', 'hour') THEN ${value}."instant" + ${interval(field, a(b, 1))}
      ELSE trino_instant_at(trino_local(${value}) + ${interval(field, a(b, 1))}, ${value}."zone") END, ${value}."zone")`;
  });
  registry.scalar(
    'date_add(varchar(x), bigint, time(p)) -> time(p)',
    (b) => `(${a(b, 2)} + ${interval(unit(b, TIME_UNITS, 'TIME'), a(b, 1))})`,
  );
  registry.scalar('date_diff(varchar(x), date, date) -> bigint', (b) => `date_sub(${unit(b, DATE_UNITS, 'DATE')}, ${a(b, 1)}, ${a(b, 2)})`);
  registry.scalar(
    'date_diff(varchar(x), timestamp(p), timestamp(p)) -> bigint',
    (b) => `date_sub(${unit(b, [...TIME_UNITS, ...DATE_UNITS], 'TIMESTAMP')}, ${a(b, 1)}, ${a(b, 2)})`,
  );
  registry.scalar(
    'date_diff(varchar(x), timestamp(p) with time zone, timestamp(p) with time zone) -> bigint',
    (b) =>
      `date_sub(${unit(b, [...TIME_UNITS, ...DATE_UNITS], 'TIMESTAMP WITH TIME ZONE')}, trino_local(${a(b, 1)}), trino_local_at(${a(b, 2)}."instant", ${a(b, 1)}."zone"))`,
  );
  registry.scalar('parse_duration(varchar(x)) -> interval day to second', (b) =>
    failWhen(
      b,
      `trino_parse_duration(${a(b, 0)}) IS NULL AND ${a(b, 0)} IS NOT NULL`,
      `'duration is not a valid data duration string: ' || ${a(b, 0)}`,
      `trino_parse_duration(${a(b, 0)})`,
    ),
  );
  registry.scalar('human_readable_seconds(double) -> varchar', (b) => `trino_human_readable_seconds(${a(b, 0)})`);

  for (const type of ['timestamp(p)', 'timestamp(p) with time zone']) {
    registry.scalar(`date_format(${type}, varchar(x)) -> varchar`, (b) => `strftime(${local(b.args[0]!)}, ${format(b, 'mysql')})`);
    registry.scalar(`format_datetime(${type}, varchar(x)) -> varchar`, (b) => `strftime(${local(b.args[0]!)}, ${format(b, 'joda')})`);
  }
  registry.scalar('date_parse(varchar(x), varchar(y)) -> timestamp(3)', (b) =>
    roundTimestamp(`strptime(${a(b, 0)}, ${format(b, 'mysql')})`, 3),
  );
  registry.scalar(
    'parse_datetime(varchar(x), varchar(y)) -> timestamp(3) with time zone',
    (b) => `trino_tstz(CAST(${roundTimestamp(`strptime(${a(b, 0)}, ${format(b, 'joda')})`, 3)} AS TIMESTAMPTZ), 'UTC')`,
  );

  registry.scalar('sequence(bigint, bigint) -> array(bigint)', (b) => sequence(b, `CASE WHEN ${a(b, 0)} <= ${a(b, 1)} THEN 1 ELSE -1 END`));
  registry.scalar('sequence(bigint, bigint, bigint) -> array(bigint)', (b) => sequence(b, a(b, 2), true));
  registry.scalar('sequence(date, date) -> array(date)', (b) =>
    dateSequence(b, `CASE WHEN ${a(b, 0)} <= ${a(b, 1)} THEN to_days(1) ELSE to_days(-1) END`),
  );
  registry.scalar('sequence(date, date, interval day to second) -> array(date)', (b) => dateSequence(b, a(b, 2)));
  registry.scalar('sequence(date, date, interval year to month) -> array(date)', (b) => monthSequence(b));
  for (const kind of ['day to second', 'year to month']) {
    registry.scalar(`sequence(timestamp(p), timestamp(p), interval ${kind}) -> array(timestamp(p))`, (b) =>
      failWhen(
        b,
        `(${a(b, 0)} < ${a(b, 1)} AND ${a(b, 0)} + ${a(b, 2)} <= ${a(b, 0)}) OR (${a(b, 0)} > ${a(b, 1)} AND ${a(b, 0)} + ${a(b, 2)} >= ${a(b, 0)})`,
        `'sequence step must be a positive number if stop is greater than start'`,
        `generate_series(${a(b, 0)}, ${a(b, 1)}, ${a(b, 2)})`,
      ),
    );
  }
}

function a(bound: Bound, index: number): string {
  return bound.args[index]?.sql ?? 'NULL';
}

function precision(type: TrinoType): number {
  return type.name === 'timestamp' || type.name === 'time' ? type.precision : 0;
}

/** The wall-clock TIMESTAMP of a date, timestamp or timestamp with time zone (in its own zone). */
export function local(value: Typed): string {
  if (value.type.name === 'timestamp' && value.type.withTimeZone) return `trino_local(${value.sql})`;
  if (value.type.name === 'date') return `CAST(${value.sql} AS TIMESTAMP)`;
  return value.sql;
}

/** A zone argument: checked and spelled as Trino does when literal, normalized at run time otherwise. */
export function zone(bound: Bound, index: number): string {
  const literal = bound.original[index]?.literal;
  if (typeof literal === 'string') {
    const normalized = normalizeZone(literal);
    if (!normalized) throw new SemanticError('INVALID_FUNCTION_ARGUMENT', `'${literal}' is not a valid time zone`, bound.call.node.start);
    return quoteString(normalized);
  }
  return `trino_zone(${a(bound, index)})`;
}

/** A unit argument (`'day'`), checked against the units the type allows when literal. */
function unit(bound: Bound, allowed: string[], typeName: string): string {
  const literal = bound.original[0]?.literal;
  if (typeof literal === 'string') {
    if (!allowed.includes(literal.toLowerCase()))
      throw new SemanticError('INVALID_FUNCTION_ARGUMENT', `'${literal}' is not a valid ${typeName} field`, bound.call.node.start);
    return quoteString(literal.toLowerCase());
  }
  return `lower(${a(bound, 0)})`;
}

function interval(unitSql: string, amount: string): string {
  return `trino_interval(${unitSql}, ${amount})`;
}

function epochMillis(seconds: string): string {
  return `CAST(make_timestamp(CAST(round(${seconds} * 1000) AS BIGINT) * 1000) AS TIMESTAMPTZ)`;
}

function castDate(bound: Bound, sql: string): string {
  return failWhen(
    bound,
    `NOT regexp_full_match(${sql}, '\\s*[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}\\s*')`,
    `'Value cannot be cast to date: ' || ${sql}`,
    `CAST(trim(${sql}) AS DATE)`,
    'INVALID_CAST_ARGUMENT',
  );
}

function format(bound: Bound, dialect: 'mysql' | 'joda'): string {
  const literal = bound.original[1]?.literal;
  if (typeof literal !== 'string')
    throw new SemanticError(
      'NOT_SUPPORTED',
      `The postflight sandbox needs the format of ${bound.call.name} as a literal`,
      bound.call.node.start,
    );
  try {
    return quoteString(dialect === 'mysql' ? mysqlToStrftime(literal) : jodaToStrftime(literal));
  } catch (error) {
    if (error instanceof UnsupportedFormat) {
      if (dialect === 'mysql') throw new SemanticError('INVALID_FUNCTION_ARGUMENT', error.message, bound.call.node.start);
      throw new SemanticError('NOT_SUPPORTED', `The postflight sandbox does not support ${error.message}`, bound.call.node.start);
    }
    throw error;
  }
}

/** Trino refuses a step that never reaches the stop and results over 10,000 entries. */
function sequence(bound: Bound, step: string, checkStep = false): string {
  const [start, stop] = [a(bound, 0), a(bound, 1)];
  const series = `generate_series(${start}, ${stop}, ${step})`;
  const stepCheck = checkStep
    ? failWhen(
        bound,
        `(${start} < ${stop} AND ${step} <= 0) OR (${start} > ${stop} AND ${step} >= 0) OR (${start} = ${stop} AND ${step} = 0)`,
        `'sequence step must be a positive number if stop is greater than start'`,
        series,
      )
    : series;
  return failWhen(
    bound,
    `abs(${stop} - ${start}) // greatest(abs(${step}), 1) >= 10000`,
    `'result of sequence function must not have more than 10000 entries'`,
    stepCheck,
  );
}

/** start + i × step for each i (Trino does not add months cumulatively: Jan 31 + 2 months is Mar 31). */
function monthSequence(bound: Bound): string {
  const [start, stop, step] = [a(bound, 0), a(bound, 1), a(bound, 2)];
  const months = `(datepart('year', ${step}) * 12 + datepart('month', ${step}))`;
  const index = bound.call.names.variable('i');
  const day = bound.call.names.variable('d');
  const count = `(abs(date_diff('month', ${start}, ${stop})) // greatest(abs(${months}), 1) + 2)`;
  const candidates = `list_transform(range(0, ${count}), lambda ${index}: CAST(${start} + to_months(CAST(${index} * ${months} AS INTEGER)) AS DATE))`;
  return failWhen(
    bound,
    `${months} = 0 OR (${start} < ${stop} AND ${months} < 0) OR (${start} > ${stop} AND ${months} > 0)`,
    `'sequence step must be a positive number if stop is greater than start'`,
    `list_filter(${candidates}, lambda ${day}: CASE WHEN ${months} > 0 THEN ${day} <= ${stop} ELSE ${day} >= ${stop} END)`,
  );
}

function dateSequence(bound: Bound, step: string): string {
  return `CAST(generate_series(CAST(${a(bound, 0)} AS TIMESTAMP), CAST(${a(bound, 1)} AS TIMESTAMP), ${step}) AS DATE[])`;
}
