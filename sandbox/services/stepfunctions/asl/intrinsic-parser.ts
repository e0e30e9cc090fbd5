/**
 * The syntax of intrinsic functions (`States.Format('{} items', $.count)`): a call names a
 * function and takes string literals (single-quoted, backslash escapes), numbers, `null`,
 * `true`/`false`, paths (`$…` into the input, `$$…` into the context object) and nested calls.
 */
export type IntrinsicArgument =
  | { kind: 'string'; raw: string }
  | { kind: 'number'; value: number }
  | { kind: 'literal'; value: null | boolean }
  | { kind: 'path'; path: string }
  | IntrinsicCall;

export interface IntrinsicCall {
  kind: 'call';
  name: string;
  args: IntrinsicArgument[];
}

/** An intrinsic function that could not be parsed or evaluated; the message says why. */
export class IntrinsicError extends Error {}

export function isIntrinsicCall(text: unknown): boolean {
  return typeof text === 'string' && text.trimStart().startsWith('States.');
}

export function parseIntrinsic(text: string): IntrinsicCall {
  const parser = new IntrinsicParser(text);
  const call = parser.call();
  parser.end();
  return call;
}

class IntrinsicParser {
  private at = 0;

  constructor(private readonly text: string) {}

  call(): IntrinsicCall {
    this.skipSpace();
    const match = /^States\.([A-Za-z0-9]+)\s*\(/.exec(this.text.slice(this.at));
    if (!match) throw new IntrinsicError(`Expected an intrinsic function call (States.<Name>(…)) at position ${this.at} of '${this.text}'`);
    this.at += match[0].length;
    const name = match[1] ?? '';
    const args: IntrinsicArgument[] = [];
    this.skipSpace();
    if (this.text[this.at] === ')') {
      this.at += 1;
      return { kind: 'call', name, args };
    }
    for (;;) {
      args.push(this.argument());
      this.skipSpace();
      const separator = this.text[this.at];
      this.at += 1;
      if (separator === ')') return { kind: 'call', name, args };
      if (separator !== ',') throw new IntrinsicError(`Expected ',' or ')' at position ${this.at - 1} of '${this.text}'`);
    }
  }

  end(): void {
    this.skipSpace();
    if (this.at !== this.text.length) throw new IntrinsicError(`Unexpected text after the intrinsic function call in '${this.text}'`);
  }

  private argument(): IntrinsicArgument {
    this.skipSpace();
    const rest = this.text.slice(this.at);
    if (rest.startsWith('States.')) return this.call();
    if (rest.startsWith("'")) return this.string();
    if (rest.startsWith('$')) return this.path();
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      this.at += number[0].length;
      return { kind: 'number', value: Number(number[0]) };
    }
    for (const [word, value] of [
      ['null', null],
      ['true', true],
      ['false', false],
    ] as const) {
      if (rest.startsWith(word) && !/[A-Za-z0-9_]/.test(rest[word.length] ?? '')) {
        this.at += word.length;
        return { kind: 'literal', value };
      }
    }
    throw new IntrinsicError(`Unexpected argument at position ${this.at} of '${this.text}'`);
  }

  private string(): IntrinsicArgument {
    let at = this.at + 1;
    while (at < this.text.length && this.text[at] !== "'") at += this.text[at] === '\\' ? 2 : 1;
    if (at >= this.text.length) throw new IntrinsicError(`Unterminated string literal in '${this.text}'`);
    const raw = this.text.slice(this.at + 1, at);
    this.at = at + 1;
    return { kind: 'string', raw };
  }

  private path(): IntrinsicArgument {
    let at = this.at;
    let depth = 0;
    let quote: string | undefined;
    for (; at < this.text.length; at += 1) {
      const char = this.text[at];
      if (quote) {
        if (char === '\\') at += 1;
        else if (char === quote) quote = undefined;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '[' || char === '(') depth += 1;
      else if ((char === ']' || char === ')') && depth > 0) depth -= 1;
      else if ((char === ',' || char === ')') && depth === 0) break;
    }
    const path = this.text.slice(this.at, at).trim();
    this.at = at;
    return { kind: 'path', path };
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at += 1;
  }
}
