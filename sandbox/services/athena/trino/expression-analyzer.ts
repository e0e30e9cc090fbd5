import { quoteIdentifier, quoteString } from '../sql-lexer';
import type { Expression, FunctionCall, Identifier, Query, SortItem, WindowFrame, WindowSpecification } from './ast';
import { canCast, castSql, CastError } from './casts';
import { commonSuperType, commonSuperTypeOf, isOrderable } from './coercion';
import { FUNCTIONS, isUnimplemented } from './functions';
import { local } from './functions/datetime';
import { coerce, type Argument, type CallSite } from './functions/registry';
import { intervalLiteral, normalizeZone, numberLiteral, stringLiteral, typedLiteral } from './literals';
import { arithmetic, comparable, compare, concatenate, negate } from './operators';
import { Scope, type Field, type NameGenerator, type Typed } from './scope';
import { notSupported, SemanticError } from './syntax-error';
import {
  arrayOf,
  BIGINT,
  BOOLEAN,
  DATE,
  fieldKey,
  isCharacter,
  isIntegerType,
  isTimestampWithZone,
  parseType,
  rowField,
  rowOf,
  time,
  timestamp,
  TypeParseError,
  typeName,
  VARCHAR,
  type TrinoType,
} from './types';

/**
 * Types and translates expressions: each node becomes a Trino type and the DuckDB SQL computing
 * it, checked as Trino checks it (TYPE_MISMATCH, FUNCTION_NOT_FOUND, COLUMN_NOT_FOUND,
 * EXPRESSION_NOT_AGGREGATE …), positioned in the user's SQL. Subqueries go back to the query
 * analyzer through `SubqueryAnalyzer`.
 */
export interface SubqueryAnalyzer {
  analyzeSubquery(query: Query, outer: Scope): { sql: string; columns: Array<{ name?: string; type: TrinoType }> };
}

export interface AnalysisSession {
  names: NameGenerator;
  /** The query's database (current_schema). */
  database: string;
  queries: SubqueryAnalyzer;
}

/** Where an expression sits: its scope and what it may contain. */
export interface ExpressionEnvironment {
  scope: Scope;
  /** The GROUP BY expressions' SQL when the SELECT aggregates (column reads must be among them). */
  grouping?: Set<string>;
  allowAggregates: boolean;
  allowWindows: boolean;
  /** Named windows of the SELECT (`WINDOW w AS (…)`). */
  windows?: Map<string, WindowSpecification>;
  /** The clause, for errors (`WHERE clause cannot contain aggregations`). */
  clause: string;
}

interface State extends ExpressionEnvironment {
  inAggregate: boolean;
  tryMode: boolean;
}

const EXTRACT_FIELDS: Record<string, string> = {
  YEAR: 'year',
  QUARTER: 'quarter',
  MONTH: 'month',
  WEEK: 'week',
  DAY: 'day',
  DAY_OF_MONTH: 'day',
  DAY_OF_WEEK: 'day_of_week',
  DOW: 'day_of_week',
  DAY_OF_YEAR: 'day_of_year',
  DOY: 'day_of_year',
  YEAR_OF_WEEK: 'year_of_week',
  YOW: 'year_of_week',
  HOUR: 'hour',
  MINUTE: 'minute',
  SECOND: 'second',
  TIMEZONE_HOUR: 'timezone_hour',
  TIMEZONE_MINUTE: 'timezone_minute',
};

export class ExpressionAnalyzer {
  constructor(private readonly session: AnalysisSession) {}

  /** Analyzes an expression in an environment; a column read outside GROUP BY is reported by the caller via `ungrouped`. */
  analyze(node: Expression, environment: ExpressionEnvironment): Typed {
    return this.visit(node, { ...environment, inAggregate: false, tryMode: false });
  }

  /** An expression that must be boolean (WHERE, HAVING, ON, CASE WHEN). */
  condition(node: Expression, environment: ExpressionEnvironment, what: string): Typed {
    const value = this.analyze(node, environment);
    return this.booleanOf(value, node.start, what);
  }

  /** Fails unless a column read is covered by GROUP BY. */
  static checkGrouped(value: Typed): void {
    if (value.ungrouped)
      throw new SemanticError(
        'EXPRESSION_NOT_AGGREGATE',
        `'${value.ungrouped.text}' must be an aggregate expression or appear in GROUP BY clause`,
        value.ungrouped.position,
      );
  }

  /** ORDER BY / window ORDER BY item as DuckDB SQL (Trino sorts NULLs last unless told otherwise). */
  sortItem(item: SortItem, value: Typed): string {
    if (!isOrderable(value.type))
      throw new SemanticError(
        'TYPE_MISMATCH',
        `Type ${typeName(value.type)} is not orderable, and therefore cannot be used in ORDER BY`,
        item.expression.start,
      );
    return `${comparable(value)} ${item.descending ? 'DESC' : 'ASC'} NULLS ${item.nulls ?? 'LAST'}`;
  }

  private visit(node: Expression, state: State): Typed {
    const result = this.visitNode(node, state);
    if (state.grouping && !state.inAggregate && result.ungrouped && state.grouping.has(result.sql))
      return { ...result, ungrouped: undefined };
    return result;
  }

  private visitNode(node: Expression, state: State): Typed {
    switch (node.kind) {
      case 'string':
        return stringLiteral(node.value);
      case 'number':
        return numberLiteral(node.text, node.start);
      case 'boolean':
        return { type: BOOLEAN, sql: node.value ? 'true' : 'false', literal: node.value };
      case 'null':
        return { type: { name: 'unknown' }, sql: 'NULL', literal: null };
      case 'typedLiteral':
        return typedLiteral(node.type, node.value, node.start);
      case 'interval':
        return intervalLiteral(node);
      case 'identifier':
      case 'dereference':
        return this.reference(node, state);
      case 'subscript':
        return this.subscript(node, state);
      case 'call':
        return this.call(node, state);
      case 'lambda':
        throw new SemanticError('TYPE_MISMATCH', 'Lambda expression is only allowed as a function argument', node.start);
      case 'cast':
        return this.cast(node, state);
      case 'arithmetic': {
        const [left, right] = [this.visit(node.left, state), this.visit(node.right, state)];
        return merge(arithmetic(node.operator, left, right, node.start, state), left, right);
      }
      case 'concat': {
        const [left, right] = [this.visit(node.left, state), this.visit(node.right, state)];
        return merge(concatenate(left, right, node.start), left, right);
      }
      case 'negative': {
        const operand = this.visit(node.operand, state);
        return merge(negate(operand, node.start), operand);
      }
      case 'comparison': {
        const [left, right] = [this.visit(node.left, state), this.visit(node.right, state)];
        return merge(compare(node.operator, left, right, node.start), left, right);
      }
      case 'isDistinct': {
        const [left, right] = [this.visit(node.left, state), this.visit(node.right, state)];
        const operator = node.negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM';
        return merge(compare(operator, left, right, node.start), left, right);
      }
      case 'logical': {
        const left = this.booleanOf(this.visit(node.left, state), node.left.start, 'Left side of logical expression');
        const right = this.booleanOf(this.visit(node.right, state), node.right.start, 'Right side of logical expression');
        return merge({ type: BOOLEAN, sql: `(${left.sql} ${node.operator} ${right.sql})` }, left, right);
      }
      case 'not': {
        const operand = this.booleanOf(this.visit(node.operand, state), node.operand.start, 'Value of logical NOT expression');
        return merge({ type: BOOLEAN, sql: `(NOT ${operand.sql})` }, operand);
      }
      case 'between': {
        const [value, low, high] = [this.visit(node.value, state), this.visit(node.low, state), this.visit(node.high, state)];
        const common = commonSuperTypeOf([value.type, low.type, high.type]);
        if (!common)
          throw new SemanticError(
            'TYPE_MISMATCH',
            `Cannot check if ${typeName(value.type)} is BETWEEN ${typeName(low.type)} and ${typeName(high.type)}`,
            node.start,
          );
        const [v, l, h] = [value, low, high].map((part) => comparable(coerce(part, common)));
        const sql = `(${v} ${node.negated ? 'NOT ' : ''}BETWEEN ${l} AND ${h})`;
        return merge({ type: BOOLEAN, sql }, value, low, high);
      }
      case 'inList': {
        const value = this.visit(node.value, state);
        const items = node.list.map((item) => this.visit(item, state));
        const common = commonSuperTypeOf([value.type, ...items.map((item) => item.type)]);
        if (!common)
          throw new SemanticError('TYPE_MISMATCH', `IN value and list items must be the same type: ${typeName(value.type)}`, node.start);
        const list = items.map((item) => comparable(coerce(item, common))).join(', ');
        return merge(
          { type: BOOLEAN, sql: `(${comparable(coerce(value, common))} ${node.negated ? 'NOT ' : ''}IN (${list}))` },
          value,
          ...items,
        );
      }
      case 'inSubquery': {
        const { value, left, inner } = this.subqueryComparison(
          node.value,
          node.query,
          state,
          (valueType, column) => `Value expression and result of subquery must be of the same type: ${valueType} vs ${column}`,
        );
        return merge({ type: BOOLEAN, sql: `(${left} ${node.negated ? 'NOT ' : ''}IN (${inner}))` }, value);
      }
      case 'quantified': {
        const { value, left, inner } = this.subqueryComparison(
          node.left,
          node.query,
          state,
          (valueType, column) => `Cannot apply operator: ${valueType} ${node.operator} ${column}`,
        );
        const quantifier = node.quantifier === 'SOME' ? 'ANY' : node.quantifier;
        return merge({ type: BOOLEAN, sql: `(${left} ${node.operator} ${quantifier} (${inner}))` }, value);
      }
      case 'like': {
        const value = this.visit(node.value, state);
        const pattern = this.visit(node.pattern, state);
        const escape = node.escape ? this.visit(node.escape, state) : undefined;
        for (const part of [value, pattern, ...(escape ? [escape] : [])]) {
          if (!isCharacter(part.type) && part.type.name !== 'unknown')
            throw new SemanticError(
              'TYPE_MISMATCH',
              `Left side of LIKE expression must evaluate to a varchar (actual: ${typeName(part.type)})`,
              node.start,
            );
        }
        const escapeSql = escape ? ` ESCAPE ${escape.sql}` : '';
        return merge({ type: BOOLEAN, sql: `(${value.sql} ${node.negated ? 'NOT ' : ''}LIKE ${pattern.sql}${escapeSql})` }, value, pattern);
      }
      case 'isNull': {
        const value = this.visit(node.value, state);
        return merge({ type: BOOLEAN, sql: `(${value.sql} IS ${node.negated ? 'NOT ' : ''}NULL)` }, value);
      }
      case 'case':
        return this.caseExpression(node, state);
      case 'exists': {
        const subquery = this.session.queries.analyzeSubquery(node.query, state.scope);
        return { type: BOOLEAN, sql: `EXISTS (${subquery.sql})` };
      }
      case 'subquery': {
        const subquery = this.session.queries.analyzeSubquery(node.query, state.scope);
        const column = this.singleColumn(subquery.columns, node.start);
        return { type: column, sql: `(${subquery.sql})` };
      }
      case 'row': {
        const items = node.items.map((item) => this.visit(item, state));
        const type = rowOf(items.map((item) => ({ type: item.type })));
        const fields = items.map((item, index) => `${quoteIdentifier(fieldKey({ type: item.type }, index))} := ${item.sql}`);
        return merge({ type, sql: `struct_pack(${fields.join(', ')})` }, ...items);
      }
      case 'array': {
        const items = node.items.map((item) => this.visit(item, state));
        const element = items.length === 0 ? ({ name: 'unknown' } as TrinoType) : commonSuperTypeOf(items.map((item) => item.type));
        if (!element)
          throw new SemanticError('TYPE_MISMATCH', `All ARRAY elements must be the same type: ${typeName(items[0]!.type)}`, node.start);
        const type = arrayOf(element);
        if (items.length === 0) return { type, sql: 'CAST([] AS INTEGER[])' };
        return merge({ type, sql: `[${items.map((item) => coerce(item, element).sql).join(', ')}]` }, ...items);
      }
      case 'atTimeZone':
        return this.atTimeZone(node, state);
      case 'extract': {
        const name = EXTRACT_FIELDS[node.field.value.toUpperCase()];
        if (!name) throw new SemanticError('INVALID_FUNCTION_ARGUMENT', `Invalid EXTRACT field: ${node.field.value}`, node.field.start);
        return this.call(
          { kind: 'call', start: node.start, name: [{ value: name, start: node.start }], args: [node.value], distinct: false },
          state,
        );
      }
      case 'currentTime':
        return this.currentTime(node);
      case 'trim': {
        const name = { BOTH: 'trim', LEADING: 'ltrim', TRAILING: 'rtrim' }[node.specification];
        const args = node.characters ? [node.source, node.characters] : [node.source];
        return this.call({ kind: 'call', start: node.start, name: [{ value: name, start: node.start }], args, distinct: false }, state);
      }
      case 'parameter':
        throw new SemanticError(
          'INVALID_PARAMETER_USAGE',
          'Query has parameters but no values were given (ExecutionParameters)',
          node.start,
        );
    }
  }

  private booleanOf(value: Typed, position: number, what: string): Typed {
    if (value.type.name === 'boolean') return value;
    if (value.type.name === 'unknown') return { ...value, type: BOOLEAN, sql: 'CAST(NULL AS BOOLEAN)' };
    throw new SemanticError('TYPE_MISMATCH', `${what} must evaluate to a boolean (actual: ${typeName(value.type)})`, position);
  }

  private singleColumn(columns: Array<{ type: TrinoType }>, position: number): TrinoType {
    if (columns.length !== 1)
      throw new SemanticError(
        'NOT_SUPPORTED',
        `Multiple columns returned by subquery are not yet supported. Found ${columns.length}`,
        position,
      );
    return columns[0]!.type;
  }

  /** A one-column subquery as values of the compared type (instants for timestamps with time zone). */
  /** `value IN (subquery)` and `value <op> ANY (subquery)`: both sides coerced to their common type, or TYPE_MISMATCH. */
  private subqueryComparison(
    node: Expression,
    query: Query,
    state: State,
    mismatch: (value: string, column: string) => string,
  ): { value: Typed; left: string; inner: string } {
    const value = this.visit(node, state);
    const subquery = this.session.queries.analyzeSubquery(query, state.scope);
    const column = this.singleColumn(subquery.columns, query.start);
    const common = commonSuperType(value.type, column);
    if (!common) throw new SemanticError('TYPE_MISMATCH', mismatch(typeName(value.type), typeName(column)), node.start);
    return { value, left: comparable(coerce(value, common)), inner: this.coerceSubquery(subquery.sql, column, common) };
  }

  private coerceSubquery(sql: string, from: TrinoType, to: TrinoType): string {
    if (typeName(from) === typeName(to) && !isTimestampWithZone(to)) return sql;
    const alias = quoteIdentifier(this.session.names.next('subquery'));
    const value = comparable(coerce({ type: from, sql: `${alias}.${quoteIdentifier('c0')}` }, to));
    return `SELECT ${value} FROM (${sql}) AS ${alias}`;
  }

  // ---- names ----

  private reference(node: Extract<Expression, { kind: 'identifier' | 'dereference' }>, state: State): Typed {
    const chain = identifierChain(node);
    if (!chain) {
      // A dereference on a computed row: `(ROW(1, 2)).x`, `f(x).field`.
      const base = this.visit((node as Extract<Expression, { kind: 'dereference' }>).base, state);
      return merge(this.field(base, (node as Extract<Expression, { kind: 'dereference' }>).field, node.start), base);
    }
    const resolved = state.scope.resolve(chain);
    if (!resolved) {
      throw new SemanticError(
        'COLUMN_NOT_FOUND',
        `Column '${chain.map((part) => part.value).join('.')}' cannot be resolved`,
        chain[0]!.start,
      );
    }
    const { field, rest, scope } = resolved;
    let value: Typed = { type: field.type, sql: field.sql, reads: field.tableReference !== undefined ? new Set([field]) : undefined };
    const covered = chain.slice(0, chain.length - rest.length);
    // A column of this SELECT's own FROM, read outside an aggregate, must be grouped.
    if (state.grouping && !state.inAggregate && scope === state.scope && !scope.lambda) {
      value.ungrouped = { text: covered.map((part) => part.value).join('.'), position: chain[0]!.start };
      if (state.grouping.has(value.sql)) value.ungrouped = undefined;
    }
    for (const part of rest) value = merge(this.field(value, part, node.start), value);
    return value;
  }

  private field(base: Typed, name: Identifier, position: number): Typed {
    if (base.type.name !== 'row')
      throw new SemanticError('TYPE_MISMATCH', `Expression ${typeName(base.type)} is not of type ROW`, position);
    const index = base.type.fields.findIndex((field) => field.name === name.value);
    if (index < 0) throw new SemanticError('COLUMN_NOT_FOUND', `Column '${name.value}' cannot be resolved`, name.start);
    const field = base.type.fields[index]!;
    return { type: field.type, sql: `struct_extract(${base.sql}, ${quoteString(fieldKey(field, index))})` };
  }

  private subscript(node: Extract<Expression, { kind: 'subscript' }>, state: State): Typed {
    const base = this.visit(node.base, state);
    const index = this.visit(node.index, state);
    const type = base.type;
    const failing = (condition: string, message: string) =>
      state.tryMode ? [`WHEN ${condition} THEN NULL`] : [`WHEN ${condition} THEN error('INVALID_FUNCTION_ARGUMENT: ' || ${message})`];
    if (type.name === 'array') {
      if (!isIntegerType(index.type))
        throw new SemanticError('TYPE_MISMATCH', `Cannot use ${typeName(index.type)} for subscript of ${typeName(type)}`, node.start);
      const [array, at] = [base.sql, index.sql];
      const checks = [
        ...failing(
          `${at} > len(${array})`,
          `'Array subscript must be less than or equal to array length: ' || ${at} || ' > ' || len(${array})`,
        ),
        ...failing(`${at} = 0`, `'SQL array indices start at 1'`),
        ...failing(`${at} < 0`, `'Array subscript is negative: ' || ${at}`),
      ];
      return merge({ type: type.element, sql: `CASE ${checks.join(' ')} ELSE ${array}[${at}] END` }, base, index);
    }
    if (type.name === 'map') {
      const key = coerce(index, type.key);
      if (!commonSuperType(index.type, type.key))
        throw new SemanticError('TYPE_MISMATCH', `Cannot use ${typeName(index.type)} for subscript of ${typeName(type)}`, node.start);
      const checks = failing(`NOT list_contains(map_keys(${base.sql}), ${key.sql})`, `'Key not present in map: ' || ${key.sql}`);
      return merge({ type: type.value, sql: `CASE ${checks.join(' ')} ELSE ${base.sql}[${key.sql}] END` }, base, index);
    }
    if (type.name === 'row') {
      const position = index.literal;
      if (typeof position !== 'number' || !Number.isInteger(position))
        throw new SemanticError('INVALID_FUNCTION_ARGUMENT', 'Subscript expression on ROW requires a constant index', node.index.start);
      const field = type.fields[position - 1];
      if (!field)
        throw new SemanticError(
          'INVALID_FUNCTION_ARGUMENT',
          `Invalid subscript index: ${position}. ROW indices start at 1 and must be less than or equal to ${type.fields.length}`,
          node.index.start,
        );
      return merge({ type: field.type, sql: rowField(base.sql, type, position - 1) }, base);
    }
    throw new SemanticError('TYPE_MISMATCH', `Cannot use ${typeName(index.type)} for subscript of ${typeName(type)}`, node.start);
  }

  // ---- calls ----

  private call(node: FunctionCall, state: State): Typed {
    if (node.name.length > 1)
      throw notSupported(`the qualified function name ${node.name.map((part) => part.value).join('.')}`, node.start);
    const name = node.name[0]!.value;
    const special = this.specialCall(name, node, state);
    if (special) return special;
    if (node.star) {
      if (name !== 'count') throw new SemanticError('FUNCTION_NOT_FOUND', `Function '${name}' not registered`, node.start);
      return this.aggregateCall(
        node,
        state,
        () => ({ type: BIGINT, sql: '' }),
        (site) => {
          const filter = site.aggregate?.filter ? ` FILTER (WHERE ${site.aggregate.filter})` : '';
          return `count(*)${filter}`;
        },
      );
    }
    const definition = FUNCTIONS.get(name);
    if (!definition) {
      if (isUnimplemented(name))
        throw new SemanticError('NOT_SUPPORTED', `The postflight sandbox does not implement the function ${name}`, node.start);
      throw new SemanticError('FUNCTION_NOT_FOUND', `Function '${name}' not registered`, node.start);
    }
    if (definition.kind === 'scalar') {
      if (node.over) throw new SemanticError('FUNCTION_NOT_FOUND', `${name} is not a window function`, node.start);
      if (node.filter || node.orderBy || node.distinct)
        throw new SemanticError(
          'FUNCTION_NOT_FOUND',
          `${name} is not an aggregate function, DISTINCT, ORDER BY and FILTER apply to aggregates`,
          node.start,
        );
      const args = node.args.map((arg) => this.argument(arg, state));
      const site = this.site(name, node, state);
      const result = FUNCTIONS.resolve(definition, args, site);
      return merge(result, ...values(args));
    }
    if (definition.kind === 'window' && !node.over)
      throw new SemanticError('MISSING_OVER', `Window function ${name} requires an OVER clause`, node.start);
    return this.aggregateCall(node, state, (inner, site) =>
      FUNCTIONS.resolve(
        definition,
        node.args.map((arg) => this.argument(arg, inner)),
        site,
      ),
    );
  }

  /** An aggregate or window call: arguments inside the aggregate, then OVER if any. */
  private aggregateCall(
    node: FunctionCall,
    state: State,
    resolve: (inner: State, site: CallSite) => Typed,
    emitStar?: (site: CallSite) => string,
  ): Typed {
    const name = node.name[0]!.value;
    const window = node.over !== undefined;
    if (!window && !state.allowAggregates) {
      throw new SemanticError(
        'EXPRESSION_NOT_SCALAR',
        `${state.clause} cannot contain aggregations, window functions or grouping operations: [${name}]`,
        node.start,
      );
    }
    if (window && !state.allowWindows) {
      throw new SemanticError(
        'EXPRESSION_NOT_SCALAR',
        `${state.clause} cannot contain aggregations, window functions or grouping operations: [${name}]`,
        node.start,
      );
    }
    if (!window && state.inAggregate)
      throw new SemanticError('NESTED_AGGREGATION', `Cannot nest aggregations inside aggregation '${name}'`, node.start);
    const inner: State = window ? { ...state } : { ...state, inAggregate: true };
    const site = this.site(name, node, state);
    const filter = node.filter ? this.booleanOf(this.visit(node.filter, inner), node.filter.start, 'Filter expression') : undefined;
    const orderBy = node.orderBy?.map((item) => this.sortItem(item, this.visit(item.expression, inner)));
    site.aggregate = { distinct: node.distinct, orderBy: orderBy?.join(', '), filter: filter?.sql };
    if (node.nullTreatment === 'IGNORE') {
      if (!window)
        throw new SemanticError('NULL_TREATMENT_NOT_ALLOWED', `Cannot specify null treatment clause for ${name} function`, node.start);
      site.ignoreNulls = true;
    }
    const over = window ? this.windowSpecification(node.over!, state, node.start) : undefined;
    site.over = over?.sql;
    const result = emitStar ? { type: BIGINT, sql: emitStar(site) } : resolve(inner, site);
    if (!over) return { type: result.type, sql: result.sql, aggregate: true };
    return { ...result, window: true, ungrouped: over.ungrouped, aggregate: over.aggregate };
  }

  private windowSpecification(spec: WindowSpecification, state: State, position: number): Typed {
    let resolved = spec;
    if (spec.existing) {
      const named = state.windows?.get(spec.existing.value);
      if (!named)
        throw new SemanticError('INVALID_WINDOW_REFERENCE', `Cannot resolve WINDOW name ${spec.existing.value}`, spec.existing.start);
      resolved = {
        partitionBy: spec.partitionBy.length ? spec.partitionBy : named.partitionBy,
        orderBy: spec.orderBy.length ? spec.orderBy : named.orderBy,
        frame: spec.frame ?? named.frame,
      };
    }
    const parts: string[] = [];
    const used: Typed[] = [];
    if (resolved.partitionBy.length) {
      const keys = resolved.partitionBy.map((expression) => this.visit(expression, state));
      used.push(...keys);
      parts.push(`PARTITION BY ${keys.map((key) => comparable(key)).join(', ')}`);
    }
    if (resolved.orderBy.length) {
      const keys = resolved.orderBy.map((item) => {
        const value = this.visit(item.expression, state);
        used.push(value);
        return this.sortItem(item, value);
      });
      parts.push(`ORDER BY ${keys.join(', ')}`);
    }
    if (resolved.frame) parts.push(this.frame(resolved.frame, state, position));
    return merge({ type: BOOLEAN, sql: parts.join(' ') }, ...used);
  }

  private frame(frame: WindowFrame, state: State, position: number): string {
    const bound = (value: WindowFrame['start']) => {
      if (!value.offset) return value.kind;
      const offset = this.visit(value.offset, state);
      if (frame.unit !== 'RANGE' && !isIntegerType(offset.type))
        throw new SemanticError(
          'TYPE_MISMATCH',
          `Window frame ${frame.unit} offset must be an exact numeric type with scale 0 (actual ${typeName(offset.type)})`,
          position,
        );
      return `${offset.sql} ${value.kind}`;
    };
    return frame.end ? `${frame.unit} BETWEEN ${bound(frame.start)} AND ${bound(frame.end)}` : `${frame.unit} ${bound(frame.start)}`;
  }

  private site(name: string, node: FunctionCall, state: State): CallSite {
    return { name, node, tryMode: state.tryMode, names: this.session.names, database: this.session.database };
  }

  private argument(node: Expression, state: State): Argument {
    if (node.kind !== 'lambda') return { kind: 'value', value: this.visit(node, state) };
    return {
      kind: 'lambda',
      analyze: (parameterTypes) => {
        if (parameterTypes.length !== node.parameters.length)
          throw new SemanticError(
            'INVALID_PARAMETER_USAGE',
            `Expected a lambda that takes ${parameterTypes.length} argument(s) but got ${node.parameters.length}`,
            node.start,
          );
        const names = node.parameters.map((parameter) => this.session.names.variable(`${parameter.value}_`));
        const body = this.lambdaBody(node, parameterTypes, names, state);
        return {
          ...body,
          sql: `lambda ${names.join(', ')}: ${body.sql}`,
          inline: (parameters) =>
            this.lambdaBody(
              node,
              parameterTypes,
              parameters.map((sql) => `(${sql})`),
              state,
            ).sql,
        };
      },
    };
  }

  private lambdaBody(node: Extract<Expression, { kind: 'lambda' }>, types: TrinoType[], sqls: string[], state: State): Typed {
    const fields: Field[] = node.parameters.map((parameter, index) => ({
      name: parameter.value,
      qualifiers: [],
      type: types[index] ?? { name: 'unknown' },
      sql: sqls[index]!,
    }));
    return this.visit(node.body, {
      ...state,
      scope: new Scope(fields, state.scope, true),
      allowAggregates: false,
      allowWindows: false,
      clause: 'Lambda expression',
    });
  }

  /** Expressions that look like calls but are not functions: coalesce, nullif, if, try, typeof, grouping, … */
  private specialCall(name: string, node: FunctionCall, state: State): Typed | undefined {
    const args = () => node.args.map((arg) => this.visit(arg, state));
    switch (name) {
      case 'coalesce': {
        const values = args();
        if (values.length < 1) throw new SemanticError('FUNCTION_NOT_FOUND', 'coalesce needs arguments', node.start);
        const common = commonSuperTypeOf(values.map((value) => value.type));
        if (!common)
          throw new SemanticError('TYPE_MISMATCH', `All COALESCE operands must be the same type: ${typeName(values[0]!.type)}`, node.start);
        return merge({ type: common, sql: `coalesce(${values.map((value) => coerce(value, common).sql).join(', ')})` }, ...values);
      }
      case 'nullif': {
        const values = args();
        if (values.length !== 2) throw new SemanticError('FUNCTION_NOT_FOUND', 'nullif takes two arguments', node.start);
        const [first, second] = values as [Typed, Typed];
        const equal = compare('=', first, second, node.start);
        return merge({ type: first.type, sql: `CASE WHEN ${equal.sql} THEN NULL ELSE ${first.sql} END` }, first, second);
      }
      case 'if': {
        if (node.args.length < 2 || node.args.length > 3)
          throw new SemanticError('FUNCTION_NOT_FOUND', 'if takes two or three arguments', node.start);
        const condition = this.booleanOf(this.visit(node.args[0]!, state), node.args[0]!.start, 'IF condition');
        const branches = node.args.slice(1).map((arg) => this.visit(arg, state));
        const common = commonSuperTypeOf(branches.map((branch) => branch.type));
        if (!common)
          throw new SemanticError(
            'TYPE_MISMATCH',
            `Result types for IF must be the same: ${branches.map((branch) => typeName(branch.type)).join(' vs ')}`,
            node.start,
          );
        const [then, otherwise] = branches.map((branch) => coerce(branch, common).sql);
        return merge(
          { type: common, sql: `CASE WHEN ${condition.sql} THEN ${then} ELSE ${otherwise ?? 'NULL'} END` },
          condition,
          ...branches,
        );
      }
      case 'try': {
        if (node.args.length !== 1) throw new SemanticError('FUNCTION_NOT_FOUND', 'try takes one argument', node.start);
        const value = this.visit(node.args[0]!, { ...state, tryMode: true });
        // DuckDB's TRY catches what the translation did not turn into NULL itself (casts, overflow).
        const wrapped = /\berror\(|random\(|uuid\(/.test(value.sql) ? value.sql : `TRY(${value.sql})`;
        return { ...value, sql: wrapped };
      }
      case 'typeof': {
        if (node.args.length !== 1) throw new SemanticError('FUNCTION_NOT_FOUND', 'typeof takes one argument', node.start);
        const value = this.visit(node.args[0]!, state);
        return merge({ type: VARCHAR, sql: quoteString(typeName(value.type)), literal: typeName(value.type) }, value);
      }
      case 'grouping': {
        if (!state.grouping)
          throw new SemanticError(
            'INVALID_ARGUMENTS',
            'A GROUPING() operation can only be used with a corresponding GROUPING SET/CUBE/ROLLUP/GROUP BY clause',
            node.start,
          );
        const values = node.args.map((arg) => this.visit(arg, { ...state, inAggregate: true }));
        return { type: BIGINT, sql: `grouping(${values.map((value) => value.sql).join(', ')})` };
      }
      case 'current_user':
        return { type: VARCHAR, sql: "'postflight'" };
      default:
        return undefined;
    }
  }

  private cast(node: Extract<Expression, { kind: 'cast' }>, state: State): Typed {
    const value = this.visit(node.expression, state);
    let target: TrinoType;
    try {
      target = parseType(node.type);
    } catch (error) {
      if (error instanceof TypeParseError) throw new SemanticError('TYPE_NOT_FOUND', error.message, node.typeStart);
      throw error;
    }
    if (target.name === 'timestamp' && target.precision > 6)
      throw notSupported('timestamps with more than microsecond precision', node.typeStart);
    if (!canCast(value.type, target))
      throw new SemanticError('TYPE_MISMATCH', `Cannot cast ${typeName(value.type)} to ${typeName(target)}`, node.start);
    try {
      const sql = castSql(value, target, node.safe || state.tryMode ? 'try' : 'cast');
      return merge({ type: target, sql, literal: value.literal !== undefined && isCharacter(target) ? value.literal : undefined }, value);
    } catch (error) {
      if (error instanceof CastError) throw new SemanticError('TYPE_MISMATCH', error.message, node.start);
      throw error;
    }
  }

  private caseExpression(node: Extract<Expression, { kind: 'case' }>, state: State): Typed {
    const operand = node.operand ? this.visit(node.operand, state) : undefined;
    const conditions = node.whens.map((when) => {
      const value = this.visit(when.when, state);
      if (!operand) return this.booleanOf(value, when.when.start, 'CASE WHEN clause');
      return merge(compare('=', operand, value, when.when.start), operand, value);
    });
    const results = node.whens.map((when) => this.visit(when.then, state));
    const otherwise = node.otherwise ? this.visit(node.otherwise, state) : undefined;
    const all = [...results, ...(otherwise ? [otherwise] : [])];
    const common = commonSuperTypeOf(all.map((result) => result.type));
    if (!common) throw new SemanticError('TYPE_MISMATCH', `All CASE results must be the same type: ${typeName(all[0]!.type)}`, node.start);
    const whens = conditions.map((condition, index) => `WHEN ${condition.sql} THEN ${coerce(results[index]!, common).sql}`);
    const sql = `CASE ${whens.join(' ')}${otherwise ? ` ELSE ${coerce(otherwise, common).sql}` : ''} END`;
    return merge({ type: common, sql }, ...conditions, ...all);
  }

  private atTimeZone(node: Extract<Expression, { kind: 'atTimeZone' }>, state: State): Typed {
    const value = this.visit(node.value, state);
    if (node.zone === 'LOCAL') {
      if (!isTimestampWithZone(value.type) && value.type.name !== 'timestamp')
        throw new SemanticError(
          'TYPE_MISMATCH',
          `Type of value must be a time or timestamp with or without time zone (actual ${typeName(value.type)})`,
          node.start,
        );
      return merge(
        { type: timestamp(value.type.name === 'timestamp' ? value.type.precision : 3, true), sql: instantOf(value, "'UTC'") },
        value,
      );
    }
    const zone = this.visit(node.zone, state);
    if (value.type.name !== 'timestamp')
      throw new SemanticError(
        'TYPE_MISMATCH',
        `Type of value must be a time or timestamp with or without time zone (actual ${typeName(value.type)})`,
        node.start,
      );
    let zoneSql: string;
    if (zone.type.name === 'interval day to second') {
      zoneSql = `trino_zone((CASE WHEN epoch_us(${zone.sql}) < 0 THEN '-' ELSE '+' END) || strftime(TIMESTAMP '2000-01-01' + to_microseconds(abs(epoch_us(${zone.sql}))), '%H:%M'))`;
    } else if (isCharacter(zone.type)) {
      if (typeof zone.literal === 'string') {
        const normalized = normalizeZone(zone.literal);
        if (!normalized)
          throw new SemanticError('INVALID_FUNCTION_ARGUMENT', `'${zone.literal}' is not a valid time zone`, node.zone.start);
        zoneSql = quoteString(normalized);
      } else zoneSql = `trino_zone(${zone.sql})`;
    } else {
      throw new SemanticError(
        'TYPE_MISMATCH',
        `Type of time zone must be a varchar or an interval day to second (actual ${typeName(zone.type)})`,
        node.zone.start,
      );
    }
    return merge({ type: timestamp(value.type.precision, true), sql: instantOf(value, zoneSql) }, value, zone);
  }

  private currentTime(node: Extract<Expression, { kind: 'currentTime' }>): Typed {
    const precision = node.precision ?? 3;
    const now = `make_timestamp(CAST(floor(epoch_us(CAST(get_current_timestamp() AS TIMESTAMP)) / ${10 ** (6 - Math.min(precision, 6))}) AS BIGINT) * ${10 ** (6 - Math.min(precision, 6))})`;
    switch (node.function) {
      case 'current_date':
        return { type: DATE, sql: 'CAST(get_current_timestamp() AS DATE)' };
      case 'current_timestamp':
        return { type: timestamp(precision, true), sql: `trino_tstz(CAST(${now} AS TIMESTAMPTZ), 'UTC')` };
      case 'localtimestamp':
        return { type: timestamp(precision), sql: now };
      case 'localtime':
        return { type: time(precision), sql: `CAST(${now} AS TIME)` };
      case 'current_time':
        return { type: time(precision, true), sql: `CAST(CAST(${now} AS TIME) AS TIMETZ)` };
      case 'current_schema':
        return { type: VARCHAR, sql: quoteString(this.session.database) };
      case 'current_catalog':
        return { type: VARCHAR, sql: "'awsdatacatalog'" };
      case 'current_user':
        return { type: VARCHAR, sql: "'postflight'" };
      default:
        throw notSupported(node.function, node.start);
    }
  }
}

/** A timestamp (read in the session zone, UTC) or a timestamp with time zone, shown in another zone. */
function instantOf(value: Typed, zone: string): string {
  const instant = isTimestampWithZone(value.type) ? `${value.sql}."instant"` : `CAST(${local(value)} AS TIMESTAMPTZ)`;
  return `trino_tstz(${instant}, ${zone})`;
}

/** `a.b.c` as identifiers, when the expression is only names. */
function identifierChain(node: Expression): Identifier[] | undefined {
  if (node.kind === 'identifier') return [node.name];
  if (node.kind === 'dereference') {
    const base = identifierChain(node.base);
    return base ? [...base, node.field] : undefined;
  }
  return undefined;
}

function values(args: Argument[]): Typed[] {
  return args.flatMap((arg) => (arg.kind === 'value' ? [arg.value] : []));
}

/** A result that carries its parts' facts (ungrouped reads, aggregates, windows, fields read). */
export function merge(result: Typed, ...parts: Typed[]): Typed {
  let ungrouped = result.ungrouped;
  let aggregate = result.aggregate ?? false;
  let window = result.window ?? false;
  let reads = result.reads;
  for (const part of parts) {
    ungrouped ??= part.ungrouped;
    aggregate ||= part.aggregate ?? false;
    window ||= part.window ?? false;
    if (part.reads) reads = reads ? new Set([...reads, ...part.reads]) : part.reads;
  }
  return { ...result, ungrouped, aggregate, window, reads };
}
