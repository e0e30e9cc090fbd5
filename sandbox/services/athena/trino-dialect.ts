import { identifierValue, isIdentifier, isSymbol, isWord, stringValue, tokenize, quoteString, type Token } from './sql-lexer';
import { INFORMATION_SCHEMA_PREFIX, INFORMATION_SCHEMA_RELATIONS } from './information-schema';
import { duckdbType, parseTrinoType } from './sql-types';

/**
 * Athena (Trino) SQL → DuckDB SQL, as a light token rewrite that keeps every unchanged token in
 * place, so an error position DuckDB reports maps back to the user's text (`toOriginal`).
 *
 * Translated (the rest of the SELECT grammar is shared by both engines):
 *  - functions renamed to their DuckDB equivalent: regexp_like, approx_distinct, approx_percentile,
 *    arbitrary, date_diff (→ date_sub: whole units elapsed, as Trino counts), codepoint,
 *    levenshtein_distance, hamming_distance, is_nan, is_finite, is_infinite, to_utf8, from_utf8,
 *    to_hex, from_hex, regexp_split, array_join, array_distinct, array_max, array_min, array_sort,
 *    array_intersect, contains, transform, filter, sequence, day_of_week/dow, day_of_month,
 *    day_of_year/doy, week_of_year, year_of_week/yow, last_day_of_month, to_unixtime,
 *    from_unixtime, format (→ printf), truncate, rand, json_extract_scalar, json_parse;
 *  - functions standing in as macros (trino-macros.ts): date_add(unit, n, x), date_trunc (keeps a
 *    DATE a DATE), to_iso8601, regexp_extract (NULL on no match), array_remove, array_except,
 *    array_union, array_position (0 when absent), bitwise_*, current_timezone, infinity, nan,
 *    json_format;
 *  - calls rewritten in place: concat (→ `||`, so NULL propagates), element_at (→ `x[i]`, lists
 *    and maps), two-argument if and replace, regexp_replace (all matches, `$1` → `\1`),
 *    regexp_count, date_format / date_parse (MySQL specifiers → strftime), format_datetime /
 *    parse_datetime (Joda patterns → strftime), from_iso8601_timestamp / from_iso8601_date,
 *    date(x), md5 / sha1 / sha256 (varbinary results), cardinality (→ len), slice, any_match /
 *    all_match / none_match, map_agg;
 *  - Trino type names in CAST / TRY_CAST (`array(varchar)`, `map(k, v)`, `row(a integer)`,
 *    `varbinary`, `real`, `timestamp(3) with time zone`);
 *  - `TIMESTAMP '… UTC'` literals with a zone (→ TIMESTAMPTZ), and the `TABLE t` shorthand;
 *  - `information_schema.<schemata|tables|columns|views>` → relations built from the Glue catalog;
 *  - integer division truncates (`5 / 2` = 2), set on the connection (`integer_division`).
 *
 * Known gaps (DuckDB answers where Trino differs or fails):
 *  - division by zero of integers or decimals yields NULL instead of failing with DIVISION_BY_ZERO;
 *  - a decimal literal such as `1.5` is DECIMAL in DuckDB, DOUBLE in Athena (Type in ColumnInfo,
 *    and `0.1 + 0.2` reads `0.3` instead of `0.30000000000000004`);
 *  - implicit casts are looser: `varchar_column = 1` casts the column at run time (failing only
 *    when a value is not a number) instead of failing with TYPE_MISMATCH; `1 || 'a'` works;
 *  - greatest / least ignore NULL arguments; split_part past the end answers '' instead of NULL;
 *    array_distinct / array_sort may order elements differently; date_format with a format that is
 *    not a string literal is passed to strftime unconverted;
 *  - cardinality of a MAP must be written cardinality(map_keys(m)) (cardinality is mapped to len);
 *  - not available: TABLESAMPLE, listagg, reduce, zip, checksum,
 *    approx_set, url_extract_*, geospatial ST_*, sha512, xxhash64, typeof (DuckDB type names),
 *    lambda-capturing functions other than transform/filter/any_match/all_match/none_match;
 *  - syntax DuckDB cannot parse is refused as a syntax error even where Trino accepts it, and the
 *    message lists no `Expecting:` alternatives; words DuckDB reserves but Trino does not (a column
 *    named `at`, for instance) must be double-quoted.
 */
export interface TrinoRewrite {
  sql: string;
  /** Maps an offset in the rewritten SQL to the offset of the user's text it came from. */
  toOriginal(offset: number): number;
}

const RENAMES: Record<string, string> = {
  regexp_like: 'regexp_matches',
  approx_distinct: 'approx_count_distinct',
  approx_percentile: 'approx_quantile',
  arbitrary: 'any_value',
  date_diff: 'date_sub',
  codepoint: 'unicode',
  levenshtein_distance: 'levenshtein',
  hamming_distance: 'hamming',
  is_nan: 'isnan',
  is_finite: 'isfinite',
  is_infinite: 'isinf',
  to_utf8: 'encode',
  from_utf8: 'decode',
  to_hex: 'hex',
  from_hex: 'unhex',
  regexp_split: 'regexp_split_to_array',
  array_join: 'array_to_string',
  array_distinct: 'list_distinct',
  array_max: 'list_max',
  array_min: 'list_min',
  array_sort: 'list_sort',
  array_intersect: 'list_intersect',
  contains: 'list_contains',
  transform: 'list_transform',
  filter: 'list_filter',
  sequence: 'generate_series',
  day_of_week: 'isodow',
  dow: 'isodow',
  day_of_month: 'dayofmonth',
  day_of_year: 'dayofyear',
  doy: 'dayofyear',
  week_of_year: 'weekofyear',
  year_of_week: 'isoyear',
  yow: 'isoyear',
  last_day_of_month: 'last_day',
  to_unixtime: 'epoch',
  from_unixtime: 'to_timestamp',
  format: 'printf',
  truncate: 'trunc',
  rand: 'random',
  json_extract_scalar: 'json_extract_string',
  json_parse: 'json',
  date_trunc: 'trino_date_trunc',
  to_iso8601: 'trino_to_iso8601',
  regexp_extract: 'trino_regexp_extract',
  array_remove: 'trino_array_remove',
  array_except: 'trino_array_except',
  array_union: 'trino_array_union',
  array_position: 'trino_array_position',
  bitwise_and: 'trino_bitwise_and',
  bitwise_or: 'trino_bitwise_or',
  bitwise_xor: 'trino_bitwise_xor',
  bitwise_not: 'trino_bitwise_not',
  current_timezone: 'trino_current_timezone',
  infinity: 'trino_infinity',
  nan: 'trino_nan',
  json_format: 'trino_json_format',
  cardinality: 'len',
};

type ArgRange = [from: number, to: number];

interface Call {
  name: Token;
  args: ArgRange[];
}

type CallHandler = (rewriter: Rewriter, call: Call) => boolean;

const CALLS: Record<string, CallHandler> = {
  date_add: (r, call) => call.args.length === 3 && r.emitCall('trino_date_add', call),
  concat: (r, call) => {
    if (call.args.length === 0) return false;
    r.insert('(', call.name);
    call.args.forEach((arg, index) => {
      if (index > 0) r.insert(' || ', call.name);
      r.emitArg(arg);
    });
    r.insert(')', call.name);
    return true;
  },
  element_at: (r, call) => call.args.length === 2 && r.template(call, '(', 0, ')[', 1, ']'),
  if: (r, call) => call.args.length === 2 && r.template(call, 'CASE WHEN ', 0, ' THEN ', 1, ' END'),
  replace: (r, call) => call.args.length === 2 && r.template(call, 'replace(', 0, ', ', 1, ", '')"),
  regexp_replace: (r, call) => {
    if (call.args.length === 2) return r.template(call, 'regexp_replace(', 0, ', ', 1, ", '', 'g')");
    if (call.args.length !== 3) return false;
    const replacement = r.literal(call.args[2]);
    r.template(call, 'regexp_replace(', 0, ', ', 1, ', ');
    if (replacement === undefined) r.emitArg(call.args[2]);
    else r.insert(quoteString(replacement.replace(/\$(\d)/g, '\\$1')), call.name);
    r.insert(", 'g')", call.name);
    return true;
  },
  regexp_count: (r, call) => call.args.length === 2 && r.template(call, 'len(regexp_extract_all(', 0, ', ', 1, '))'),
  date_format: (r, call) => r.formatCall(call, 'strftime', mysqlToStrftime),
  date_parse: (r, call) => r.formatCall(call, 'strptime', mysqlToStrftime),
  format_datetime: (r, call) => r.formatCall(call, 'strftime', jodaToStrftime),
  parse_datetime: (r, call) => r.formatCall(call, 'strptime', jodaToStrftime),
  from_iso8601_timestamp: (r, call) => call.args.length === 1 && r.template(call, 'CAST(', 0, ' AS TIMESTAMPTZ)'),
  from_iso8601_date: (r, call) => call.args.length === 1 && r.template(call, 'CAST(', 0, ' AS DATE)'),
  date: (r, call) => call.args.length === 1 && r.template(call, 'CAST(', 0, ' AS DATE)'),
  md5: (r, call) => call.args.length === 1 && r.template(call, 'unhex(md5(', 0, '))'),
  sha1: (r, call) => call.args.length === 1 && r.template(call, 'unhex(sha1(', 0, '))'),
  sha256: (r, call) => call.args.length === 1 && r.template(call, 'unhex(sha256(', 0, '))'),
  slice: (r, call) => call.args.length === 3 && r.template(call, 'list_slice(', 0, ', ', 1, ', (', 1, ') + (', 2, ') - 1)'),
  any_match: (r, call) => call.args.length === 2 && r.template(call, '(len(list_filter(', 0, ', ', 1, ')) > 0)'),
  all_match: (r, call) => call.args.length === 2 && r.template(call, '(len(list_filter(', 0, ', ', 1, ')) = len(', 0, '))'),
  none_match: (r, call) => call.args.length === 2 && r.template(call, '(len(list_filter(', 0, ', ', 1, ')) = 0)'),
  map_agg: (r, call) => call.args.length === 2 && r.template(call, 'map(list(', 0, '), list(', 1, '))'),
  cast: (r, call) => r.castCall(call),
  try_cast: (r, call) => r.castCall(call),
};

export function rewriteTrino(sql: string): TrinoRewrite {
  const tokens = tokenize(sql);
  const rewriter = new Rewriter(tokens);
  rewriter.statement();
  return rewriter.result();
}

interface Segment {
  outStart: number;
  origin: number;
  exact: boolean;
}

export class Rewriter {
  private text = '';
  private readonly segments: Segment[] = [];

  constructor(private readonly tokens: Token[]) {}

  statement(): void {
    const first = this.nextSignificant(0);
    if (isWord(this.tokens[first], 'TABLE')) {
      this.range(0, first);
      this.insert('SELECT * FROM', this.tokens[first]);
      this.range(first + 1, this.tokens.length);
    } else {
      this.range(0, this.tokens.length);
    }
  }

  result(): TrinoRewrite {
    const segments = this.segments;
    return {
      sql: this.text,
      toOriginal: (offset) => {
        let low = 0;
        let high = segments.length - 1;
        while (low < high) {
          const mid = (low + high + 1) >>> 1;
          if (segments[mid].outStart <= offset) low = mid;
          else high = mid - 1;
        }
        const segment = segments[low];
        if (!segment) return 0;
        return segment.exact ? segment.origin + (offset - segment.outStart) : segment.origin;
      },
    };
  }

  insert(text: string, origin: Token): void {
    this.push(text, origin.start, false);
  }

  /** Emits an argument without its surrounding whitespace (templates supply their own). */
  emitArg(arg: ArgRange): void {
    let [from, to] = arg;
    while (from < to && this.tokens[from].kind === 'space') from++;
    while (to > from && this.tokens[to - 1].kind === 'space' && this.tokens[to - 2]?.kind !== 'comment') to--;
    this.range(from, to);
  }

  /** Emits literal pieces and arguments (by index) in order. */
  template(call: Call, ...parts: Array<string | number>): true {
    for (const part of parts) {
      if (typeof part === 'string') this.insert(part, call.name);
      else this.emitArg(call.args[part]);
    }
    return true;
  }

  emitCall(name: string, call: Call): true {
    this.insert(`${name}(`, call.name);
    call.args.forEach((arg, index) => {
      if (index > 0) this.insert(', ', call.name);
      this.emitArg(arg);
    });
    this.insert(')', call.name);
    return true;
  }

  /** The value of an argument that is a single string literal, if it is one. */
  literal(arg: ArgRange): string | undefined {
    const inside = this.tokens.slice(arg[0], arg[1]).filter((token) => token.kind !== 'space' && token.kind !== 'comment');
    return inside.length === 1 && inside[0].kind === 'string' ? stringValue(inside[0]) : undefined;
  }

  formatCall(call: Call, target: string, convert: (format: string) => string): boolean {
    if (call.args.length !== 2) return false;
    const format = this.literal(call.args[1]);
    this.insert(`${target}(`, call.name);
    this.emitArg(call.args[0]);
    this.insert(', ', call.name);
    if (format === undefined) this.emitArg(call.args[1]);
    else this.insert(quoteString(convert(format)), call.name);
    this.insert(')', call.name);
    return true;
  }

  /** CAST(x AS <Trino type>) → CAST(x AS <DuckDB type>); unknown types pass through. */
  castCall(call: Call): boolean {
    if (call.args.length !== 1) return false;
    const [from, to] = call.args[0];
    let asIndex = -1;
    let depth = 0;
    for (let i = from; i < to; i++) {
      const token = this.tokens[i];
      if (isSymbol(token, '(') || isSymbol(token, '[')) depth++;
      else if (isSymbol(token, ')') || isSymbol(token, ']')) depth--;
      else if (depth === 0 && isWord(token, 'AS')) asIndex = i;
    }
    if (asIndex < 0) return false;
    const typeText = this.tokens
      .slice(asIndex + 1, to)
      .map((token) => token.text)
      .join('');
    let converted: string;
    try {
      converted = duckdbType(parseTrinoType(typeText));
    } catch {
      return false;
    }
    this.insert(`${call.name.text}(`, call.name);
    this.range(from, asIndex);
    this.insert(`AS ${converted})`, this.tokens[asIndex]);
    return true;
  }

  private range(from: number, to: number): void {
    let i = from;
    while (i < to) {
      const token = this.tokens[i];
      if (isWord(token, 'VALUES')) {
        i = this.valuesList(i, to);
        continue;
      }
      const schemaEnd = this.informationSchema(i, to);
      if (schemaEnd > i) {
        i = schemaEnd;
        continue;
      }
      if (token.kind === 'word') {
        const handled = this.tryCall(i, to);
        if (handled > i) {
          i = handled;
          continue;
        }
        if (isWord(token, 'TIMESTAMP')) {
          const next = this.nextSignificant(i + 1);
          const literal = this.tokens[next];
          if (next < to && literal?.kind === 'string' && /(?:[A-Za-z]|[+-]\d\d:?\d\d)$/.test(stringValue(literal).trim())) {
            this.insert('TIMESTAMPTZ', token);
            i++;
            continue;
          }
        }
      }
      this.push(token.text, token.start, true);
      i++;
    }
  }

  /** `[awsdatacatalog.]information_schema.<name>` → the catalog-backed relation (information-schema.ts). */
  private informationSchema(index: number, limit: number): number {
    if (!isIdentifier(this.tokens[index])) return index;
    const previous = this.previousSignificant(index - 1);
    if (previous >= 0 && isSymbol(this.tokens[previous], '.')) return index;
    const parts: number[] = [index];
    let cursor = index;
    while (parts.length < 3) {
      const dot = this.nextSignificant(cursor + 1);
      const name = this.nextSignificant(dot + 1);
      if (name >= limit || !isSymbol(this.tokens[dot], '.') || !isIdentifier(this.tokens[name])) break;
      parts.push(name);
      cursor = name;
    }
    const names = parts.map((part) => identifierValue(this.tokens[part]).toLowerCase());
    const start = names[0] === 'awsdatacatalog' ? 1 : 0;
    if (names[start] !== 'information_schema' || names.length !== start + 2) return index;
    const relation = names[start + 1];
    if (!(INFORMATION_SCHEMA_RELATIONS as readonly string[]).includes(relation)) return index;
    this.insert(`memory.main.${INFORMATION_SCHEMA_PREFIX}${relation}`, this.tokens[index]);
    return parts[parts.length - 1] + 1;
  }

  /** Trino's `VALUES 1, 2` has bare rows; DuckDB wants `VALUES (1), (2)`. Returns the index after the list. */
  private valuesList(index: number, limit: number): number {
    this.push(this.tokens[index].text, this.tokens[index].start, true);
    const ends = ['ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'UNION', 'EXCEPT', 'INTERSECT'];
    let end = index + 1;
    let depth = 0;
    const commas: number[] = [];
    for (; end < limit; end++) {
      const token = this.tokens[end];
      if (isSymbol(token, '(') || isSymbol(token, '[')) depth++;
      else if (isSymbol(token, ')') || isSymbol(token, ']')) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (isSymbol(token, ';') || isWord(token, ...ends))) break;
      else if (depth === 0 && isSymbol(token, ',')) commas.push(end);
    }
    let start = index + 1;
    for (const stop of [...commas, end]) {
      this.valuesRow(start, stop);
      if (stop < end) this.push(',', this.tokens[stop].start, true);
      start = stop + 1;
    }
    return end;
  }

  private valuesRow(from: number, to: number): void {
    const first = this.nextSignificant(from);
    let last = to - 1;
    while (last > first && (this.tokens[last].kind === 'space' || this.tokens[last].kind === 'comment')) last--;
    const isTuple = first < to && isSymbol(this.tokens[first], '(') && this.matchingParen(first, to) === last;
    if (isTuple || first >= to) {
      this.range(from, to);
      return;
    }
    this.range(from, first);
    this.insert('(', this.tokens[first]);
    this.range(first, last + 1);
    this.insert(')', this.tokens[last]);
    this.range(last + 1, to);
  }

  /** Rewrites a call starting at `index` if it is one; returns the index after it (or `index`). */
  private tryCall(index: number, limit: number): number {
    const name = this.tokens[index];
    const previous = this.previousSignificant(index - 1);
    if (previous >= 0 && isSymbol(this.tokens[previous], '.')) return index;
    const open = this.nextSignificant(index + 1);
    if (open >= limit || !isSymbol(this.tokens[open], '(')) return index;
    const close = this.matchingParen(open, limit);
    if (close < 0) return index;
    const lower = name.text.toLowerCase();
    const args = this.splitArgs(open + 1, close);
    // `count(*) FILTER (WHERE …)` is the aggregate clause, not Trino's filter(array, lambda).
    if (lower === 'filter' && isWord(this.tokens[this.nextSignificant(open + 1)], 'WHERE')) return index;
    const handler = CALLS[lower];
    const call: Call = { name, args };
    const mark = this.text.length;
    const segmentMark = this.segments.length;
    if (handler && handler(this, call)) return close + 1;
    // A handler that declined must not leave output behind.
    this.text = this.text.slice(0, mark);
    this.segments.length = segmentMark;
    const renamed = RENAMES[lower];
    if (renamed) this.insert(renamed, name);
    else this.push(name.text, name.start, true);
    this.range(index + 1, open + 1);
    this.range(open + 1, close);
    this.push(')', this.tokens[close].start, true);
    return close + 1;
  }

  private splitArgs(from: number, to: number): ArgRange[] {
    const args: ArgRange[] = [];
    let depth = 0;
    let start = from;
    let any = false;
    for (let i = from; i < to; i++) {
      const token = this.tokens[i];
      if (token.kind !== 'space' && token.kind !== 'comment') any = true;
      if (isSymbol(token, '(') || isSymbol(token, '[')) depth++;
      else if (isSymbol(token, ')') || isSymbol(token, ']')) depth--;
      else if (depth === 0 && isSymbol(token, ',')) {
        args.push([start, i]);
        start = i + 1;
      }
    }
    if (any) args.push([start, to]);
    return args;
  }

  private matchingParen(open: number, limit: number): number {
    let depth = 0;
    for (let i = open; i < limit; i++) {
      if (isSymbol(this.tokens[i], '(')) depth++;
      else if (isSymbol(this.tokens[i], ')')) {
        depth--;
        if (depth === 0) return i;
      }
    }
    return -1;
  }

  private nextSignificant(index: number): number {
    let i = index;
    while (i < this.tokens.length && (this.tokens[i].kind === 'space' || this.tokens[i].kind === 'comment')) i++;
    return i;
  }

  private previousSignificant(index: number): number {
    let i = index;
    while (i >= 0 && (this.tokens[i].kind === 'space' || this.tokens[i].kind === 'comment')) i--;
    return i;
  }

  private push(text: string, origin: number, exact: boolean): void {
    this.segments.push({ outStart: this.text.length, origin, exact });
    this.text += text;
  }
}

/** MySQL-style specifiers (Trino date_format / date_parse) → DuckDB strftime / strptime. */
export function mysqlToStrftime(format: string): string {
  const map: Record<string, string> = {
    a: '%a',
    b: '%b',
    c: '%-m',
    d: '%d',
    e: '%-d',
    f: '%f',
    H: '%H',
    h: '%I',
    I: '%I',
    i: '%M',
    j: '%j',
    k: '%-H',
    l: '%-I',
    M: '%B',
    m: '%m',
    p: '%p',
    r: '%I:%M:%S %p',
    S: '%S',
    s: '%S',
    T: '%H:%M:%S',
    v: '%V',
    W: '%A',
    w: '%w',
    x: '%G',
    Y: '%Y',
    y: '%y',
    '%': '%%',
  };
  return format.replace(/%(.)/g, (match, specifier: string) => map[specifier] ?? match);
}

/** Joda-Time patterns (Trino format_datetime / parse_datetime) → DuckDB strftime / strptime. */
export function jodaToStrftime(pattern: string): string {
  const map: Record<string, string> = {
    yyyy: '%Y',
    yy: '%y',
    y: '%Y',
    MMMM: '%B',
    MMM: '%b',
    MM: '%m',
    M: '%-m',
    dd: '%d',
    d: '%-d',
    HH: '%H',
    H: '%-H',
    hh: '%I',
    h: '%-I',
    mm: '%M',
    m: '%-M',
    ss: '%S',
    s: '%-S',
    SSSSSS: '%f',
    SSS: '%g',
    a: '%p',
    EEEE: '%A',
    EEE: '%a',
    E: '%a',
    DDD: '%j',
    ZZ: '%z',
    Z: '%z',
    z: '%Z',
  };
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i];
    if (char === "'") {
      const end = pattern.indexOf("'", i + 1);
      const literal = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      out += literal === '' ? "'" : literal.replaceAll('%', '%%');
      i = end < 0 ? pattern.length : end + 1;
    } else if (/[A-Za-z]/.test(char)) {
      let run = char;
      while (pattern[i + run.length] === char) run += char;
      out += map[run] ?? map[run.slice(0, 4)] ?? run;
      i += run.length;
    } else {
      out += char === '%' ? '%%' : char;
      i++;
    }
  }
  return out;
}
