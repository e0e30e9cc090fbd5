import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canCoerce, commonSuperType } from '../../../sandbox/services/athena/trino/coercion';
import { javaFormatToFmt, UnsupportedJavaFormat } from '../../../sandbox/services/athena/trino/functions/java-format';
import {
  BIGINT,
  decimal,
  DOUBLE,
  duckType,
  hiveTypeName,
  INTEGER,
  parseType,
  REAL,
  timestamp,
  TypeParseError,
  typeName,
  UnsupportedHiveType,
  VARCHAR,
  varchar,
} from '../../../sandbox/services/athena/trino/types';

describe('Trino types', () => {
  it('parses and names types as Trino spells them', () => {
    for (const text of [
      'varchar(3)',
      'decimal(10,2)',
      'array(map(varchar, bigint))',
      'row(a integer, b array(double))',
      'timestamp(6) with time zone',
    ])
      assert.equal(typeName(parseType(text)), text);
    assert.equal(typeName(parseType('DECIMAL')), 'decimal(38,0)');
    assert.equal(typeName(parseType('timestamp')), 'timestamp(3)');
    assert.throws(() => parseType('integr'), TypeParseError);
  });

  it('reads Hive column types (string, int, struct) as Athena does', () => {
    assert.deepEqual(parseType('string', 'hive'), VARCHAR);
    assert.deepEqual(parseType('int', 'hive'), INTEGER);
    assert.deepEqual(parseType('float', 'hive'), REAL);
    assert.equal(typeName(parseType('struct<a:int,b:array<string>>', 'hive')), 'row(a integer, b array(varchar))');
    assert.equal(hiveTypeName(parseType('row(a integer, b varchar)')), 'struct<a:int,b:string>');
    assert.equal(hiveTypeName(varchar(3)), 'varchar(3)');
    assert.throws(() => hiveTypeName(timestamp(3, true)), UnsupportedHiveType);
  });

  it('maps each type to a DuckDB type', () => {
    assert.equal(duckType(decimal(10, 2)), 'DECIMAL(10,2)');
    assert.equal(duckType(REAL), 'FLOAT');
    assert.equal(duckType(varchar(3)), 'VARCHAR');
  });

  it('coerces implicitly only where Trino does', () => {
    assert.ok(canCoerce(INTEGER, BIGINT));
    assert.ok(canCoerce(BIGINT, DOUBLE));
    assert.ok(canCoerce(varchar(3), VARCHAR));
    assert.ok(!canCoerce(VARCHAR, INTEGER), 'no implicit cast from varchar to a number');
    assert.ok(!canCoerce(DOUBLE, BIGINT));
    assert.equal(typeName(commonSuperType(INTEGER, decimal(10, 2))!), 'decimal(12,2)');
    assert.equal(typeName(commonSuperType(varchar(2), varchar(5))!), 'varchar(5)');
    assert.equal(commonSuperType(VARCHAR, INTEGER), undefined);
  });
});

describe('format() patterns', () => {
  it('turns Java format specifiers into fmt ones', () => {
    assert.deepEqual(javaFormatToFmt('%s %d %05.2f %-7s%%'), {
      pattern: '{0} {1:d} {2:05.2f} {3:<7}%',
      textArguments: new Map([
        [0, { upper: false }],
        [3, { upper: false }],
      ]),
    });
    assert.equal(javaFormatToFmt('%2$s %1$s {x}').pattern, '{1} {0} {{x}}');
  });

  it('reports the specifiers it cannot render, so the call is refused by name', () => {
    assert.throws(() => javaFormatToFmt('%,d'), UnsupportedJavaFormat);
    assert.throws(() => javaFormatToFmt('%tY'), UnsupportedJavaFormat);
  });
});
