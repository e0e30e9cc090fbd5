import {
  decimal,
  integerAsDecimal,
  isIntegerType,
  rowOf,
  sameType,
  type TrinoType,
  arrayOf,
  mapOf,
  INTEGER_TYPES,
  timestamp,
  varchar,
} from './types';

/**
 * Trino's implicit coercions (TypeCoercion): which type a value may silently become, and the
 * common super type two values meet at (for comparisons, CASE, UNION, arrays). Numbers widen
 * (tinyint → … → bigint → decimal → real → double), varchar(n) widens to longer varchars, date
 * to timestamp to timestamp with time zone, unknown (NULL) to anything, and containers element
 * by element. Characters and numbers never meet: `varchar = integer` is a TYPE_MISMATCH.
 */
export function canCoerce(from: TrinoType, to: TrinoType): boolean {
  if (sameType(from, to) || from.name === 'unknown') return true;
  const common = commonSuperType(from, to);
  return common !== undefined && sameType(common, to);
}

export function commonSuperType(a: TrinoType, b: TrinoType): TrinoType | undefined {
  if (sameType(a, b)) return a;
  if (a.name === 'unknown') return b;
  if (b.name === 'unknown') return a;
  if (isIntegerType(a) && isIntegerType(b)) {
    return INTEGER_TYPES.indexOf(a.name as never) >= INTEGER_TYPES.indexOf(b.name as never) ? a : b;
  }
  if ((isIntegerType(a) || a.name === 'decimal') && (isIntegerType(b) || b.name === 'decimal')) {
    const x = integerAsDecimal(a);
    const y = integerAsDecimal(b);
    if (x.name !== 'decimal' || y.name !== 'decimal') return undefined;
    const scale = Math.max(x.scale, y.scale);
    return decimal(Math.min(38, Math.max(x.precision - x.scale, y.precision - y.scale) + scale), scale);
  }
  const numeric = (type: TrinoType) => isIntegerType(type) || type.name === 'decimal' || type.name === 'real' || type.name === 'double';
  if (numeric(a) && numeric(b)) {
    if (a.name === 'double' || b.name === 'double') return { name: 'double' };
    return { name: 'real' };
  }
  if (a.name === 'varchar' && b.name === 'varchar') {
    if (a.length === undefined || b.length === undefined) return varchar();
    return varchar(Math.max(a.length, b.length));
  }
  if ((a.name === 'char' || a.name === 'varchar') && (b.name === 'char' || b.name === 'varchar')) {
    const length = (type: TrinoType) => (type.name === 'char' || type.name === 'varchar' ? type.length : undefined);
    const la = length(a);
    const lb = length(b);
    return { name: 'char', length: Math.max(la ?? 0, lb ?? 0) || 1 };
  }
  const temporal = (type: TrinoType) => type.name === 'date' || type.name === 'timestamp';
  if (temporal(a) && temporal(b)) {
    const precision = Math.max(a.name === 'timestamp' ? a.precision : 0, b.name === 'timestamp' ? b.precision : 0);
    const withTimeZone = (a.name === 'timestamp' && a.withTimeZone) || (b.name === 'timestamp' && b.withTimeZone);
    return timestamp(precision, withTimeZone);
  }
  if (a.name === 'time' && b.name === 'time' && a.withTimeZone === b.withTimeZone) {
    return { name: 'time', precision: Math.max(a.precision, b.precision), withTimeZone: a.withTimeZone };
  }
  if (a.name === 'array' && b.name === 'array') {
    const element = commonSuperType(a.element, b.element);
    return element && arrayOf(element);
  }
  if (a.name === 'map' && b.name === 'map') {
    const key = commonSuperType(a.key, b.key);
    const value = commonSuperType(a.value, b.value);
    return key && value && mapOf(key, value);
  }
  if (a.name === 'row' && b.name === 'row' && a.fields.length === b.fields.length) {
    const fields = [];
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i]!;
      const fb = b.fields[i]!;
      const type = commonSuperType(fa.type, fb.type);
      if (!type) return undefined;
      fields.push({ name: fa.name === fb.name ? fa.name : undefined, type });
    }
    return rowOf(fields);
  }
  return undefined;
}

/** The common super type of several types (left to right), if there is one. */
export function commonSuperTypeOf(types: TrinoType[]): TrinoType | undefined {
  let result: TrinoType | undefined = types[0];
  for (const type of types.slice(1)) {
    if (!result) return undefined;
    result = commonSuperType(result, type);
  }
  return result;
}

/** Types Trino can order and compare with `<` (not maps, JSON, …). */
export function isOrderable(type: TrinoType): boolean {
  switch (type.name) {
    case 'map':
    case 'json':
      return false;
    case 'array':
      return isOrderable(type.element);
    case 'row':
      return type.fields.every((field) => isOrderable(field.type));
    default:
      return true;
  }
}

/** Types Trino can compare with `=` (everything but JSON among the supported ones). */
export function isComparable(type: TrinoType): boolean {
  switch (type.name) {
    case 'json':
      return false;
    case 'array':
      return isComparable(type.element);
    case 'map':
      return isComparable(type.key) && isComparable(type.value);
    case 'row':
      return type.fields.every((field) => isComparable(field.type));
    default:
      return true;
  }
}
