import { canCoerce, commonSuperType } from '../coercion';
import {
  arrayOf,
  decimal,
  integerAsDecimal,
  isIntegerType,
  mapOf,
  parseType,
  rowOf,
  sameType,
  timestamp,
  varchar,
  type TrinoType,
} from '../types';

/**
 * Function signatures written as Trino declares them (`length(varchar(x)) -> bigint`,
 * `array_position(array(T), T) -> bigint`, `round(decimal(p,s), integer) -> decimal(p,s)`),
 * and the binding that matches argument types against them: type variables (one capital
 * letter, optionally a digit) take the common super type of what they meet, literal parameters
 * (`x`, `p`, `s`) take the argument's, other parameters accept what coerces to them. The best
 * signature needs the fewest coercions.
 */
export type Pattern =
  | { kind: 'type'; type: TrinoType }
  /** Any type, bound per argument (the arguments of `format`). */
  | { kind: 'any' }
  | { kind: 'variable'; name: string }
  | { kind: 'varchar'; length: string }
  | { kind: 'char'; length: string }
  | { kind: 'decimal'; precision: string; scale: string }
  | { kind: 'timestamp'; precision: string; withTimeZone: boolean }
  | { kind: 'time'; precision: string; withTimeZone: boolean }
  | { kind: 'array'; element: Pattern }
  | { kind: 'map'; key: Pattern; value: Pattern }
  | { kind: 'row'; fields: Pattern[] }
  | { kind: 'function'; parameters: Pattern[]; result: Pattern };

export interface Bindings {
  types: Map<string, TrinoType>;
  literals: Map<string, number | undefined>;
}

export function parsePattern(text: string): Pattern {
  const parser = new PatternParser(text);
  const pattern = parser.pattern();
  parser.end();
  return pattern;
}

class PatternParser {
  private position = 0;

  constructor(private readonly text: string) {}

  pattern(): Pattern {
    const word = this.word();
    if (word === 'any') return { kind: 'any' };
    if (/^[A-Z][0-9]?$/.test(word)) return { kind: 'variable', name: word };
    const lower = word.toLowerCase();
    switch (lower) {
      case 'array': {
        this.expect('(');
        const element = this.pattern();
        this.expect(')');
        return { kind: 'array', element };
      }
      case 'map': {
        this.expect('(');
        const key = this.pattern();
        this.expect(',');
        const value = this.pattern();
        this.expect(')');
        return { kind: 'map', key, value };
      }
      case 'row': {
        this.expect('(');
        const fields = [this.pattern()];
        while (this.accept(',')) fields.push(this.pattern());
        this.expect(')');
        return { kind: 'row', fields };
      }
      case 'function': {
        this.expect('(');
        const parts = [this.pattern()];
        while (this.accept(',')) parts.push(this.pattern());
        this.expect(')');
        const result = parts.pop()!;
        return { kind: 'function', parameters: parts, result };
      }
      case 'varchar':
      case 'char':
        if (this.accept('(')) {
          const length = this.word();
          this.expect(')');
          if (/^\d+$/.test(length))
            return { kind: 'type', type: lower === 'varchar' ? varchar(Number(length)) : { name: 'char', length: Number(length) } };
          return lower === 'varchar' ? { kind: 'varchar', length } : { kind: 'char', length };
        }
        return { kind: 'type', type: lower === 'varchar' ? varchar() : { name: 'char', length: 1 } };
      case 'decimal':
        if (this.accept('(')) {
          const precision = this.word();
          this.expect(',');
          const scale = this.word();
          this.expect(')');
          if (/^\d+$/.test(precision) && /^\d+$/.test(scale)) return { kind: 'type', type: decimal(Number(precision), Number(scale)) };
          return { kind: 'decimal', precision, scale };
        }
        break;
      case 'timestamp':
      case 'time': {
        let precision = '3';
        if (this.accept('(')) {
          precision = this.word();
          this.expect(')');
        }
        let withTimeZone = false;
        if (this.acceptWords('with', 'time', 'zone')) withTimeZone = true;
        if (/^\d+$/.test(precision))
          return { kind: 'type', type: { name: lower, precision: Number(precision), withTimeZone } as TrinoType };
        return { kind: lower, precision, withTimeZone };
      }
      case 'interval':
        if (this.acceptWords('day', 'to', 'second')) return { kind: 'type', type: { name: 'interval day to second' } };
        if (this.acceptWords('year', 'to', 'month')) return { kind: 'type', type: { name: 'interval year to month' } };
        break;
    }
    return { kind: 'type', type: parseType(word) };
  }

  end(): void {
    this.skip();
    if (this.position !== this.text.length) throw new Error(`Bad signature pattern: ${this.text}`);
  }

  private word(): string {
    this.skip();
    const match = /^[A-Za-z0-9_]+/.exec(this.text.slice(this.position));
    if (!match) throw new Error(`Bad signature pattern: ${this.text}`);
    this.position += match[0].length;
    return match[0];
  }

  private acceptWords(...words: string[]): boolean {
    const saved = this.position;
    for (const word of words) {
      this.skip();
      const match = /^[A-Za-z_]+/.exec(this.text.slice(this.position));
      if (!match || match[0].toLowerCase() !== word) {
        this.position = saved;
        return false;
      }
      this.position += match[0].length;
    }
    return true;
  }

  private accept(symbol: string): boolean {
    this.skip();
    if (!this.text.startsWith(symbol, this.position)) return false;
    this.position += symbol.length;
    return true;
  }

  private expect(symbol: string): void {
    if (!this.accept(symbol)) throw new Error(`Bad signature pattern: ${this.text}`);
  }

  private skip(): void {
    while (this.text[this.position] === ' ') this.position++;
  }
}

/**
 * Binds an argument type to a parameter pattern; answers the number of coercions it needs, or
 * undefined when it cannot match.
 */
export function bind(pattern: Pattern, actual: TrinoType, bindings: Bindings): number | undefined {
  switch (pattern.kind) {
    case 'any':
      return 0;
    case 'type':
      if (sameType(actual, pattern.type)) return 0;
      // varchar(n) is a varchar: no coercion to speak of.
      if (actual.name === 'varchar' && pattern.type.name === 'varchar' && pattern.type.length === undefined) return 0;
      return canCoerce(actual, pattern.type) ? 1 : undefined;
    case 'variable': {
      const bound = bindings.types.get(pattern.name);
      if (!bound) {
        bindings.types.set(pattern.name, actual);
        return actual.name === 'unknown' ? 1 : 0;
      }
      if (sameType(bound, actual)) return 0;
      const common = commonSuperType(bound, actual);
      if (!common) return undefined;
      bindings.types.set(pattern.name, common);
      return 1;
    }
    case 'varchar':
    case 'char': {
      if (actual.name === 'unknown') return bindLiteral(bindings, pattern.length, 0) ? 1 : undefined;
      if (actual.name !== pattern.kind) return undefined;
      return bindLiteral(bindings, pattern.length, actual.length) ? 0 : undefined;
    }
    case 'decimal': {
      const asDecimal = actual.name === 'unknown' ? decimal(1, 0) : isIntegerType(actual) ? integerAsDecimal(actual) : actual;
      if (asDecimal.name !== 'decimal') return undefined;
      if (!bindLiteral(bindings, pattern.precision, asDecimal.precision) || !bindLiteral(bindings, pattern.scale, asDecimal.scale))
        return undefined;
      return asDecimal === actual ? 0 : 1;
    }
    case 'timestamp':
    case 'time': {
      let precision: number;
      let cost = 0;
      if (actual.name === pattern.kind && actual.withTimeZone === pattern.withTimeZone) precision = actual.precision;
      else if (actual.name === 'unknown') {
        precision = 3;
        cost = 1;
      } else if (pattern.kind === 'timestamp' && actual.name === 'date') {
        precision = 0;
        cost = 1;
      } else if (pattern.kind === 'timestamp' && pattern.withTimeZone && actual.name === 'timestamp') {
        precision = actual.precision;
        cost = 1;
      } else return undefined;
      return bindLiteral(bindings, pattern.precision, precision) ? cost : undefined;
    }
    case 'array':
      if (actual.name === 'unknown') return 2;
      if (actual.name !== 'array') return undefined;
      return bind(pattern.element, actual.element, bindings);
    case 'map': {
      if (actual.name === 'unknown') return 2;
      if (actual.name !== 'map') return undefined;
      const key = bind(pattern.key, actual.key, bindings);
      const value = bind(pattern.value, actual.value, bindings);
      return key === undefined || value === undefined ? undefined : key + value;
    }
    case 'row': {
      if (actual.name !== 'row' || actual.fields.length !== pattern.fields.length) return undefined;
      let cost = 0;
      for (let i = 0; i < pattern.fields.length; i++) {
        const fieldCost = bind(pattern.fields[i]!, actual.fields[i]!.type, bindings);
        if (fieldCost === undefined) return undefined;
        cost += fieldCost;
      }
      return cost;
    }
    case 'function':
      return undefined;
  }
}

function bindLiteral(bindings: Bindings, name: string, value: number | undefined): boolean {
  if (!bindings.literals.has(name)) {
    bindings.literals.set(name, value);
    return true;
  }
  const bound = bindings.literals.get(name);
  // One literal parameter shared by two varchars takes the longer (varchar(x), varchar(x)).
  if (bound === undefined || value === undefined) bindings.literals.set(name, undefined);
  else bindings.literals.set(name, Math.max(bound, value));
  return true;
}

/** The concrete type of a pattern under bindings (unbound variables are `unknown`). */
export function substitute(pattern: Pattern, bindings: Bindings): TrinoType {
  switch (pattern.kind) {
    case 'any':
      return { name: 'unknown' };
    case 'type':
      return pattern.type;
    case 'variable':
      return bindings.types.get(pattern.name) ?? { name: 'unknown' };
    case 'varchar':
      return varchar(bindings.literals.get(pattern.length));
    case 'char':
      return { name: 'char', length: bindings.literals.get(pattern.length) ?? 1 };
    case 'decimal':
      return decimal(bindings.literals.get(pattern.precision) ?? 38, bindings.literals.get(pattern.scale) ?? 0);
    case 'timestamp':
      return timestamp(bindings.literals.get(pattern.precision) ?? 3, pattern.withTimeZone);
    case 'time':
      return { name: 'time', precision: bindings.literals.get(pattern.precision) ?? 3, withTimeZone: pattern.withTimeZone };
    case 'array':
      return arrayOf(substitute(pattern.element, bindings));
    case 'map':
      return mapOf(substitute(pattern.key, bindings), substitute(pattern.value, bindings));
    case 'row':
      return rowOf(pattern.fields.map((field) => ({ type: substitute(field, bindings) })));
    case 'function':
      return { name: 'unknown' };
  }
}

/** Trino's spelling of a pattern in "Expected: …" lists (`array(T)`, `varchar(x)`). */
export function patternText(pattern: Pattern): string {
  switch (pattern.kind) {
    case 'any':
      return 'any';
    case 'type': {
      const type = pattern.type;
      if (type.name === 'timestamp' || type.name === 'time')
        return `${type.name}(${type.precision})${type.withTimeZone ? ' with time zone' : ''}`;
      return typeText(type);
    }
    case 'variable':
      return pattern.name;
    case 'varchar':
    case 'char':
      return `${pattern.kind}(${pattern.length})`;
    case 'decimal':
      return `decimal(${pattern.precision},${pattern.scale})`;
    case 'timestamp':
    case 'time':
      return `${pattern.kind}(${pattern.precision})${pattern.withTimeZone ? ' with time zone' : ''}`;
    case 'array':
      return `array(${patternText(pattern.element)})`;
    case 'map':
      return `map(${patternText(pattern.key)},${patternText(pattern.value)})`;
    case 'row':
      return `row(${pattern.fields.map(patternText).join(',')})`;
    case 'function':
      return `function(${[...pattern.parameters, pattern.result].map(patternText).join(',')})`;
  }
}

function typeText(type: TrinoType): string {
  return type.name === 'varchar' && type.length !== undefined
    ? `varchar(${type.length})`
    : type.name === 'decimal'
      ? `decimal(${type.precision},${type.scale})`
      : type.name;
}
