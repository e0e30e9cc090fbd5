import { InvalidInputException } from '../../stores/catalog/errors';

/**
 * The `Expression` of GetPartitions: a SQL-like filter over partition keys
 * (`year = '2024' AND month IN ('01', '02')`). Supported: comparisons (`= != <> < <= > >=`),
 * `BETWEEN … AND …`, `[NOT] IN (…)`, `[NOT] LIKE`, `IS [NOT] NULL`, `AND`, `OR`, `NOT`,
 * parentheses. Values compare as numbers when the key's type is numeric, as strings otherwise,
 * as Glue does.
 */
export type PartitionPredicate = (values: Record<string, string>) => boolean;

interface Token {
  kind: 'ident' | 'string' | 'number' | 'op' | 'punct';
  text: string;
}

const NUMERIC_TYPES = /^(tinyint|smallint|int|integer|bigint|float|double|decimal)/i;

export function compilePartitionExpression(expression: string, keyTypes: Record<string, string>): PartitionPredicate {
  const parser = new ExpressionParser(tokenize(expression), keyTypes);
  const predicate = parser.parseOr();
  parser.expectEnd();
  return predicate;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (let char = text[i]; char !== undefined; char = text[i]) {
    if (/\s/.test(char)) {
      i++;
    } else if (char === "'") {
      let value = '';
      i++;
      while (i < text.length) {
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") break;
        else value += text[i++];
      }
      if (i >= text.length) throw invalid(`unterminated string in ${text}`);
      i++;
      tokens.push({ kind: 'string', text: value });
    } else if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_`"]/.test(char)) {
      if (char === '`' || char === '"') {
        const end = text.indexOf(char, i + 1);
        if (end < 0) throw invalid(`unterminated identifier in ${text}`);
        tokens.push({ kind: 'ident', text: text.slice(i + 1, end) });
        i = end + 1;
      } else {
        const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
        tokens.push({ kind: 'ident', text: match[0] });
        i += match[0].length;
      }
    } else {
      const op = ['<=', '>=', '<>', '!='].find((candidate) => text.startsWith(candidate, i)) ?? char;
      if (!['<=', '>=', '<>', '!=', '=', '<', '>', '(', ')', ','].includes(op)) throw invalid(`unexpected character '${char}' in ${text}`);
      tokens.push({ kind: op === '(' || op === ')' || op === ',' ? 'punct' : 'op', text: op });
      i += op.length;
    }
  }
  return tokens;
}

function invalid(detail: string): InvalidInputException {
  return new InvalidInputException(`Unsupported expression: ${detail}`);
}

class ExpressionParser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly keyTypes: Record<string, string>,
  ) {}

  parseOr(): PartitionPredicate {
    let left = this.parseAnd();
    while (this.keyword('OR')) {
      const right = this.parseAnd();
      const previous = left;
      left = (values) => previous(values) || right(values);
    }
    return left;
  }

  expectEnd(): void {
    const extra = this.tokens[this.position];
    if (extra) throw invalid(`unexpected '${extra.text}'`);
  }

  private parseAnd(): PartitionPredicate {
    let left = this.parseNot();
    while (this.keyword('AND')) {
      const right = this.parseNot();
      const previous = left;
      left = (values) => previous(values) && right(values);
    }
    return left;
  }

  private parseNot(): PartitionPredicate {
    if (this.keyword('NOT')) {
      const inner = this.parseNot();
      return (values) => !inner(values);
    }
    if (this.punct('(')) {
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): PartitionPredicate {
    const token = this.next();
    if (token?.kind !== 'ident') throw invalid(`expected a partition key, found '${token?.text ?? 'end of expression'}'`);
    const key = Object.keys(this.keyTypes).find((name) => name.toLowerCase() === token.text.toLowerCase());
    if (!key) throw invalid(`'${token.text}' is not a partition key`);
    const compare = comparator(this.keyTypes[key] ?? 'string');
    if (this.keyword('IS')) {
      const negated = this.keyword('NOT');
      if (!this.keyword('NULL')) throw invalid('expected NULL after IS');
      return (values) => (values[key] === undefined) !== negated;
    }
    const negated = this.keyword('NOT');
    if (this.keyword('BETWEEN')) {
      const low = this.literal();
      if (!this.keyword('AND')) throw invalid('expected AND in BETWEEN');
      const high = this.literal();
      return (values) => (compare(values[key], low) >= 0 && compare(values[key], high) <= 0) !== negated;
    }
    if (this.keyword('IN')) {
      this.expectPunct('(');
      const list = [this.literal()];
      while (this.punct(',')) list.push(this.literal());
      this.expectPunct(')');
      return (values) => list.some((candidate) => compare(values[key], candidate) === 0) !== negated;
    }
    if (this.keyword('LIKE')) {
      const pattern = likeToRegExp(this.literal());
      return (values) => pattern.test(values[key] ?? '') !== negated;
    }
    if (negated) throw invalid('expected BETWEEN, IN or LIKE after NOT');
    const op = this.next();
    if (op?.kind !== 'op') throw invalid(`expected a comparison after '${token.text}'`);
    const value = this.literal();
    const test: Record<string, (order: number) => boolean> = {
      '=': (order) => order === 0,
      '!=': (order) => order !== 0,
      '<>': (order) => order !== 0,
      '<': (order) => order < 0,
      '<=': (order) => order <= 0,
      '>': (order) => order > 0,
      '>=': (order) => order >= 0,
    };
    const holds = test[op.text];
    if (!holds) throw invalid(`unknown comparison '${op.text}'`);
    return (values) => values[key] !== undefined && holds(compare(values[key], value));
  }

  private literal(): string {
    const token = this.next();
    if (token?.kind !== 'string' && token?.kind !== 'number')
      throw invalid(`expected a value, found '${token?.text ?? 'end of expression'}'`);
    return token.text;
  }

  private next(): Token | undefined {
    return this.tokens[this.position++];
  }

  private keyword(word: string): boolean {
    const token = this.tokens[this.position];
    if (token?.kind === 'ident' && token.text.toUpperCase() === word) {
      this.position++;
      return true;
    }
    return false;
  }

  private punct(text: string): boolean {
    const token = this.tokens[this.position];
    if (token?.kind === 'punct' && token.text === text) {
      this.position++;
      return true;
    }
    return false;
  }

  private expectPunct(text: string): void {
    if (!this.punct(text)) throw invalid(`expected '${text}'`);
  }
}

function comparator(type: string): (a: string | undefined, b: string) => number {
  if (NUMERIC_TYPES.test(type)) {
    return (a, b) => {
      const diff = Number(a) - Number(b);
      return Number.isNaN(diff) ? String(a).localeCompare(b) : Math.sign(diff);
    };
  }
  return (a, b) => (a === undefined ? -1 : a < b ? -1 : a > b ? 1 : 0);
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 's');
}
