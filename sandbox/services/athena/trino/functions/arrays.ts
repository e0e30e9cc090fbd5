import { castSql } from '../casts';
import { fieldKey, varchar, type TrinoType } from '../types';
import { quoteIdentifier } from '../../sql-lexer';
import { failWhen, inlineLambda, lambdaSql, type Bound, type FunctionRegistry } from './registry';

/**
 * Trino's array functions (functions/array.md) with Trino's NULL and order semantics: distinct
 * keeps first occurrences (and one NULL), array_max is NULL when an element is NULL, contains is
 * NULL when the answer depends on a NULL, element_at past the end is NULL while index 0 fails.
 * Lambdas are DuckDB lambdas; a lambda applied to computed values (comparators, zip_with,
 * reduce's output function) is inlined with its parameters bound to those values.
 */
export function registerArrays(registry: FunctionRegistry): void {
  const matchCounts = (b: Bound) => {
    const results = `list_transform(${a(b, 0)}, ${lambdaSql(b, 0)})`;
    return {
      anyTrue: `len(list_filter(${results}, lambda v: v)) > 0`,
      anyFalse: `len(list_filter(${results}, lambda v: NOT v)) > 0`,
      anyNull: `len(list_filter(${results}, lambda v: v IS NULL)) > 0`,
    };
  };
  registry.scalar('all_match(array(T), function(T,boolean)) -> boolean', (b) => {
    const c = matchCounts(b);
    return `CASE WHEN ${a(b, 0)} IS NULL THEN NULL WHEN ${c.anyFalse} THEN false WHEN ${c.anyNull} THEN NULL ELSE true END`;
  });
  registry.scalar('any_match(array(T), function(T,boolean)) -> boolean', (b) => {
    const c = matchCounts(b);
    return `CASE WHEN ${a(b, 0)} IS NULL THEN NULL WHEN ${c.anyTrue} THEN true WHEN ${c.anyNull} THEN NULL ELSE false END`;
  });
  registry.scalar('none_match(array(T), function(T,boolean)) -> boolean', (b) => {
    const c = matchCounts(b);
    return `CASE WHEN ${a(b, 0)} IS NULL THEN NULL WHEN ${c.anyTrue} THEN false WHEN ${c.anyNull} THEN NULL ELSE true END`;
  });
  registry.scalar('array_distinct(array(E)) -> array(E)', (b) => distinctInOrder(b, a(b, 0)));
  registry.scalar(
    'array_intersect(array(E), array(E)) -> array(E)',
    (b) => `list_filter(${distinctInOrder(b, a(b, 0))}, lambda ${v(b)}: list_position(${a(b, 1)}, ${v(b)}) IS NOT NULL)`,
  );
  registry.scalar('array_union(array(E), array(E)) -> array(E)', (b) => distinctInOrder(b, `list_concat(${a(b, 0)}, ${a(b, 1)})`));
  registry.scalar(
    'array_except(array(E), array(E)) -> array(E)',
    (b) => `list_filter(${distinctInOrder(b, a(b, 0))}, lambda ${v(b)}: list_position(${a(b, 1)}, ${v(b)}) IS NULL)`,
  );
  registry.scalar('array_join(array(T), varchar) -> varchar', (b) => {
    const name = b.call.names.variable('element');
    const text = elementText(b, name);
    return joined(b, `list_transform(list_filter(${a(b, 0)}, lambda ${name}: ${name} IS NOT NULL), lambda ${name}: ${text})`, a(b, 1));
  });
  registry.scalar('array_join(array(T), varchar, varchar) -> varchar', (b) => {
    const name = b.call.names.variable('element');
    const text = elementText(b, name);
    return joined(b, `list_transform(${a(b, 0)}, lambda ${name}: coalesce(${text}, ${a(b, 2)}))`, a(b, 1));
  });
  for (const [name, fn] of [
    ['array_max', 'list_max'],
    ['array_min', 'list_min'],
  ] as const) {
    registry.scalar(
      `${name}(array(T)) -> T`,
      (b) => `CASE WHEN list_position(${a(b, 0)}, NULL) IS NOT NULL THEN NULL ELSE ${fn}(${a(b, 0)}) END`,
    );
  }
  registry.scalar(
    'array_position(array(T), T) -> bigint',
    (b) =>
      `CASE WHEN ${a(b, 1)} IS NULL OR ${a(b, 0)} IS NULL THEN NULL ELSE CAST(coalesce(list_position(${a(b, 0)}, ${a(b, 1)}), 0) AS BIGINT) END`,
  );
  registry.scalar(
    'array_remove(array(E), E) -> array(E)',
    (b) =>
      `CASE WHEN ${a(b, 1)} IS NULL THEN NULL ELSE list_filter(${a(b, 0)}, lambda ${v(b)}: ${v(b)} IS NULL OR ${v(b)} <> ${a(b, 1)}) END`,
  );
  registry.scalar('array_sort(array(E)) -> array(E)', (b) => `list_sort(${a(b, 0)}, 'ASC', 'NULLS LAST')`);
  registry.scalar('array_sort(array(T), function(T,T,integer)) -> array(T)', (b) => {
    // Stable sort by a comparator: each element's rank is how many elements sort before it.
    const [x, i, y, j] = ['x', 'i', 'y', 'j'].map((name) => b.call.names.variable(`sort_${name}`)) as [string, string, string, string];
    const compare = inlineLambda(b, 0, [y, x]);
    const rank = `len(list_filter(${a(b, 0)}, lambda ${y}, ${j}: (${compare}) < 0 OR ((${compare}) = 0 AND ${j} < ${i})))`;
    const pair = b.call.names.variable('sort_pair');
    return `list_transform(list_sort(list_transform(${a(b, 0)}, lambda ${x}, ${i}: struct_pack("rank" := ${rank}, "value" := ${x}))), lambda ${pair}: ${pair}."value")`;
  });
  registry.scalar('arrays_overlap(array(E), array(E)) -> boolean', (b) => {
    const common = `len(list_filter(${a(b, 0)}, lambda ${v(b)}: ${v(b)} IS NOT NULL AND list_contains(${a(b, 1)}, ${v(b)}))) > 0`;
    const nulls = `(list_position(${a(b, 0)}, NULL) IS NOT NULL OR list_position(${a(b, 1)}, NULL) IS NOT NULL)`;
    return `CASE WHEN ${a(b, 0)} IS NULL OR ${a(b, 1)} IS NULL THEN NULL WHEN ${common} THEN true WHEN ${nulls} THEN NULL ELSE false END`;
  });
  registry.scalar('cardinality(array(E)) -> bigint', (b) => `CAST(len(${a(b, 0)}) AS BIGINT)`);
  registry.scalar('cardinality(map(K,V)) -> bigint', (b) => `CAST(cardinality(${a(b, 0)}) AS BIGINT)`);
  registry.scalar('concat(array(E)...) -> array(E)', (b) => concatArrays(b.args.map((arg) => arg.sql)));
  registry.scalar(
    'concat(array(E), E) -> array(E)',
    (b) => `CASE WHEN ${a(b, 0)} IS NULL THEN NULL ELSE list_append(${a(b, 0)}, ${a(b, 1)}) END`,
  );
  registry.scalar(
    'concat(E, array(E)) -> array(E)',
    (b) => `CASE WHEN ${a(b, 1)} IS NULL THEN NULL ELSE list_prepend(${a(b, 0)}, ${a(b, 1)}) END`,
  );
  registry.scalar(
    'contains(array(T), T) -> boolean',
    (b) =>
      `CASE WHEN ${a(b, 0)} IS NULL OR ${a(b, 1)} IS NULL THEN NULL WHEN list_contains(${a(b, 0)}, ${a(b, 1)}) THEN true WHEN list_position(${a(b, 0)}, NULL) IS NOT NULL THEN NULL ELSE false END`,
  );
  registry.scalar('contains_sequence(array(T), array(T)) -> boolean', (b) => {
    const [x, seq] = [a(b, 0), a(b, 1)];
    const start = b.call.names.variable('start');
    return `(len(${seq}) = 0 OR len(list_filter(range(1, len(${x}) - len(${seq}) + 2), lambda ${start}: list_slice(${x}, ${start}, ${start} + len(${seq}) - 1) = ${seq})) > 0)`;
  });
  registry.scalar('element_at(array(E), bigint) -> E', (b) =>
    failWhen(b, `${a(b, 1)} = 0`, `'SQL array indices start at 1'`, `${a(b, 0)}[${a(b, 1)}]`),
  );
  registry.scalar('element_at(map(K,V), K) -> V', (b) => `${a(b, 0)}[${a(b, 1)}]`);
  registry.scalar('filter(array(T), function(T,boolean)) -> array(T)', (b) => `list_filter(${a(b, 0)}, ${lambdaSql(b, 0)})`);
  registry.scalar('flatten(array(array(E))) -> array(E)', (b) => `flatten(${a(b, 0)})`);
  registry.scalar('ngrams(array(T), integer) -> array(array(T))', (b) => {
    const i = b.call.names.variable('gram');
    const [x, n] = [a(b, 0), a(b, 1)];
    return failWhen(
      b,
      `${n} <= 0`,
      `'N must be positive'`,
      `CASE WHEN ${n} >= len(${x}) THEN [${x}] ELSE list_transform(range(1, len(${x}) - ${n} + 2), lambda ${i}: list_slice(${x}, ${i}, ${i} + ${n} - 1)) END`,
    );
  });
  registry.scalar('reduce(array(T), S, function(S,T,S), function(S,R)) -> R', (b) => {
    const initial = b.args[1]!;
    const reduced = `list_reduce(${a(b, 0)}, ${lambdaSql(b, 0)}, ${initial.sql})`;
    return inlineLambda(b, 1, [reduced]);
  });
  registry.scalar('repeat(T, integer) -> array(T)', (b) =>
    failWhen(
      b,
      `${a(b, 1)} < 0`,
      `'count argument of repeat function must be greater than or equal to 0'`,
      failWhen(
        b,
        `${a(b, 1)} > 10000`,
        `'count argument of repeat function must be less than or equal to 10000'`,
        `list_transform(range(0, ${a(b, 1)}), lambda ${v(b)}: ${a(b, 0)})`,
      ),
    ),
  );
  registry.scalar('reverse(array(E)) -> array(E)', (b) => `list_reverse(${a(b, 0)})`);
  registry.scalar('shuffle(array(E)) -> array(E)', (b) => {
    const pair = b.call.names.variable('pair');
    return `list_transform(list_sort(list_transform(${a(b, 0)}, lambda ${v(b)}: struct_pack("key" := random(), "value" := ${v(b)}))), lambda ${pair}: ${pair}."value")`;
  });
  registry.scalar('slice(array(E), bigint, bigint) -> array(E)', (b) => {
    const [x, start, length] = [a(b, 0), a(b, 1), a(b, 2)];
    return failWhen(
      b,
      `${start} = 0`,
      `'SQL array indices start at 1'`,
      failWhen(
        b,
        `${length} < 0`,
        `'length must be greater than or equal to 0'`,
        `CASE WHEN ${start} > 0 THEN list_slice(${x}, ${start}, ${start} + ${length} - 1)
          WHEN len(${x}) + ${start} < 0 THEN list_slice(${x}, 1, 0)
          ELSE list_slice(${x}, len(${x}) + ${start} + 1, len(${x}) + ${start} + ${length}) END`,
      ),
    );
  });
  registry.scalar('trim_array(array(E), bigint) -> array(E)', (b) =>
    failWhen(
      b,
      `${a(b, 1)} < 0 OR ${a(b, 1)} > len(${a(b, 0)})`,
      `'size must not exceed array cardinality ' || len(${a(b, 0)}) || ': ' || ${a(b, 1)}`,
      `list_slice(${a(b, 0)}, 1, len(${a(b, 0)}) - ${a(b, 1)})`,
    ),
  );
  registry.scalar('transform(array(T), function(T,U)) -> array(U)', (b) => `list_transform(${a(b, 0)}, ${lambdaSql(b, 0)})`);
  for (let count = 2; count <= 5; count++) {
    const params = Array.from({ length: count }, (_, index) => `array(T${index + 1})`).join(', ');
    const result = Array.from({ length: count }, (_, index) => `T${index + 1}`).join(',');
    registry.scalar(`zip(${params}) -> array(row(${result}))`, (b) => {
      const i = b.call.names.variable('zip');
      const longest = `greatest(${b.args.map((arg) => `len(${arg.sql})`).join(', ')})`;
      const fields = b.args.map((arg, index) => `${quoteIdentifier(fieldKey({ type: arg.type }, index))} := ${arg.sql}[${i}]`);
      return `list_transform(range(1, ${longest} + 1), lambda ${i}: struct_pack(${fields.join(', ')}))`;
    });
  }
  registry.scalar('zip_with(array(T), array(U), function(T,U,R)) -> array(R)', (b) => {
    const i = b.call.names.variable('zip');
    const body = inlineLambda(b, 0, [`${a(b, 0)}[${i}]`, `${a(b, 1)}[${i}]`]);
    return `list_transform(range(1, greatest(len(${a(b, 0)}), len(${a(b, 1)})) + 1), lambda ${i}: ${body})`;
  });
}

function a(bound: Bound, index: number): string {
  return bound.args[index]?.sql ?? 'NULL';
}

/** A fresh lambda variable name for this call. */
function v(bound: Bound): string {
  const cache = bound as Bound & { element?: string };
  cache.element ??= bound.call.names.variable('e');
  return cache.element;
}

/** Distinct elements in first-seen order, one NULL kept (list_distinct drops NULLs and reorders). */
export function distinctInOrder(bound: Bound, list: string): string {
  const [element, index] = [bound.call.names.variable('d'), bound.call.names.variable('i')];
  return `list_filter(${list}, lambda ${element}, ${index}: list_position(${list}, ${element}) = ${index})`;
}

/** Strings joined by a separator that need not be a constant (DuckDB's array_to_string wants one). */
export function joined(bound: Bound, list: string, separator: string): string {
  const [left, right] = [bound.call.names.variable('left'), bound.call.names.variable('right')];
  return `CASE WHEN ${list} IS NULL OR ${separator} IS NULL THEN NULL WHEN len(${list}) = 0 THEN '' ELSE list_reduce(${list}, lambda ${left}, ${right}: ${left} || ${separator} || ${right}) END`;
}

function concatArrays(arrays: string[]): string {
  const anyNull = arrays.map((array) => `${array} IS NULL`).join(' OR ');
  return `CASE WHEN ${anyNull} THEN NULL ELSE ${arrays.reduce((all, array) => `list_concat(${all}, ${array})`)} END`;
}

/** An element as varchar, as Trino's array_join casts it. */
function elementText(bound: Bound, name: string): string {
  const array = bound.args[0]!.type;
  const element: TrinoType = array.name === 'array' ? array.element : { name: 'unknown' };
  if (element.name === 'varchar') return name;
  return castSql({ type: element, sql: name }, varchar(), 'cast');
}
