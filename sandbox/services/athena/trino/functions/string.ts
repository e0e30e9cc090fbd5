import { quoteString } from '../../sql-lexer';
import { SemanticError } from '../syntax-error';
import { varchar } from '../types';
import { castSql } from '../casts';
import { joined } from './arrays';
import { javaFormatToFmt, UnsupportedJavaFormat } from './java-format';
import { call, constantString, failWhen, type Bound, type FunctionRegistry } from './registry';

/**
 * Trino's string functions (functions/string.md, conversion.md's format) with Trino's edge
 * semantics: NULL from concat when an argument is NULL, `split_part` past the end is NULL,
 * substr with start 0 is empty, trim removes Java whitespace, and the errors Trino raises for an
 * empty delimiter or pad string.
 */
const WHITESPACE =
  ' \t\n\u000b\f\r\u001c\u001d\u001e\u001f\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000';

export function registerStrings(registry: FunctionRegistry): void {
  registry.scalar('chr(bigint) -> varchar(1)', (b) =>
    failWhen(
      b,
      `${a(b, 0)} < 0 OR ${a(b, 0)} > 1114111`,
      `'Not a valid Unicode code point: ' || ${a(b, 0)}`,
      `chr(CAST(${a(b, 0)} AS INTEGER))`,
    ),
  );
  registry.scalar('codepoint(varchar(1)) -> integer', (b) => `unicode(${a(b, 0)})`);
  registry.scalar('concat(varchar...) -> varchar', (b) => `(${b.args.map((arg) => arg.sql).join(' || ')})`, { check: atLeastTwo });
  registry.scalar('concat(char(x), char(y))', (b) => `(${a(b, 0)} || ${a(b, 1)})`, {
    returns: (b) => ({ name: 'char', length: (b.bindings.literals.get('x') ?? 0) + (b.bindings.literals.get('y') ?? 0) }),
  });
  registry.scalar('concat_ws(varchar, varchar...) -> varchar', call('concat_ws'));
  registry.scalar('concat_ws(varchar, array(varchar)) -> varchar', (b) => {
    const value = b.call.names.variable('v');
    return joined(b, `list_filter(${a(b, 1)}, lambda ${value}: ${value} IS NOT NULL)`, a(b, 0));
  });
  registry.scalar('starts_with(varchar(x), varchar(y)) -> boolean', call('starts_with'));
  registry.scalar('ends_with(varchar(x), varchar(y)) -> boolean', call('ends_with'));
  registry.scalar('hamming_distance(varchar(x), varchar(y)) -> bigint', (b) =>
    failWhen(
      b,
      `length(${a(b, 0)}) <> length(${a(b, 1)})`,
      `'The input strings to hamming_distance function must have the same length'`,
      `CAST(hamming(${a(b, 0)}, ${a(b, 1)}) AS BIGINT)`,
    ),
  );
  registry.scalar('levenshtein_distance(varchar(x), varchar(y)) -> bigint', (b) => `CAST(levenshtein(${a(b, 0)}, ${a(b, 1)}) AS BIGINT)`);
  registry.scalar('length(varchar(x)) -> bigint', (b) => `CAST(length(${a(b, 0)}) AS BIGINT)`);
  registry.scalar('length(char(x)) -> bigint', (b) => `CAST(length(${a(b, 0)}) AS BIGINT)`);
  registry.scalar('length(varbinary) -> bigint', (b) => `CAST(octet_length(${a(b, 0)}) AS BIGINT)`);
  registry.scalar('lower(varchar(x)) -> varchar(x)', call('lower'));
  registry.scalar('upper(varchar(x)) -> varchar(x)', call('upper'));
  registry.scalar('lower(char(x)) -> char(x)', call('lower'));
  registry.scalar('upper(char(x)) -> char(x)', call('upper'));
  for (const side of ['lpad', 'rpad']) {
    registry.scalar(`${side}(varchar(x), bigint, varchar(y)) -> varchar`, (b) =>
      failWhen(
        b,
        `${a(b, 1)} < 0 OR ${a(b, 1)} > 2147483647`,
        `'Target length must be in the range [0..2147483647]'`,
        failWhen(
          b,
          `${a(b, 2)} = ''`,
          `'Padding string must not be empty'`,
          `${side}(${a(b, 0)}, CAST(${a(b, 1)} AS INTEGER), ${a(b, 2)})`,
        ),
      ),
    );
  }
  const whitespace = quoteString(WHITESPACE);
  for (const [name, fn] of [
    ['trim', 'trim'],
    ['ltrim', 'ltrim'],
    ['rtrim', 'rtrim'],
  ] as const) {
    registry.scalar(`${name}(varchar(x)) -> varchar(x)`, (b) => `${fn}(${a(b, 0)}, ${whitespace})`);
    registry.scalar(`${name}(varchar(x), varchar(y)) -> varchar(x)`, (b) => `${fn}(${a(b, 0)}, ${a(b, 1)})`);
    registry.scalar(`${name}(char(x)) -> char(x)`, (b) => `${fn}(${a(b, 0)}, ${whitespace})`);
  }
  registry.scalar('replace(varchar(x), varchar(y)) -> varchar(x)', (b) => replace(a(b, 0), a(b, 1), "''"));
  registry.scalar('replace(varchar(x), varchar(y), varchar(z))', (b) => replace(a(b, 0), a(b, 1), a(b, 2)), {
    returns: (b) => {
      const x = b.bindings.literals.get('x');
      const z = b.bindings.literals.get('z');
      return x === undefined || z === undefined ? varchar() : varchar(Math.min(2147483647, x + z * (x + 1)));
    },
  });
  registry.scalar('reverse(varchar(x)) -> varchar(x)', call('reverse'));
  registry.scalar('split(varchar(x), varchar(y)) -> array(varchar(x))', (b) =>
    failWhen(b, `${a(b, 1)} = ''`, `'The delimiter may not be the empty string'`, `string_split(${a(b, 0)}, ${a(b, 1)})`),
  );
  registry.scalar('split(varchar(x), varchar(y), bigint) -> array(varchar(x))', (b) => {
    const parts = `string_split(${a(b, 0)}, ${a(b, 1)})`;
    const limit = a(b, 2);
    return failWhen(
      b,
      `${limit} <= 0`,
      `'Limit must be positive'`,
      failWhen(
        b,
        `${a(b, 1)} = ''`,
        `'The delimiter may not be the empty string'`,
        `CASE WHEN len(${parts}) <= ${limit} THEN ${parts} ELSE list_append(list_slice(${parts}, 1, ${limit} - 1), array_to_string(list_slice(${parts}, ${limit}, len(${parts})), ${a(b, 1)})) END`,
      ),
    );
  });
  registry.scalar('split_part(varchar(x), varchar(y), bigint) -> varchar(x)', (b) =>
    failWhen(
      b,
      `${a(b, 2)} <= 0`,
      `'Index must be greater than zero'`,
      `CASE WHEN ${a(b, 1)} = '' THEN (CASE WHEN ${a(b, 2)} = 1 THEN ${a(b, 0)} END) ELSE string_split(${a(b, 0)}, ${a(b, 1)})[${a(b, 2)}] END`,
    ),
  );
  registry.scalar('split_to_map(varchar, varchar, varchar) -> map(varchar,varchar)', (b) => {
    const [text, entry, pair] = [a(b, 0), a(b, 1), a(b, 2)];
    const entries = `list_filter(string_split(${text}, ${entry}), lambda e: e <> '')`;
    return failWhen(
      b,
      `list_bool_or(list_transform(${entries}, lambda e: len(string_split(e, ${pair})) <> 2))`,
      `'Key-value delimiter must appear exactly once in each entry. Bad input: ' || ${text}`,
      failWhen(
        b,
        `len(list_distinct(list_transform(${entries}, lambda e: split_part(e, ${pair}, 1)))) <> len(${entries})`,
        `'Duplicate keys (' || ${text} || ') are not allowed'`,
        `map_from_entries(list_transform(${entries}, lambda e: struct_pack("key" := split_part(e, ${pair}, 1), "value" := split_part(e, ${pair}, 2))))`,
      ),
    );
  });
  registry.scalar('strpos(varchar(x), varchar(y)) -> bigint', (b) => `CAST(strpos(${a(b, 0)}, ${a(b, 1)}) AS BIGINT)`);
  registry.scalar('strpos(varchar(x), varchar(y), bigint) -> bigint', (b) =>
    failWhen(
      b,
      `${a(b, 2)} = 0`,
      `'''instance'' must be a positive or negative number.'`,
      `trino_strpos(${a(b, 0)}, ${a(b, 1)}, ${a(b, 2)})`,
    ),
  );
  for (const name of ['substr', 'substring']) {
    registry.scalar(`${name}(varchar(x), bigint) -> varchar(x)`, (b) => `trino_substr(${a(b, 0)}, ${a(b, 1)}, 2147483647)`);
    registry.scalar(`${name}(varchar(x), bigint, bigint) -> varchar(x)`, (b) => `trino_substr(${a(b, 0)}, ${a(b, 1)}, ${a(b, 2)})`);
    registry.scalar(`${name}(char(x), bigint) -> varchar(x)`, (b) => `trino_substr(${a(b, 0)}, ${a(b, 1)}, 2147483647)`);
    registry.scalar(`${name}(char(x), bigint, bigint) -> varchar(x)`, (b) => `trino_substr(${a(b, 0)}, ${a(b, 1)}, ${a(b, 2)})`);
  }
  registry.scalar('translate(varchar(x), varchar(y), varchar(z)) -> varchar', call('translate'));
  registry.scalar('normalize(varchar(x)) -> varchar', call('nfc_normalize'));
  registry.scalar('normalize(varchar(x), varchar(y)) -> varchar', (b) => `nfc_normalize(${a(b, 0)})`, {
    check: (b) => {
      if (constantString(b, 1, 'the normalization form') !== 'NFC')
        throw new SemanticError('NOT_SUPPORTED', 'The postflight sandbox supports only the NFC form of normalize', b.call.node.start);
    },
  });
  registry.scalar('to_utf8(varchar(x)) -> varbinary', call('encode'));
  registry.scalar('from_utf8(varbinary) -> varchar', call('decode'));
  registry.scalar('luhn_check(varchar) -> boolean', (b) => `trino_luhn_check(${a(b, 0)})`);
  registry.scalar('format(varchar(x), any...) -> varchar', (b) => {
    const pattern = constantString(b, 0, 'the format string');
    let fmt: ReturnType<typeof javaFormatToFmt>;
    try {
      fmt = javaFormatToFmt(pattern);
    } catch (error) {
      if (error instanceof UnsupportedJavaFormat)
        throw new SemanticError(
          'NOT_SUPPORTED',
          `The postflight sandbox cannot format ${error.message} as Java's Formatter does`,
          b.call.node.start,
        );
      throw error;
    }
    // %s prints a value as Trino casts it to varchar (1.0E20, not 1e+20).
    const args = b.args.slice(1).map((arg, index) => {
      const text = fmt.textArguments.get(index);
      if (!text) return arg.sql;
      const value = castSql(arg, varchar(), 'cast');
      return text.upper ? `upper(${value})` : value;
    });
    return `format(${quoteString(fmt.pattern)}${args.map((arg) => `, ${arg}`).join('')})`;
  });
  registry.scalar('format_number(bigint) -> varchar', (b) => `trino_format_number(CAST(${a(b, 0)} AS DOUBLE))`);
  registry.scalar('format_number(double) -> varchar', (b) => `trino_format_number(${a(b, 0)})`);
}

function a(bound: Bound, index: number): string {
  return bound.args[index]?.sql ?? 'NULL';
}

function atLeastTwo(bound: Bound): void {
  if (bound.args.length < 2)
    throw new SemanticError('INVALID_FUNCTION_ARGUMENT', 'There must be two or more concatenation arguments', bound.call.node.start);
}

/** Trino replaces an empty search string between every character (and at both ends). */
function replace(text: string, search: string, replacement: string): string {
  return `CASE WHEN ${search} = '' THEN (CASE WHEN ${text} = '' THEN ${replacement} ELSE ${replacement} || array_to_string(string_split(${text}, ''), ${replacement}) || ${replacement} END) ELSE replace(${text}, ${search}, ${replacement}) END`;
}
