import { SemanticError } from '../syntax-error';
import { distinctInOrder } from './arrays';
import { aggregate, aggregateCall, type Bound, type FunctionRegistry } from './registry';
import { duckType } from '../types';

/**
 * Trino's aggregate functions (functions/aggregate.md) with Trino's result types: sum of an
 * integer is bigint and of decimal(p,s) decimal(38,s), avg of integers is double and of a decimal
 * the same decimal, count is bigint. approx_distinct answers the exact count (within any error
 * bound Trino allows) and approx_percentile the nearest-rank value; the sketches (approx_set,
 * qdigest, tdigest, checksum …) are refused by name.
 */
export function registerAggregates(registry: FunctionRegistry): void {
  registry.aggregate('count(T) -> bigint', (b) => aggregateCall('count', [a(b, 0)], b));
  registry.aggregate('count_if(boolean) -> bigint', (b) => `CAST(${aggregateCall('count_if', [a(b, 0)], b)} AS BIGINT)`);
  registry.aggregate('sum(bigint) -> bigint', (b) => `CAST(${aggregateCall('sum', [a(b, 0)], b)} AS BIGINT)`);
  registry.aggregate('sum(double) -> double', aggregate('sum'));
  registry.aggregate('sum(real) -> real', (b) => `CAST(${aggregateCall('sum', [a(b, 0)], b)} AS FLOAT)`);
  registry.aggregate(
    'sum(decimal(p,s)) -> decimal(38,s)',
    (b) => `CAST(${aggregateCall('sum', [a(b, 0)], b)} AS ${duckType(b.returnType)})`,
  );
  registry.aggregate('sum(interval day to second) -> interval day to second', aggregate('sum'));
  registry.aggregate('sum(interval year to month) -> interval year to month', aggregate('sum'));
  registry.aggregate('avg(bigint) -> double', (b) => aggregateCall('avg', [`CAST(${a(b, 0)} AS DOUBLE)`], b));
  registry.aggregate('avg(double) -> double', aggregate('avg'));
  registry.aggregate('avg(real) -> real', (b) => `CAST(${aggregateCall('avg', [a(b, 0)], b)} AS FLOAT)`);
  // Trino rounds the mean of decimals half up to the input's scale.
  registry.aggregate(
    'avg(decimal(p,s)) -> decimal(p,s)',
    (b) => `CAST(${aggregateCall('sum', [a(b, 0)], b)} / ${aggregateCall('count', [a(b, 0)], b)} AS ${duckType(b.returnType)})`,
  );
  registry.aggregate(
    'avg(interval day to second) -> interval day to second',
    (b) => `to_microseconds(CAST(${aggregateCall('avg', [`epoch_us(${a(b, 0)})`], b)} AS BIGINT))`,
  );
  for (const name of ['min', 'max']) {
    registry.aggregate(`${name}(E) -> E`, aggregate(name), { check: orderable });
    registry.aggregate(`${name}(E, bigint) -> array(E)`, aggregate(name), { check: orderable });
  }
  registry.aggregate('min_by(V, K) -> V', (b) => aggregateCall('arg_min', [a(b, 0), a(b, 1)], b));
  registry.aggregate('max_by(V, K) -> V', (b) => aggregateCall('arg_max', [a(b, 0), a(b, 1)], b));
  registry.aggregate('min_by(V, K, bigint) -> array(V)', (b) => aggregateCall('arg_min', [a(b, 0), a(b, 1), a(b, 2)], b));
  registry.aggregate('max_by(V, K, bigint) -> array(V)', (b) => aggregateCall('arg_max', [a(b, 0), a(b, 1), a(b, 2)], b));
  registry.aggregate('any_value(T) -> T', aggregate('any_value'));
  registry.alias('arbitrary', 'any_value');
  registry.aggregate('array_agg(T) -> array(T)', aggregate('array_agg'));
  registry.aggregate('bool_and(boolean) -> boolean', aggregate('bool_and'));
  registry.alias('every', 'bool_and');
  registry.aggregate('bool_or(boolean) -> boolean', aggregate('bool_or'));
  registry.aggregate('geometric_mean(double) -> double', aggregate('geomean'));
  registry.aggregate('listagg(varchar(x), varchar(y)) -> varchar', (b) => aggregateCall('string_agg', [a(b, 0), a(b, 1)], b));
  registry.aggregate('listagg(varchar(x)) -> varchar', (b) => aggregateCall('string_agg', [a(b, 0), "''"], b));
  registry.aggregate('bitwise_and_agg(bigint) -> bigint', aggregate('bit_and'));
  registry.aggregate('bitwise_or_agg(bigint) -> bigint', aggregate('bit_or'));
  registry.aggregate('bitwise_xor_agg(bigint) -> bigint', aggregate('bit_xor'));
  registry.aggregate(
    'histogram(K) -> map(K,bigint)',
    (b) => `CAST(${aggregateCall('histogram', [a(b, 0)], b)} AS ${duckType(b.returnType)})`,
  );
  registry.aggregate('map_agg(K, V) -> map(K,V)', (b) => {
    const entries = `${aggregateCall('list', [`struct_pack("key" := ${a(b, 0)}, "value" := ${a(b, 1)})`], b)}`;
    const [entry, index] = [b.call.names.variable('entry'), b.call.names.variable('i')];
    const keys = `list_transform(${entries}, lambda ${entry}: ${entry}."key")`;
    return `map_from_entries(list_filter(${entries}, lambda ${entry}, ${index}: ${entry}."key" IS NOT NULL AND list_position(${keys}, ${entry}."key") = ${index}))`;
  });
  registry.aggregate('multimap_agg(K, V) -> map(K,array(V))', (b) => {
    const entries = aggregateCall('list', [`struct_pack("key" := ${a(b, 0)}, "value" := ${a(b, 1)})`], b);
    const [entry, key] = [b.call.names.variable('entry'), b.call.names.variable('key')];
    const keys = distinctInOrder(b, `list_transform(${entries}, lambda ${entry}: ${entry}."key")`);
    return `map(${keys}, list_transform(${keys}, lambda ${key}: list_transform(list_filter(${entries}, lambda ${entry}: ${entry}."key" = ${key}), lambda ${entry}: ${entry}."value")))`;
  });
  registry.aggregate('map_union(map(K,V)) -> map(K,V)', (b) => {
    const entries = `flatten(list_transform(${aggregateCall('list', [a(b, 0)], b)}, lambda m: map_entries(m)))`;
    const [entry, index] = [b.call.names.variable('entry'), b.call.names.variable('i')];
    const keys = `list_transform(${entries}, lambda ${entry}: ${entry}."key")`;
    return `map_from_entries(list_filter(${entries}, lambda ${entry}, ${index}: list_position(${keys}, ${entry}."key") = ${index}))`;
  });
  const distinctCount = (b: Bound) =>
    `CAST(${aggregateCall('count', [a(b, 0)], { ...b, call: { ...b.call, aggregate: { ...b.call.aggregate, distinct: true } } })} AS BIGINT)`;
  registry.aggregate('approx_distinct(T) -> bigint', distinctCount);
  registry.aggregate('approx_distinct(T, double) -> bigint', distinctCount, { check: standardError });
  for (const type of ['bigint', 'double', 'real']) {
    registry.aggregate(`approx_percentile(${type}, double) -> ${type}`, (b) => aggregateCall('quantile_disc', [a(b, 0), a(b, 1)], b), {
      check: percentage,
    });
    registry.aggregate(
      `approx_percentile(${type}, array(double)) -> array(${type})`,
      (b) => aggregateCall('quantile_disc', [a(b, 0), a(b, 1)], b),
      {
        check: percentage,
      },
    );
  }
  for (const name of ['corr', 'covar_pop', 'covar_samp', 'regr_intercept', 'regr_slope'])
    registry.aggregate(`${name}(double, double) -> double`, aggregate(name));
  for (const name of ['stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'kurtosis', 'skewness'])
    registry.aggregate(`${name}(double) -> double`, aggregate(name === 'kurtosis' ? 'kurtosis' : name));
}

function a(bound: Bound, index: number): string {
  return bound.args[index]?.sql ?? 'NULL';
}

function orderable(bound: Bound): void {
  const type = bound.args[0]!.type;
  if (type.name === 'map' || type.name === 'json')
    throw new SemanticError(
      'FUNCTION_NOT_FOUND',
      `Unexpected parameters (${type.name}) for function ${bound.call.name}`,
      bound.call.node.start,
    );
}

function standardError(bound: Bound): void {
  const error = bound.original[1]?.literal;
  if (typeof error === 'number' && (error < 0.0040625 || error > 0.26))
    throw new SemanticError(
      'INVALID_FUNCTION_ARGUMENT',
      `Max standard error must be in [0.0040625, 0.26]: ${error}`,
      bound.call.node.start,
    );
}

function percentage(bound: Bound): void {
  const value = bound.original[1]?.literal;
  if (typeof value === 'number' && (value < 0 || value > 1))
    throw new SemanticError('INVALID_FUNCTION_ARGUMENT', 'Percentile must be between 0 and 1', bound.call.node.start);
}
