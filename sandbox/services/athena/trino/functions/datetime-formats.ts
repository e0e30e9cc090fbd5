/**
 * Date format strings: MySQL specifiers (Trino's date_format / date_parse, where `%i` is minutes
 * and `%s` seconds) and Joda-Time patterns (format_datetime / parse_datetime) as DuckDB's
 * strftime / strptime specifiers. Specifiers Trino refuses are reported, not guessed.
 */
export class UnsupportedFormat extends Error {}

const MYSQL: Record<string, string> = {
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
  x: '%G',
  Y: '%Y',
  y: '%y',
  '%': '%%',
};

/** Trino rejects these (`%D not supported in date format string`). */
const MYSQL_UNSUPPORTED = new Set(['D', 'U', 'u', 'V', 'w', 'X']);

export function mysqlToStrftime(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const char = format[i]!;
    if (char !== '%') {
      out += char;
      continue;
    }
    const specifier = format[i + 1];
    i++;
    if (specifier === undefined) break;
    if (MYSQL_UNSUPPORTED.has(specifier)) throw new UnsupportedFormat(`%${specifier} not supported in date format string`);
    // `%x` for any unlisted x is the character itself.
    out += MYSQL[specifier] ?? (specifier === '%' ? '%%' : specifier);
  }
  return out;
}

const JODA: Record<string, string> = {
  yyyy: '%Y',
  yy: '%y',
  y: '%Y',
  YYYY: '%Y',
  xxxx: '%G',
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
  D: '%-j',
  ZZ: '%z',
  Z: '%z',
  z: '%Z',
};

export function jodaToStrftime(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i]!;
    if (char === "'") {
      const end = pattern.indexOf("'", i + 1);
      const literal = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      out += literal === '' ? "'" : literal.replaceAll('%', '%%');
      i = end < 0 ? pattern.length : end + 1;
    } else if (/[A-Za-z]/.test(char)) {
      let run = char;
      while (pattern[i + run.length] === char) run += char;
      const converted = JODA[run] ?? JODA[run.slice(0, 4)];
      if (converted === undefined) throw new UnsupportedFormat(`the Joda pattern letter '${char}'`);
      out += converted;
      i += run.length;
    } else {
      out += char === '%' ? '%%' : char;
      i++;
    }
  }
  return out;
}
