import type { ArithmeticOperator, ComparisonOperator } from './ast';
import { castSql } from './casts';
import { commonSuperType, isComparable, isOrderable } from './coercion';
import { coerce } from './functions/registry';
import type { Typed } from './scope';
import { SemanticError } from './syntax-error';
import {
  decimal,
  DOUBLE,
  integerAsDecimal,
  isCharacter,
  isIntegerType,
  isTimestampWithZone,
  duckType,
  typeName,
  varchar,
  type TrinoType,
} from './types';

/**
 * Trino's operators on typed values: arithmetic with Trino's result types (integer division
 * truncates, decimals get Trino's precision and scale, date ± interval stays a date), division by
 * zero fails with DIVISION_BY_ZERO, comparisons meet at the common super type or fail with
 * TYPE_MISMATCH (`Cannot apply operator: date < varchar(10)`), and `||` concatenates strings and
 * arrays.
 */
export interface OperatorContext {
  /** Inside TRY: failures answer NULL. */
  tryMode: boolean;
}

export function cannotApply(operator: string, left: TrinoType, right: TrinoType, position: number): SemanticError {
  return new SemanticError('TYPE_MISMATCH', `Cannot apply operator: ${typeName(left)} ${operator} ${typeName(right)}`, position);
}

function fail(context: OperatorContext, condition: string, errorName: string, message: string, value: string): string {
  if (context.tryMode) return `CASE WHEN ${condition} THEN NULL ELSE ${value} END`;
  return `CASE WHEN ${condition} THEN error('${errorName}: ${message}') ELSE ${value} END`;
}

export function arithmetic(operator: ArithmeticOperator, left: Typed, right: Typed, position: number, context: OperatorContext): Typed {
  const l = left.type;
  const r = right.type;
  const numeric = (type: TrinoType) => isIntegerType(type) || ['decimal', 'real', 'double', 'unknown'].includes(type.name);
  if (numeric(l) && numeric(r) && !(l.name === 'unknown' && r.name === 'unknown'))
    return numericArithmetic(operator, left, right, position, context);
  if (l.name === 'unknown' && r.name === 'unknown') return { type: { name: 'unknown' }, sql: 'NULL' };
  const temporal = temporalArithmetic(operator, left, right, context);
  if (temporal) return temporal;
  throw cannotApply(operator, l, r, position);
}

function numericArithmetic(operator: ArithmeticOperator, left: Typed, right: Typed, position: number, context: OperatorContext): Typed {
  const common = commonSuperType(left.type, right.type);
  if (!common) throw cannotApply(operator, left.type, right.type, position);
  if (isIntegerType(common)) {
    const [a, b] = [coerce(left, common).sql, coerce(right, common).sql];
    if (operator === '/' || operator === '%') {
      const value = operator === '/' ? `(${a} // ${b})` : `(${a} % ${b})`;
      return { type: common, sql: fail(context, `${b} = 0`, 'DIVISION_BY_ZERO', 'Division by zero', value) };
    }
    return { type: common, sql: `CAST((${a} ${operator} ${b}) AS ${duckType(common)})` };
  }
  if (common.name === 'real' || common.name === 'double') {
    const [a, b] = [coerce(left, common).sql, coerce(right, common).sql];
    const sql = operator === '%' ? `fmod(${a}, ${b})` : `(${a} ${operator} ${b})`;
    return { type: common, sql: common.name === 'real' ? `CAST(${sql} AS FLOAT)` : sql };
  }
  // Decimals: each side keeps its own precision and scale; the result type follows Trino's rules.
  const x = left.type.name === 'unknown' ? decimal(1, 0) : integerAsDecimal(left.type);
  const y = right.type.name === 'unknown' ? decimal(1, 0) : integerAsDecimal(right.type);
  if (x.name !== 'decimal' || y.name !== 'decimal') throw cannotApply(operator, left.type, right.type, position);
  const a = coerce(left, x).sql;
  const b = coerce(right, y).sql;
  switch (operator) {
    case '+':
    case '-': {
      const scale = Math.max(x.scale, y.scale);
      const type = decimal(Math.min(38, Math.max(x.precision - x.scale, y.precision - y.scale) + scale + 1), scale);
      const wide = `DECIMAL(38,${scale})`;
      return { type, sql: `CAST(CAST(${a} AS ${wide}) ${operator} CAST(${b} AS ${wide}) AS ${duckType(type)})` };
    }
    case '*': {
      const type = decimal(Math.min(38, x.precision + y.precision), x.scale + y.scale);
      return { type, sql: `CAST(${a} * ${b} AS ${duckType(type)})` };
    }
    case '/': {
      const scale = Math.max(x.scale, y.scale);
      const type = decimal(Math.min(38, x.precision + y.scale + Math.max(y.scale - x.scale, 0)), scale);
      const rescale = scale - x.scale + y.scale;
      const quotient = `CAST(trino_decimal_divide(${a}, ${b}, ${rescale}, ${scale}) AS ${duckType(type)})`;
      return { type, sql: context.tryMode ? `CASE WHEN ${b} = 0 THEN NULL ELSE ${quotient} END` : quotient };
    }
    case '%': {
      const scale = Math.max(x.scale, y.scale);
      const type = decimal(Math.min(38, Math.min(x.precision - x.scale, y.precision - y.scale) + scale), scale);
      return { type, sql: fail(context, `${b} = 0`, 'DIVISION_BY_ZERO', 'Division by zero', `CAST(${a} % ${b} AS ${duckType(type)})`) };
    }
  }
}

function temporalArithmetic(operator: ArithmeticOperator, left: Typed, right: Typed, context: OperatorContext): Typed | undefined {
  const l = left.type;
  const r = right.type;
  const ds = (type: TrinoType) => type.name === 'interval day to second';
  const ym = (type: TrinoType) => type.name === 'interval year to month';
  const interval = (type: TrinoType) => ds(type) || ym(type);
  const sign = operator === '-' ? '-' : '+';
  if ((operator === '+' || operator === '-') && interval(r)) {
    if (l.name === 'date') {
      const value = `CAST(${left.sql} ${sign} ${right.sql} AS DATE)`;
      if (ym(r)) return { type: l, sql: value };
      return {
        type: l,
        sql: fail(
          context,
          `epoch_us(${right.sql}) % 86400000000 <> 0`,
          'INVALID_FUNCTION_ARGUMENT',
          'Cannot add hour, minutes or seconds to a date',
          value,
        ),
      };
    }
    if (l.name === 'timestamp' && !l.withTimeZone) return { type: l, sql: `(${left.sql} ${sign} ${right.sql})` };
    if (isTimestampWithZone(l)) {
      const instant = ds(r)
        ? `(${left.sql}."instant" ${sign} ${right.sql})`
        : `trino_instant_at(trino_local(${left.sql}) ${sign} ${right.sql}, ${left.sql}."zone")`;
      return { type: l, sql: `trino_tstz(${instant}, ${left.sql}."zone")` };
    }
    if (l.name === 'time' && ds(r)) return { type: l, sql: `(${left.sql} ${sign} ${right.sql})` };
    if (l.name === r.name) return { type: l, sql: `(${left.sql} ${sign} ${right.sql})` };
  }
  if (operator === '+' && interval(l) && ['date', 'timestamp', 'time'].includes(r.name))
    return temporalArithmetic('+', right, left, context);
  if (operator === '-' && l.name === 'timestamp' && r.name === 'timestamp' && l.withTimeZone === r.withTimeZone) {
    const a = l.withTimeZone ? `${left.sql}."instant"` : left.sql;
    const b = r.withTimeZone ? `${right.sql}."instant"` : right.sql;
    return { type: { name: 'interval day to second' }, sql: `to_microseconds(epoch_us(${a}) - epoch_us(${b}))` };
  }
  if (
    interval(l) &&
    (isIntegerType(r) || r.name === 'double' || r.name === 'real' || r.name === 'decimal') &&
    (operator === '*' || operator === '/')
  ) {
    return { type: l, sql: scaleInterval(left, right, operator, context) };
  }
  if (operator === '*' && interval(r) && (isIntegerType(l) || l.name === 'double' || l.name === 'real' || l.name === 'decimal')) {
    return { type: r, sql: scaleInterval(right, left, '*', context) };
  }
  return undefined;
}

function scaleInterval(interval: Typed, factor: Typed, operator: '*' | '/', context: OperatorContext): string {
  const number = castSql(factor, DOUBLE, 'implicit');
  if (interval.type.name === 'interval year to month') {
    const months = `(datepart('year', ${interval.sql}) * 12 + datepart('month', ${interval.sql}))`;
    return `to_months(CAST(trunc(${months} ${operator} ${number}) AS INTEGER))`;
  }
  const value = `to_microseconds(CAST(round(epoch_us(${interval.sql}) ${operator} ${number}) AS BIGINT))`;
  return operator === '/' ? fail(context, `${number} = 0`, 'DIVISION_BY_ZERO', 'Division by zero', value) : value;
}

export function negate(value: Typed, position: number): Typed {
  const type = value.type;
  if (isIntegerType(type) || type.name === 'decimal' || type.name === 'real' || type.name === 'double')
    return { type, sql: `(-${value.sql})`, literal: typeof value.literal === 'number' ? -value.literal : undefined };
  if (type.name === 'interval day to second' || type.name === 'interval year to month') return { type, sql: `(-${value.sql})` };
  if (type.name === 'unknown') return value;
  throw new SemanticError('TYPE_MISMATCH', `Cannot negate ${typeName(type)}`, position);
}

/** `left op right` after coercion to the common super type; tstz compares instants. */
export function compare(
  operator: ComparisonOperator | 'IS DISTINCT FROM' | 'IS NOT DISTINCT FROM',
  left: Typed,
  right: Typed,
  position: number,
): Typed {
  const common = commonSuperType(left.type, right.type);
  const displayed = operator === '<>' ? '<>' : operator;
  if (!common) throw cannotApply(displayed, left.type, right.type, position);
  const ordering = operator === '<' || operator === '<=' || operator === '>' || operator === '>=';
  if (ordering ? !isOrderable(common) : !isComparable(common)) throw cannotApply(displayed, left.type, right.type, position);
  const a = comparable(coerce(left, common));
  const b = comparable(coerce(right, common));
  return { type: { name: 'boolean' }, sql: `(${a} ${operator} ${b})` };
}

/** The SQL to compare or sort by: a timestamp with time zone compares by its instant. */
export function comparable(value: Typed): string {
  return isTimestampWithZone(value.type) ? `(${value.sql})."instant"` : value.sql;
}

/** `a || b`: strings (NULL if either is NULL), arrays, or an element with an array. */
export function concatenate(left: Typed, right: Typed, position: number): Typed {
  const l = left.type;
  const r = right.type;
  const stringLike = (type: TrinoType) => isCharacter(type) || type.name === 'unknown';
  if (stringLike(l) && stringLike(r)) {
    return { type: varchar(), sql: `(${left.sql} || ${right.sql})` };
  }
  if (l.name === 'varbinary' && r.name === 'varbinary') return { type: l, sql: `(${left.sql} || ${right.sql})` };
  if (l.name === 'array' && r.name === 'array') {
    const common = commonSuperType(l, r);
    if (!common) throw concatMismatch(l, r, position);
    const [a, b] = [coerce(left, common).sql, coerce(right, common).sql];
    return { type: common, sql: `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN NULL ELSE list_concat(${a}, ${b}) END` };
  }
  if (l.name === 'array' || r.name === 'array') {
    const array = l.name === 'array' ? left : right;
    const element = l.name === 'array' ? right : left;
    const elementType = array.type.name === 'array' ? array.type.element : { name: 'unknown' as const };
    const common = commonSuperType(elementType, element.type);
    if (!common) throw concatMismatch(l, r, position);
    const arrayType: TrinoType = { name: 'array', element: common };
    const a = coerce(array, arrayType).sql;
    const e = coerce(element, common).sql;
    const sql = l.name === 'array' ? `list_append(${a}, ${e})` : `list_prepend(${e}, ${a})`;
    return { type: arrayType, sql: `CASE WHEN ${a} IS NULL THEN NULL ELSE ${sql} END` };
  }
  throw concatMismatch(l, r, position);
}

function concatMismatch(left: TrinoType, right: TrinoType, position: number): SemanticError {
  return new SemanticError(
    'FUNCTION_NOT_FOUND',
    `Unexpected parameters (${typeName(left)}, ${typeName(right)}) for function concat. Expected: concat(E, array(E)) E, concat(array(E)) E, concat(array(E), E) E, concat(char(x), char(y)), concat(varbinary), concat(varchar)`,
    position,
  );
}
