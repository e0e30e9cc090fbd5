import type { FunctionCall } from '../ast';
import { castSql } from '../casts';
import type { NameGenerator, Typed } from '../scope';
import { SemanticError } from '../syntax-error';
import { sameType, typeName, type TrinoType } from '../types';
import { bind, parsePattern, patternText, substitute, type Bindings, type Pattern } from './signature';

/**
 * The functions the sandbox implements, each with its Trino signatures and the DuckDB SQL that
 * computes it. Resolution picks the signature needing the fewest coercions, coerces the
 * arguments, and fails as Trino does: `Function 'f' not registered` (FUNCTION_NOT_FOUND) for an
 * unknown name, `Unexpected parameters (…) for function f. Expected: …` for arguments no
 * signature takes. A Trino function the sandbox does not implement is refused by name.
 */
export type FunctionKind = 'scalar' | 'aggregate' | 'window';

/** What a call gives its implementation. */
export interface Bound {
  /** Arguments coerced to the signature's parameter types. */
  args: Typed[];
  /** Arguments as written. */
  original: Typed[];
  /** Lambda arguments: DuckDB lambda SQL, with the body's type. */
  lambdas: Typed[];
  bindings: Bindings;
  returnType: TrinoType;
  call: CallSite;
}

/** The call being resolved, as the expression analyzer sees it. */
export interface CallSite {
  name: string;
  node: FunctionCall;
  /** Inside TRY(…): failures answer NULL. */
  tryMode: boolean;
  names: NameGenerator;
  /** `DISTINCT`, `ORDER BY …`, `FILTER (WHERE …)` of an aggregate, as DuckDB SQL. */
  aggregate?: { distinct: boolean; orderBy?: string; filter?: string };
  /** The window of an aggregate or window function (`PARTITION BY … ORDER BY … ROWS …`). */
  over?: string;
  /** `IGNORE NULLS` of a window function. */
  ignoreNulls?: boolean;
  /** The session's database (current_schema). */
  database: string;
}

export type Argument = { kind: 'value'; value: Typed } | { kind: 'lambda'; analyze: (parameterTypes: TrinoType[]) => Typed };

interface CompiledSignature {
  text: string;
  parameters: Pattern[];
  variadic: boolean;
  result?: Pattern;
  returns?: (bound: Bound) => TrinoType;
  emit: (bound: Bound) => string;
  /** Checks constant arguments (units, formats) before emitting; throws SemanticError. */
  check?: (bound: Bound) => void;
}

export interface FunctionDefinition {
  name: string;
  kind: FunctionKind;
  signatures: CompiledSignature[];
}

export interface SignatureOptions {
  returns?: (bound: Bound) => TrinoType;
  check?: (bound: Bound) => void;
}

export class FunctionRegistry {
  private readonly functions = new Map<string, FunctionDefinition>();

  scalar(signature: string, emit: (bound: Bound) => string, options: SignatureOptions = {}): this {
    return this.add('scalar', signature, emit, options);
  }

  aggregate(signature: string, emit: (bound: Bound) => string, options: SignatureOptions = {}): this {
    return this.add('aggregate', signature, emit, options);
  }

  window(signature: string, emit: (bound: Bound) => string, options: SignatureOptions = {}): this {
    return this.add('window', signature, emit, options);
  }

  /** Another name for every signature of a function. */
  alias(alias: string, name: string): this {
    const definition = this.functions.get(name);
    if (!definition) throw new Error(`No function ${name} to alias`);
    this.functions.set(alias, { ...definition, name: alias });
    return this;
  }

  get(name: string): FunctionDefinition | undefined {
    return this.functions.get(name);
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }

  resolve(definition: FunctionDefinition, args: Argument[], site: CallSite): Typed {
    let best: { signature: CompiledSignature; bindings: Bindings; cost: number; lambdas: Typed[] } | undefined;
    for (const signature of definition.signatures) {
      const arity = signature.parameters.length;
      if (signature.variadic ? args.length < arity : args.length !== arity) continue;
      const bindings: Bindings = { types: new Map(), literals: new Map() };
      let cost = 0;
      let failed = false;
      const patternAt = (index: number) => signature.parameters[Math.min(index, arity - 1)]!;
      args.forEach((argument, index) => {
        if (failed || argument.kind !== 'value') return;
        const pattern = patternAt(index);
        if (pattern.kind === 'function') {
          failed = true;
          return;
        }
        const added = bind(pattern, argument.value.type, bindings);
        if (added === undefined) failed = true;
        else cost += added;
      });
      if (failed) continue;
      const lambdas: Typed[] = [];
      for (let index = 0; index < args.length && !failed; index++) {
        const argument = args[index]!;
        if (argument.kind !== 'lambda') continue;
        const pattern = patternAt(index);
        if (pattern.kind !== 'function') {
          failed = true;
          break;
        }
        const body = argument.analyze(pattern.parameters.map((parameter) => substitute(parameter, bindings)));
        const added = bind(pattern.result, body.type, bindings);
        if (added === undefined) failed = true;
        else {
          cost += added;
          lambdas.push(body);
        }
      }
      if (failed) continue;
      if (!best || cost < best.cost) best = { signature, bindings, cost, lambdas };
      if (cost === 0) break;
    }
    if (!best) throw unexpectedParameters(definition, args, site);
    const { signature, bindings, lambdas } = best;
    const original = args.flatMap((argument) => (argument.kind === 'value' ? [argument.value] : []));
    let valueIndex = 0;
    const coerced: Typed[] = [];
    args.forEach((argument, index) => {
      if (argument.kind !== 'value') return;
      const target = substitute(signature.parameters[Math.min(index, signature.parameters.length - 1)]!, bindings);
      const value = original[valueIndex++]!;
      coerced.push(coerce(value, target));
    });
    const bound: Bound = { args: coerced, original, lambdas, bindings, returnType: { name: 'unknown' }, call: site };
    bound.returnType = signature.returns
      ? signature.returns(bound)
      : signature.result
        ? substitute(signature.result, bindings)
        : { name: 'unknown' };
    signature.check?.(bound);
    return { type: bound.returnType, sql: signature.emit(bound) };
  }

  private add(kind: FunctionKind, text: string, emit: (bound: Bound) => string, options: SignatureOptions): this {
    const { name, params, result } = splitSignature(text.trim());
    const parts = splitTopLevel(params);
    const variadic = parts.length > 0 && parts[parts.length - 1]!.endsWith('...');
    const parameters = parts.map((part) => parsePattern(part.replace(/\.\.\.$/, '')));
    const signature: CompiledSignature = {
      text: `${name}(${parameters.map(patternText).join(', ')})`,
      parameters,
      variadic,
      result: result ? parsePattern(result) : undefined,
      returns: options.returns,
      emit,
      check: options.check,
    };
    const existing = this.functions.get(name);
    if (existing) {
      if (existing.kind !== kind) throw new Error(`${name} is both ${existing.kind} and ${kind}`);
      existing.signatures.push(signature);
    } else this.functions.set(name, { name, kind, signatures: [signature] });
    return this;
  }
}

/** Coerces a value to a parameter type (no SQL when the DuckDB representation is the same). */
export function coerce(value: Typed, target: TrinoType): Typed {
  if (sameType(value.type, target) || target.name === 'unknown') return value;
  if (value.type.name === 'varchar' && target.name === 'varchar') return { ...value, type: target };
  return { ...value, type: target, sql: castSql(value, target, 'implicit') };
}

function unexpectedParameters(definition: FunctionDefinition, args: Argument[], site: CallSite): SemanticError {
  const actual = args.map((argument) => (argument.kind === 'value' ? typeName(argument.value.type) : 'function')).join(', ');
  const expected = [...new Set(definition.signatures.map((signature) => signature.text))].sort().join(', ');
  return new SemanticError(
    'FUNCTION_NOT_FOUND',
    `Unexpected parameters (${actual}) for function ${site.name}. Expected: ${expected}`,
    site.node.start,
  );
}

/** `name(params) -> result` (the result may contain parentheses too). */
function splitSignature(text: string): { name: string; params: string; result?: string } {
  const open = text.indexOf('(');
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) {
      const rest = text.slice(i + 1).trim();
      return {
        name: text.slice(0, open),
        params: text.slice(open + 1, i),
        result: rest.startsWith('->') ? rest.slice(2).trim() : undefined,
      };
    }
  }
  throw new Error(`Bad signature: ${text}`);
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** `name(a, b, …)` from the bound arguments. */
export function call(name: string): (bound: Bound) => string {
  return (bound) => `${name}(${bound.args.map((arg) => arg.sql).join(', ')})`;
}

/** An aggregate (or window) call with its DISTINCT, ORDER BY, IGNORE NULLS, FILTER and OVER. */
export function aggregateCall(name: string, args: string[], bound: Bound): string {
  const modifiers = bound.call.aggregate;
  const distinct = modifiers?.distinct ? 'DISTINCT ' : '';
  const orderBy = modifiers?.orderBy ? ` ORDER BY ${modifiers.orderBy}` : '';
  const ignoreNulls = bound.call.ignoreNulls ? ' IGNORE NULLS' : '';
  const filter = modifiers?.filter ? ` FILTER (WHERE ${modifiers.filter})` : '';
  const over = bound.call.over !== undefined ? ` OVER (${bound.call.over})` : '';
  return `${name}(${distinct}${args.join(', ')}${orderBy}${ignoreNulls})${filter}${over}`;
}

export function aggregate(name: string): (bound: Bound) => string {
  return (bound) =>
    aggregateCall(
      name,
      bound.args.map((arg) => arg.sql),
      bound,
    );
}

/** Fails at run time with Athena's error name (or answers NULL inside TRY). */
export function failWhen(bound: Bound, condition: string, message: string, value: string, errorName = 'INVALID_FUNCTION_ARGUMENT'): string {
  if (bound.call.tryMode) return `CASE WHEN ${condition} THEN NULL ELSE ${value} END`;
  return `CASE WHEN ${condition} THEN error('${errorName}: ' || ${message}) ELSE ${value} END`;
}

/** A lambda argument's DuckDB lambda. */
export function lambdaSql(bound: Bound, index: number): string {
  const value = bound.lambdas[index];
  if (!value) throw new SemanticError('FUNCTION_NOT_FOUND', `${bound.call.name} needs a lambda expression`, bound.call.node.start);
  return value.sql;
}

/** A lambda's body with its parameters bound to the given SQL (for values computed in place). */
export function inlineLambda(bound: Bound, index: number, parameters: string[]): string {
  const value = bound.lambdas[index];
  if (!value?.inline) throw new SemanticError('FUNCTION_NOT_FOUND', `${bound.call.name} needs a lambda expression`, bound.call.node.start);
  return value.inline(parameters);
}

/** The literal value of a constant argument, or a SemanticError naming what must be constant. */
export function constantString(bound: Bound, index: number, what: string): string {
  const value = bound.original[index]?.literal;
  if (typeof value !== 'string') {
    throw new SemanticError(
      'NOT_SUPPORTED',
      `The postflight sandbox needs ${what} of ${bound.call.name} as a literal`,
      bound.call.node.start,
    );
  }
  return value;
}
