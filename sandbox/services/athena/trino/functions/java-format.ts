/**
 * Java's `String.format` patterns (Trino's `format`) as DuckDB `format` (fmt) patterns:
 * `%s %d %05.2f %-7s %2$s %x %e %%` become `{0} {1:d} {2:05.2f} {3:<7} {1} {4:x} {5:e} %`.
 * Conversions with no fmt counterpart (dates `%t…`, grouping `,`, `%g`, `%a`, `%h`) are
 * reported so the call can be refused by name.
 */
export interface FmtPattern {
  pattern: string;
  /** Argument indexes (0-based) that `%s` / `%S` / `%b` print as text, and whether upper-cased. */
  textArguments: Map<number, { upper: boolean }>;
}

export class UnsupportedJavaFormat extends Error {}

export function javaFormatToFmt(pattern: string): FmtPattern {
  const textArguments = new Map<number, { upper: boolean }>();
  let out = '';
  let next = 0;
  const specifier = /%(\d+\$)?([-#+ 0,(<]*)(\d+)?(\.\d+)?([a-zA-Z%])/g;
  let last = 0;
  for (const match of pattern.matchAll(specifier)) {
    out += escapeBraces(pattern.slice(last, match.index));
    last = match.index + match[0].length;
    const [, position, flags = '', width = '', precision = '', conversion = ''] = match;
    if (conversion === '%') {
      out += '%';
      continue;
    }
    if (conversion === 'n') {
      out += '\n';
      continue;
    }
    if (flags.includes(',') || flags.includes('(') || flags.includes('#') || flags.includes('<'))
      throw new UnsupportedJavaFormat(`the format flags '${flags}'`);
    const index = position ? Number(position.slice(0, -1)) - 1 : next++;
    const align = flags.includes('-') ? '<' : '';
    const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    const zero = flags.includes('0') ? '0' : '';
    let type: string;
    switch (conversion) {
      case 's':
      case 'S':
      case 'b':
      case 'B':
        textArguments.set(index, { upper: conversion === 'S' || conversion === 'B' });
        out += `{${index}:${align || (width ? '>' : '')}${width}${precision}}`.replace(/:}$/, '}');
        continue;
      case 'd':
      case 'x':
      case 'X':
      case 'o':
      case 'e':
      case 'E':
      case 'f':
        type = conversion;
        break;
      case 'c':
        type = 'c';
        break;
      default:
        throw new UnsupportedJavaFormat(`the conversion %${conversion}`);
    }
    out += `{${index}:${align}${sign}${zero}${width}${precision}${type}}`;
  }
  out += escapeBraces(pattern.slice(last));
  return { pattern: out, textArguments };
}

function escapeBraces(text: string): string {
  return text.replaceAll('{', '{{').replaceAll('}', '}}');
}
