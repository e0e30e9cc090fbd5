import { decimal, duckType, type TrinoType } from '../types';
import { call, failWhen, type Bound, type FunctionRegistry } from './registry';

/**
 * Trino's mathematical functions (functions/math.md) with its result types: abs, ceil, floor,
 * round and truncate keep the input's type (decimals get Trino's precision rules), sign of a
 * decimal is decimal(1,0), `mod` keeps the type; the rest are doubles.
 */
const INTEGERS = ['tinyint', 'smallint', 'integer', 'bigint'];
const NUMBERS = [...INTEGERS, 'real', 'double'];

export function registerMath(registry: FunctionRegistry): void {
  for (const type of NUMBERS) registry.scalar(`abs(${type}) -> ${type}`, call('abs'));
  registry.scalar('abs(decimal(p,s)) -> decimal(p,s)', call('abs'));

  for (const name of ['ceil', 'ceiling', 'floor']) {
    const fn = name === 'floor' ? 'floor' : 'ceil';
    for (const type of INTEGERS) registry.scalar(`${name}(${type}) -> ${type}`, (b) => arg(b, 0));
    for (const type of ['real', 'double']) registry.scalar(`${name}(${type}) -> ${type}`, call(fn));
    registry.scalar(`${name}(decimal(p,s))`, (b) => `CAST(${fn}(${arg(b, 0)}) AS ${duckType(b.returnType)})`, {
      returns: (b) => integralDecimal(b),
    });
  }

  for (const type of INTEGERS) {
    registry.scalar(`round(${type}) -> ${type}`, (b) => arg(b, 0));
    registry.scalar(`round(${type}, integer) -> ${type}`, (b) => `CAST(round(${arg(b, 0)}, ${arg(b, 1)}) AS ${duckType(b.returnType)})`);
  }
  // Half away from zero, as Trino rounds (NaN and infinities stay).
  registry.scalar('round(double) -> double', (b) => `round(${arg(b, 0)})`);
  registry.scalar('round(double, integer) -> double', (b) => `round(${arg(b, 0)}, ${arg(b, 1)})`);
  registry.scalar('round(real) -> real', (b) => `CAST(round(${arg(b, 0)}) AS FLOAT)`);
  registry.scalar('round(real, integer) -> real', (b) => `CAST(round(${arg(b, 0)}, ${arg(b, 1)}) AS FLOAT)`);
  registry.scalar('round(decimal(p,s))', (b) => `CAST(round(${arg(b, 0)}) AS ${duckType(b.returnType)})`, {
    returns: (b) => decimal(Math.min(38, p(b) - s(b) + Math.min(1, s(b))), 0),
  });
  // round(decimal, n) keeps decimal(p,s): the digits after n are zeroed, not removed.
  registry.scalar(
    'round(decimal(p,s), integer) -> decimal(p,s)',
    (b) => `CAST(round(${arg(b, 0)}, ${arg(b, 1)}) AS ${duckType(b.returnType)})`,
  );

  registry.scalar('truncate(double) -> double', call('trunc'));
  registry.scalar('truncate(real) -> real', call('trunc'));
  registry.scalar('truncate(decimal(p,s))', (b) => `CAST(trunc(${arg(b, 0)}) AS ${duckType(b.returnType)})`, {
    returns: (b) => decimal(Math.max(1, p(b) - s(b)), 0),
  });
  registry.scalar(
    'truncate(decimal(p,s), integer) -> decimal(p,s)',
    (b) => `CAST(trino_truncate_decimal(${arg(b, 0)}, ${arg(b, 1)}, ${s(b)}) AS ${duckType(b.returnType)})`,
  );

  for (const type of INTEGERS) registry.scalar(`sign(${type}) -> ${type}`, (b) => `CAST(sign(${arg(b, 0)}) AS ${duckType(b.returnType)})`);
  registry.scalar(
    'sign(double) -> double',
    (b) => `CASE WHEN isnan(${arg(b, 0)}) THEN ${arg(b, 0)} ELSE CAST(sign(${arg(b, 0)}) AS DOUBLE) END`,
  );
  registry.scalar('sign(real) -> real', (b) => `CAST(sign(${arg(b, 0)}) AS FLOAT)`);
  registry.scalar('sign(decimal(p,s)) -> decimal(1,0)', (b) => `CAST(sign(${arg(b, 0)}) AS DECIMAL(1,0))`);

  for (const type of INTEGERS) {
    registry.scalar(`mod(${type}, ${type}) -> ${type}`, (b) =>
      failWhen(b, `${arg(b, 1)} = 0`, `'Division by zero'`, `(${arg(b, 0)} % ${arg(b, 1)})`, 'DIVISION_BY_ZERO'),
    );
  }
  registry.scalar('mod(double, double) -> double', (b) => `fmod(${arg(b, 0)}, ${arg(b, 1)})`);
  registry.scalar('mod(real, real) -> real', (b) => `CAST(fmod(${arg(b, 0)}, ${arg(b, 1)}) AS FLOAT)`);
  registry.scalar(
    'mod(decimal(p,s), decimal(q,t))',
    (b) =>
      failWhen(
        b,
        `${arg(b, 1)} = 0`,
        `'Division by zero'`,
        `CAST(${arg(b, 0)} % ${arg(b, 1)} AS ${duckType(b.returnType)})`,
        'DIVISION_BY_ZERO',
      ),
    {
      returns: (b) => {
        const scale = Math.max(s(b), lit(b, 't'));
        return decimal(Math.min(p(b) - s(b), lit(b, 'q') - lit(b, 't')) + scale, scale);
      },
    },
  );

  const doubles: Array<[string, string]> = [
    ['cbrt', 'cbrt'],
    ['degrees', 'degrees'],
    ['exp', 'exp'],
    ['radians', 'radians'],
    ['sin', 'sin'],
    ['cos', 'cos'],
    ['tan', 'tan'],
    ['asin', 'asin'],
    ['acos', 'acos'],
    ['atan', 'atan'],
    ['sinh', 'sinh'],
    ['cosh', 'cosh'],
    ['tanh', 'tanh'],
  ];
  for (const [name, fn] of doubles) registry.scalar(`${name}(double) -> double`, call(fn));
  // Java answers NaN (or -Infinity) where DuckDB fails or answers NULL.
  registry.scalar('sqrt(double) -> double', (b) => `CASE WHEN ${arg(b, 0)} < 0 THEN 'NaN'::DOUBLE ELSE sqrt(${arg(b, 0)}) END`);
  registry.scalar('ln(double) -> double', (b) => javaLog(`ln(${arg(b, 0)})`, arg(b, 0)));
  registry.scalar('log2(double) -> double', (b) => javaLog(`log2(${arg(b, 0)})`, arg(b, 0)));
  registry.scalar('log10(double) -> double', (b) => javaLog(`log10(${arg(b, 0)})`, arg(b, 0)));
  registry.scalar(
    'log(double, double) -> double',
    (b) => `(${javaLog(`ln(${arg(b, 1)})`, arg(b, 1))} / ${javaLog(`ln(${arg(b, 0)})`, arg(b, 0))})`,
  );
  registry.scalar('atan2(double, double) -> double', call('atan2'));
  registry.scalar('power(double, double) -> double', call('pow'));
  registry.alias('pow', 'power');
  registry.scalar('pi() -> double', () => 'pi()');
  registry.scalar('e() -> double', () => 'exp(1)');
  registry.scalar('infinity() -> double', () => "'Infinity'::DOUBLE");
  registry.scalar('nan() -> double', () => "'NaN'::DOUBLE");
  registry.scalar('is_nan(double) -> boolean', call('isnan'));
  registry.scalar('is_finite(double) -> boolean', call('isfinite'));
  registry.scalar('is_infinite(double) -> boolean', call('isinf'));
  registry.scalar('random() -> double', () => 'random()');
  for (const type of INTEGERS) {
    registry.scalar(`random(${type}) -> ${type}`, (b) => `CAST(floor(random() * ${arg(b, 0)}) AS ${duckType(b.returnType)})`);
    registry.scalar(
      `random(${type}, ${type}) -> ${type}`,
      (b) => `CAST(${arg(b, 0)} + floor(random() * (${arg(b, 1)} - ${arg(b, 0)})) AS ${duckType(b.returnType)})`,
    );
  }
  registry.alias('rand', 'random');
  registry.scalar('from_base(varchar(x), bigint) -> bigint', (b) =>
    failWhen(
      b,
      `${arg(b, 1)} < 2 OR ${arg(b, 1)} > 36`,
      `'Radix must be between 2 and 36'`,
      `trino_from_base(lower(${arg(b, 0)}), ${arg(b, 1)})`,
    ),
  );
  registry.scalar('to_base(bigint, bigint) -> varchar(64)', (b) =>
    failWhen(b, `${arg(b, 1)} < 2 OR ${arg(b, 1)} > 36`, `'Radix must be between 2 and 36'`, `trino_to_base(${arg(b, 0)}, ${arg(b, 1)})`),
  );
  registry.scalar('width_bucket(double, double, double, bigint) -> bigint', (b) => {
    const [x, low, high, count] = [arg(b, 0), arg(b, 1), arg(b, 2), arg(b, 3)];
    return failWhen(
      b,
      `${count} <= 0`,
      `'bucketCount must be greater than 0'`,
      `CASE WHEN ${low} < ${high} THEN (CASE WHEN ${x} < ${low} THEN 0 WHEN ${x} >= ${high} THEN ${count} + 1 ELSE CAST(floor((${x} - ${low}) * ${count} / (${high} - ${low})) AS BIGINT) + 1 END)
        ELSE (CASE WHEN ${x} > ${low} THEN 0 WHEN ${x} <= ${high} THEN ${count} + 1 ELSE CAST(floor((${low} - ${x}) * ${count} / (${low} - ${high})) AS BIGINT) + 1 END) END`,
    );
  });
  registry.scalar('bitwise_and(bigint, bigint) -> bigint', (b) => `(${arg(b, 0)} & ${arg(b, 1)})`);
  registry.scalar('bitwise_or(bigint, bigint) -> bigint', (b) => `(${arg(b, 0)} | ${arg(b, 1)})`);
  registry.scalar('bitwise_xor(bigint, bigint) -> bigint', (b) => `xor(${arg(b, 0)}, ${arg(b, 1)})`);
  registry.scalar('bitwise_not(bigint) -> bigint', (b) => `(~${arg(b, 0)})`);
  registry.scalar('bit_count(bigint, bigint) -> bigint', (b) =>
    failWhen(
      b,
      `${arg(b, 1)} < 2 OR ${arg(b, 1)} > 64`,
      `'Bits specified in bit_count must be between 2 and 64, got ' || ${arg(b, 1)}`,
      `CAST(bit_count(CASE WHEN ${arg(b, 1)} = 64 THEN ${arg(b, 0)} ELSE ${arg(b, 0)} & ((CAST(1 AS BIGINT) << ${arg(b, 1)}) - 1) END) AS BIGINT)`,
    ),
  );
  for (const type of INTEGERS) {
    registry.scalar(`bitwise_left_shift(${type}, integer) -> ${type}`, (b) => `(${arg(b, 0)} << ${arg(b, 1)})`);
    registry.scalar(`bitwise_right_shift_arithmetic(${type}, integer) -> ${type}`, (b) => `(${arg(b, 0)} >> ${arg(b, 1)})`);
  }
}

function arg(bound: Bound, index: number): string {
  return bound.args[index]?.sql ?? 'NULL';
}

function lit(bound: Bound, name: string): number {
  return bound.bindings.literals.get(name) ?? 0;
}

function p(bound: Bound): number {
  return lit(bound, 'p');
}

function s(bound: Bound): number {
  return lit(bound, 's');
}

/** ceil / floor of decimal(p,s): decimal(p - s + min(s, 1), 0). */
function integralDecimal(bound: Bound): TrinoType {
  return decimal(Math.min(38, p(bound) - s(bound) + Math.min(s(bound), 1)), 0);
}

/** Java's Math.log: NaN below zero, -Infinity at zero (DuckDB fails). */
function javaLog(expression: string, x: string): string {
  return `CASE WHEN ${x} < 0 OR isnan(${x}) THEN 'NaN'::DOUBLE WHEN ${x} = 0 THEN '-Infinity'::DOUBLE ELSE ${expression} END`;
}
