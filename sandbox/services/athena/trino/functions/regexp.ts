import { quoteString } from '../../sql-lexer';
import { SemanticError } from '../syntax-error';
import { call, failWhen, type Bound, type FunctionRegistry } from './registry';

/**
 * Trino's regular-expression functions (functions/regexp.md) on DuckDB's RE2. The common syntax is
 * shared; what RE2 lacks (look-around, back-references, possessive quantifiers) is refused by name
 * when the pattern is a literal. Java's `$1` / `${name}` replacements become RE2's `\1`.
 */
export function registerRegexp(registry: FunctionRegistry): void {
  const checked = { check: checkPattern };
  registry.scalar('regexp_like(varchar(x), varchar(y)) -> boolean', call('regexp_matches'), checked);
  registry.scalar(
    'regexp_count(varchar(x), varchar(y)) -> bigint',
    (b) => `CAST(len(regexp_extract_all(${a(b, 0)}, ${a(b, 1)})) AS BIGINT)`,
    checked,
  );
  registry.scalar(
    'regexp_extract(varchar(x), varchar(y)) -> varchar(x)',
    (b) => `CASE WHEN regexp_matches(${a(b, 0)}, ${a(b, 1)}) THEN regexp_extract(${a(b, 0)}, ${a(b, 1)}) END`,
    checked,
  );
  registry.scalar(
    'regexp_extract(varchar(x), varchar(y), bigint) -> varchar(x)',
    (b) => `CASE WHEN regexp_matches(${a(b, 0)}, ${a(b, 1)}) THEN regexp_extract(${a(b, 0)}, ${a(b, 1)}, CAST(${a(b, 2)} AS INTEGER)) END`,
    checked,
  );
  registry.scalar('regexp_extract_all(varchar(x), varchar(y)) -> array(varchar(x))', call('regexp_extract_all'), checked);
  registry.scalar(
    'regexp_extract_all(varchar(x), varchar(y), bigint) -> array(varchar(x))',
    (b) => `regexp_extract_all(${a(b, 0)}, ${a(b, 1)}, CAST(${a(b, 2)} AS INTEGER))`,
    checked,
  );
  registry.scalar('regexp_position(varchar(x), varchar(y)) -> integer', (b) => position(a(b, 0), a(b, 1), '1', '1'), checked);
  registry.scalar(
    'regexp_position(varchar(x), varchar(y), integer) -> integer',
    (b) => failWhen(b, `${a(b, 2)} < 1`, `'start must be positive'`, position(a(b, 0), a(b, 1), a(b, 2), '1')),
    checked,
  );
  registry.scalar(
    'regexp_position(varchar(x), varchar(y), integer, integer) -> integer',
    (b) =>
      failWhen(
        b,
        `${a(b, 2)} < 1`,
        `'start must be positive'`,
        failWhen(b, `${a(b, 3)} < 1`, `'occurrence must be positive'`, position(a(b, 0), a(b, 1), a(b, 2), a(b, 3))),
      ),
    checked,
  );
  registry.scalar(
    'regexp_replace(varchar(x), varchar(y)) -> varchar(x)',
    (b) => `regexp_replace(${a(b, 0)}, ${a(b, 1)}, '', 'g')`,
    checked,
  );
  registry.scalar(
    'regexp_replace(varchar(x), varchar(y), varchar(z)) -> varchar',
    (b) => `regexp_replace(${a(b, 0)}, ${a(b, 1)}, ${replacement(b)}, 'g')`,
    checked,
  );
  registry.scalar('regexp_split(varchar(x), varchar(y)) -> array(varchar(x))', call('regexp_split_to_array'), checked);
}

function a(bound: Bound, index: number): string {
  return bound.args[index]?.sql ?? 'NULL';
}

/** Position (1-based) of the n-th match at or after `start`; -1 when there is none. */
function position(text: string, pattern: string, start: string, occurrence: string): string {
  const tail = `substr(${text}, ${start})`;
  const prefix = `'(?s)^((?:.*?(?:' || ${pattern} || ')){' || (${occurrence} - 1) || '}.*?)(?:' || ${pattern} || ')'`;
  return `CASE WHEN regexp_matches(${tail}, ${prefix}) THEN CAST(length(regexp_extract(${tail}, ${prefix}, 1)) + ${start} AS INTEGER) ELSE -1 END`;
}

/** Java replacement syntax → RE2: `$1` → `\1`, `${name}` is refused, `\$` → `$`. */
function replacement(bound: Bound): string {
  const literal = bound.original[2]?.literal;
  if (typeof literal === 'string') {
    if (/\$\{/.test(literal))
      throw new SemanticError(
        'NOT_SUPPORTED',
        'The postflight sandbox does not support named groups in regexp_replace replacements',
        bound.call.node.start,
      );
    // `\$` is a literal dollar sign, `$n` a group.
    const parts = literal.split('\\$').map((part) => part.replace(/\$(\d)/g, '\\$1'));
    return quoteString(parts.join('$'));
  }
  return `regexp_replace(${a(bound, 2)}, '\\$(\\d)', '\\\\\\1', 'g')`;
}

/** Java regex constructs RE2 does not have. */
function checkPattern(bound: Bound): void {
  const pattern = bound.original[1]?.literal;
  if (typeof pattern !== 'string') return;
  if (/\(\?<?[=!]|\\[1-9]|[*+?}]\+|\\[ZzG]|\(\?>/.test(pattern)) {
    throw new SemanticError(
      'NOT_SUPPORTED',
      `The postflight sandbox cannot evaluate the pattern '${pattern}' (look-around, back-references and possessive quantifiers are not supported)`,
      bound.call.node.start,
    );
  }
}
