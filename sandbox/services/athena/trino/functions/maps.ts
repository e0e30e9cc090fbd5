import { quoteIdentifier } from '../../sql-lexer';
import { rowField, type TrinoType } from '../types';
import { distinctInOrder } from './arrays';
import { failWhen, inlineLambda, type Bound, type FunctionRegistry } from './registry';

/**
 * Trino's map functions (functions/map.md). A map's keys are distinct and not NULL: building one
 * otherwise fails as Trino does. Entries are anonymous rows (`field0`, `field1`).
 */
export function registerMaps(registry: FunctionRegistry): void {
  registry.scalar('map() -> map(unknown,unknown)', () => 'map()');
  registry.scalar('map(array(K), array(V)) -> map(K,V)', (b) => {
    const [keys, values] = [a(b, 0), a(b, 1)];
    return failWhen(
      b,
      `len(${keys}) <> len(${values})`,
      `'Key and value arrays must be the same length'`,
      failWhen(
        b,
        `list_position(${keys}, NULL) IS NOT NULL`,
        `'map key cannot be null'`,
        failWhen(b, `len(list_distinct(${keys})) <> len(${keys})`, `'Duplicate map keys are not allowed'`, `map(${keys}, ${values})`),
      ),
    );
  });
  registry.scalar('map_from_entries(array(row(K,V))) -> map(K,V)', (b) => {
    const entry = b.call.names.variable('entry');
    const keys = `list_transform(${a(b, 0)}, lambda ${entry}: ${key(b, entry)})`;
    return failWhen(
      b,
      `len(list_distinct(${keys})) <> len(${keys}) OR list_position(${keys}, NULL) IS NOT NULL`,
      `'Duplicate keys are not allowed'`,
      `map_from_entries(${a(b, 0)})`,
    );
  });
  registry.scalar('multimap_from_entries(array(row(K,V))) -> map(K,array(V))', (b) => {
    const [name, entry] = [b.call.names.variable('key'), b.call.names.variable('entry')];
    const keys = distinctInOrder(b, `list_transform(${a(b, 0)}, lambda ${entry}: ${key(b, entry)})`);
    return `map(${keys}, list_transform(${keys}, lambda ${name}: list_transform(list_filter(${a(b, 0)}, lambda ${entry}: ${key(b, entry)} = ${name}), lambda ${entry}: ${value(b, entry)})))`;
  });
  registry.scalar('map_entries(map(K,V)) -> array(row(K,V))', (b) => {
    const entry = b.call.names.variable('entry');
    return `list_transform(map_entries(${a(b, 0)}), lambda ${entry}: struct_pack(${quoteIdentifier('field0')} := ${entry}."key", ${quoteIdentifier('field1')} := ${entry}."value"))`;
  });
  registry.scalar('map_concat(map(K,V)...) -> map(K,V)', (b) =>
    b.args.length === 1 ? a(b, 0) : `map_concat(${b.args.map((arg) => arg.sql).join(', ')})`,
  );
  registry.scalar('map_keys(map(K,V)) -> array(K)', (b) => `map_keys(${a(b, 0)})`);
  registry.scalar('map_values(map(K,V)) -> array(V)', (b) => `map_values(${a(b, 0)})`);
  registry.scalar('map_filter(map(K,V), function(K,V,boolean)) -> map(K,V)', (b) => {
    const entry = b.call.names.variable('entry');
    const keep = inlineLambda(b, 0, [`${entry}."key"`, `${entry}."value"`]);
    return `map_from_entries(list_filter(map_entries(${a(b, 0)}), lambda ${entry}: ${keep}))`;
  });
  registry.scalar('transform_keys(map(K1,V), function(K1,V,K2)) -> map(K2,V)', (b) => {
    const entry = b.call.names.variable('entry');
    const key = inlineLambda(b, 0, [`${entry}."key"`, `${entry}."value"`]);
    return `map_from_entries(list_transform(map_entries(${a(b, 0)}), lambda ${entry}: struct_pack("key" := ${key}, "value" := ${entry}."value")))`;
  });
  registry.scalar('transform_values(map(K,V1), function(K,V1,V2)) -> map(K,V2)', (b) => {
    const entry = b.call.names.variable('entry');
    const value = inlineLambda(b, 0, [`${entry}."key"`, `${entry}."value"`]);
    return `map_from_entries(list_transform(map_entries(${a(b, 0)}), lambda ${entry}: struct_pack("key" := ${entry}."key", "value" := ${value})))`;
  });
  registry.scalar('map_zip_with(map(K,V1), map(K,V2), function(K,V1,V2,V3)) -> map(K,V3)', (b) => {
    const key = b.call.names.variable('key');
    const keys = distinctInOrder(b, `list_concat(map_keys(${a(b, 0)}), map_keys(${a(b, 1)}))`);
    const value = inlineLambda(b, 0, [key, `${a(b, 0)}[${key}]`, `${a(b, 1)}[${key}]`]);
    return `map(${keys}, list_transform(${keys}, lambda ${key}: ${value}))`;
  });
}

/** The key / value of an entry of `array(row(K,V))` (the row's fields, named or not). */
function key(bound: Bound, entry: string): string {
  return rowField(entry, entryType(bound), 0);
}

function value(bound: Bound, entry: string): string {
  return rowField(entry, entryType(bound), 1);
}

function entryType(bound: Bound): TrinoType {
  const array = bound.args[0]!.type;
  return array.name === 'array' ? array.element : { name: 'unknown' };
}

function a(bound: Bound, index: number): string {
  return bound.args[index]?.sql ?? 'NULL';
}
