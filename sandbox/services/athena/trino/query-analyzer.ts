import { quoteIdentifier } from '../sql-lexer';
import type {
  Expression,
  Identifier,
  Query,
  QueryBody,
  QuerySpecification,
  Relation,
  SelectItem,
  SortItem,
  WindowSpecification,
} from './ast';
import { commonSuperType } from './coercion';
import { ExpressionAnalyzer, merge, type AnalysisSession, type ExpressionEnvironment } from './expression-analyzer';
import { FUNCTIONS } from './functions';
import { coerce } from './functions/registry';
import { parseQuery } from './parser';
import { Scope, type Field, type NameGenerator, type Typed } from './scope';
import { notSupported, SemanticError, TrinoSyntaxError } from './syntax-error';
import { rowField, typeName, VARCHAR, BIGINT, timestamp, type TrinoType } from './types';

/**
 * Analyzes and translates queries: relations (tables, views, subqueries, joins, UNNEST, VALUES),
 * SELECT with grouping, set operations, WITH, ORDER BY, OFFSET and LIMIT. Every relation gets a
 * unique DuckDB alias and every derived column a positional name (`c0`, `c1`, …), so Trino's
 * names (duplicates, `_col1`) never collide in DuckDB; the output columns carry Trino's names and
 * types for the result metadata.
 */
export interface CatalogColumn {
  name: string;
  type: TrinoType;
  partitionKey: boolean;
}

export type CatalogRelation =
  | { kind: 'table'; database: string; name: string; columns: CatalogColumn[]; sql: string }
  | { kind: 'view'; database: string; name: string; columns: Array<{ name: string; type: TrinoType }>; sql: string };

/** What analysis needs to know about the catalog. */
export interface AnalyzerCatalog {
  relation(database: string, name: string): CatalogRelation | undefined;
  databaseExists(name: string): boolean;
}

export interface OutputColumn {
  /** Trino's name; absent for expressions (shown as `_col<N>`). */
  name?: string;
  type: TrinoType;
}

export interface RelationResult {
  sql: string;
  columns: OutputColumn[];
}

/** A base table the query reads, and the partition predicates of its WHERE clause. */
export interface TableRead {
  id: number;
  database: string;
  table: string;
  /** Predicates over partition keys only, as DuckDB SQL over `"p"."<key>"`. */
  partitionFilters: string[];
  /** Partition keys given by static equality (`key = <constant>`, `key IN (<constants>)`) in a conjunct. */
  equalityKeys: string[];
  /** Partition keys read by any other partition predicate. */
  otherFilterKeys: string[];
}

/** Pseudo-columns of every Hive table (a partitioned one also has `$partition`, its partition's name). */
const HIDDEN_COLUMNS: Array<{ name: string; type: TrinoType }> = [
  { name: '$path', type: VARCHAR },
  { name: '$file_size', type: BIGINT },
  { name: '$file_modified_time', type: timestamp(3, true) },
];

interface CommonTable {
  name: string;
  sql: string;
  columns: OutputColumn[];
}

export class QueryAnalyzer {
  private readonly expressions: ExpressionAnalyzer;
  readonly reads: TableRead[] = [];
  private readonly ctes: Array<Map<string, CommonTable>> = [];
  private readonly viewsInProgress = new Set<string>();

  constructor(
    private readonly catalog: AnalyzerCatalog,
    private readonly database: string,
    private readonly names: NameGenerator,
  ) {
    const session: AnalysisSession = {
      names,
      database,
      queries: { analyzeSubquery: (query, outer) => this.query(query, outer) },
    };
    this.expressions = new ExpressionAnalyzer(session);
  }

  /** A query's DuckDB SQL and its output columns (named `c0`, `c1`, … in DuckDB). */
  query(query: Query, outer?: Scope): RelationResult {
    const withSql: string[] = [];
    const frame = new Map<string, CommonTable>();
    this.ctes.push(frame);
    try {
      if (query.with) {
        if (query.with.recursive) throw notSupported('WITH RECURSIVE', query.start);
        for (const cte of query.with.ctes) {
          if (frame.has(cte.name.value))
            throw new SemanticError(
              'DUPLICATE_NAMED_QUERY',
              `WITH query name '${cte.name.value}' specified more than once`,
              cte.name.start,
            );
          const result = this.query(cte.query, outer);
          const columns = this.renamed(result.columns, cte.columns, cte.name.start);
          const name = this.names.next(`cte_${cte.name.value}`);
          withSql.push(`${quoteIdentifier(name)} AS (${result.sql})`);
          frame.set(cte.name.value, { name, sql: quoteIdentifier(name), columns });
        }
      }
      const body = query.body.kind === 'select' ? this.select(query.body, outer, query) : this.orderedBody(query, outer);
      const prefix = withSql.length ? `WITH ${withSql.join(', ')} ` : '';
      return { sql: `${prefix}${body.sql}`, columns: body.columns };
    } finally {
      this.ctes.pop();
    }
  }

  /** A set operation, VALUES, TABLE t or parenthesized query with its own ORDER BY / LIMIT. */
  private orderedBody(query: Query, outer?: Scope): RelationResult {
    const body = this.body(query.body, outer);
    if (query.orderBy.length) {
      const alias = this.names.next('ordered');
      const fields = this.fields(body.columns, [alias]);
      const scope = new Scope(fields, outer);
      const environment = this.environment(scope, 'ORDER BY', false);
      const keys = query.orderBy.map((item) => this.expressions.sortItem(item, this.orderKey(item, fields, environment)));
      return this.limited(
        query,
        `SELECT * FROM (${body.sql}) AS ${quoteIdentifier(alias)} ORDER BY ${keys.join(', ')}`,
        body.columns,
        outer,
      );
    }
    return this.limited(query, body.sql, body.columns, outer);
  }

  private body(body: QueryBody, outer?: Scope): RelationResult {
    switch (body.kind) {
      case 'select':
        return this.select(body, outer);
      case 'query':
        return this.query(body, outer);
      case 'table':
        return this.select(
          {
            kind: 'select',
            start: body.start,
            distinct: false,
            items: [{ kind: 'star', start: body.start }],
            from: { kind: 'table', start: body.start, name: body.name },
            windows: [],
          },
          outer,
        );
      case 'values':
        return this.values(body.rows, outer, body.start);
      case 'setOperation':
        return this.setOperation(body, outer);
    }
  }

  private setOperation(body: Extract<QueryBody, { kind: 'setOperation' }>, outer?: Scope): RelationResult {
    const left = this.body(body.left, outer);
    const right = this.body(body.right, outer);
    if (left.columns.length !== right.columns.length)
      throw new SemanticError(
        'TYPE_MISMATCH',
        `${body.operator} query has different number of fields: ${left.columns.length}, ${right.columns.length}`,
        body.start,
      );
    const types = left.columns.map((column, index) => {
      const other = right.columns[index]!;
      const common = commonSuperType(column.type, other.type);
      if (!common)
        throw new SemanticError(
          'TYPE_MISMATCH',
          `column ${index + 1} in ${body.operator} query has incompatible types: ${typeName(column.type)}, ${typeName(other.type)}`,
          body.start,
        );
      return common;
    });
    const operator = `${body.operator}${body.distinct ? '' : ' ALL'}`;
    const sql = `${this.coerced(left, types)} ${operator} ${this.coerced(right, types)}`;
    return { sql, columns: left.columns.map((column, index) => ({ name: column.name, type: types[index]! })) };
  }

  /** A relation's columns coerced to the given types (as a SELECT over it). */
  private coerced(result: RelationResult, types: TrinoType[]): string {
    if (result.columns.every((column, index) => typeName(column.type) === typeName(types[index]!))) return `(${result.sql})`;
    const alias = this.names.next('set');
    const items = result.columns.map((column, index) => {
      const value = coerce({ type: column.type, sql: `${quoteIdentifier(alias)}.${quoteIdentifier(`c${index}`)}` }, types[index]!);
      return `${value.sql} AS ${quoteIdentifier(`c${index}`)}`;
    });
    return `(SELECT ${items.join(', ')} FROM (${result.sql}) AS ${quoteIdentifier(alias)})`;
  }

  private values(rows: Expression[], outer: Scope | undefined, position: number): RelationResult {
    const environment = this.environment(new Scope([], outer), 'VALUES', false);
    const analyzed = rows.map((row) => {
      const items = row.kind === 'row' ? row.items : [row];
      return items.map((item) => this.expressions.analyze(item, environment));
    });
    const width = analyzed[0]?.length ?? 0;
    if (analyzed.some((row) => row.length !== width))
      throw new SemanticError('TYPE_MISMATCH', 'Values rows have mismatched sizes', position);
    const types = Array.from({ length: width }, (_, column) => {
      let type: TrinoType | undefined = analyzed[0]![column]!.type;
      for (const row of analyzed.slice(1)) type = type && commonSuperType(type, row[column]!.type);
      if (!type)
        throw new SemanticError('TYPE_MISMATCH', `Values rows have mismatched types: ${typeName(analyzed[0]![column]!.type)}`, position);
      return type;
    });
    const alias = this.names.next('values');
    const tuples = analyzed.map((row) => `(${row.map((value, index) => coerce(value, types[index]!).sql).join(', ')})`);
    const names = types.map((_, index) => quoteIdentifier(`c${index}`)).join(', ');
    return {
      sql: `SELECT * FROM (VALUES ${tuples.join(', ')}) AS ${quoteIdentifier(alias)}(${names})`,
      columns: types.map((type) => ({ type })),
    };
  }

  // ---- SELECT ----

  private select(spec: QuerySpecification, outer: Scope | undefined, query?: Query): RelationResult {
    const from = spec.from ? this.relation(spec.from, outer) : { sql: '', fields: [] as Field[] };
    const scope = new Scope(from.fields, outer);
    const windows = new Map<string, WindowSpecification>(spec.windows.map((window) => [window.name.value, window.spec]));
    const where = spec.where
      ? this.expressions.condition(spec.where, { ...this.environment(scope, 'WHERE clause', false), windows }, 'WHERE clause')
      : undefined;
    if (where) this.recordPartitionFilters(spec.where!, from.fields);

    const aggregated = spec.groupBy !== undefined || spec.having !== undefined || this.selectAggregates(spec, query);
    let grouping: Set<string> | undefined;
    let groupBySql = '';
    if (aggregated) {
      grouping = new Set<string>();
      if (spec.groupBy) groupBySql = this.groupBy(spec, scope, grouping);
    }
    const environment: ExpressionEnvironment = { scope, grouping, allowAggregates: true, allowWindows: true, windows, clause: 'SELECT' };

    // Select items: `*` expands to the FROM fields (hidden pseudo-columns excluded).
    const items: Array<{ name?: string; value: Typed; node?: Expression }> = [];
    for (const item of spec.items) items.push(...this.selectItem(item, scope, environment));
    for (const item of items) ExpressionAnalyzer.checkGrouped(item.value);
    const columns: OutputColumn[] = items.map((item) => ({ name: item.name, type: item.value.type }));
    const selectList = items.map((item, index) => `${item.value.sql} AS ${quoteIdentifier(`c${index}`)}`);

    const having = spec.having
      ? this.expressions.condition(spec.having, { ...environment, clause: 'HAVING clause', allowWindows: false }, 'HAVING clause')
      : undefined;
    if (having) ExpressionAnalyzer.checkGrouped(having);

    let orderBy = '';
    if (query?.orderBy.length) {
      const keys = query.orderBy.map((item) => {
        const value = this.selectOrderKey(item, items, environment, spec.distinct);
        ExpressionAnalyzer.checkGrouped(value);
        return this.expressions.sortItem(item, value);
      });
      orderBy = ` ORDER BY ${keys.join(', ')}`;
    }
    let sql = `SELECT ${spec.distinct ? 'DISTINCT ' : ''}${selectList.join(', ') || 'NULL'}`;
    if (from.sql) sql += ` FROM ${from.sql}`;
    if (where) sql += ` WHERE ${where.sql}`;
    if (groupBySql) sql += ` GROUP BY ${groupBySql}`;
    if (having) sql += ` HAVING ${having.sql}`;
    sql += orderBy;
    return query ? this.limited(query, sql, columns, outer) : { sql, columns };
  }

  private limited(query: Query, sql: string, columns: OutputColumn[], outer?: Scope): RelationResult {
    const environment = this.environment(new Scope([], outer), 'LIMIT', false);
    let result = sql;
    if (query.limit) result += ` LIMIT ${this.rowCount(query.limit, environment)}`;
    if (query.offset) result += ` OFFSET ${this.rowCount(query.offset, environment)}`;
    return { sql: result, columns };
  }

  private rowCount(node: Expression, environment: ExpressionEnvironment): string {
    const value = this.expressions.analyze(node, environment);
    if (typeof value.literal !== 'number' || value.literal < 0)
      throw new SemanticError('TYPE_MISMATCH', 'LIMIT and OFFSET must be non-negative integers', node.start);
    return String(value.literal);
  }

  private selectAggregates(spec: QuerySpecification, query?: Query): boolean {
    const found = { aggregate: false };
    const visit = (node: unknown, inWindow: boolean): void => {
      if (!node || typeof node !== 'object' || found.aggregate) return;
      if (Array.isArray(node)) {
        node.forEach((child) => visit(child, inWindow));
        return;
      }
      const record = node as Record<string, unknown>;
      if (record.kind === 'query' || record.kind === 'subquery' || record.kind === 'exists' || record.kind === 'lambda') return;
      if (record.kind === 'call') {
        const call = record as unknown as { name: Identifier[]; over?: unknown; star?: boolean; args: unknown[] };
        const name = call.name[0]?.value ?? '';
        if (!call.over && (call.star || FUNCTIONS.get(name)?.kind === 'aggregate')) {
          found.aggregate = true;
          return;
        }
        visit(call.args, inWindow || call.over !== undefined);
        return;
      }
      for (const value of Object.values(record)) visit(value, inWindow);
    };
    visit(spec.items, false);
    visit(query?.orderBy ?? [], false);
    return found.aggregate;
  }

  private groupBy(spec: QuerySpecification, scope: Scope, grouping: Set<string>): string {
    const environment = this.environment(scope, 'GROUP BY clause', false);
    const key = (node: Expression): string => {
      // GROUP BY 2 refers to the second select item.
      if (node.kind === 'number' && /^\d+$/.test(node.text)) {
        const item = spec.items[Number(node.text) - 1];
        if (!item || item.kind !== 'expression')
          throw new SemanticError('INVALID_COLUMN_REFERENCE', `GROUP BY position ${node.text} is not in select list`, node.start);
        return key(item.expression);
      }
      const value = this.expressions.analyze(node, environment);
      grouping.add(value.sql);
      return value.sql;
    };
    const parts = spec.groupBy!.elements.map((element) => {
      switch (element.kind) {
        case 'simple':
          return element.expressions.map(key).join(', ');
        case 'rollup':
          return `ROLLUP (${element.expressions.map(key).join(', ')})`;
        case 'cube':
          return `CUBE (${element.expressions.map(key).join(', ')})`;
        case 'sets':
          return `GROUPING SETS (${element.sets.map((set) => `(${set.map(key).join(', ')})`).join(', ')})`;
      }
    });
    return parts.join(', ');
  }

  private selectItem(
    item: SelectItem,
    scope: Scope,
    environment: ExpressionEnvironment,
  ): Array<{ name?: string; value: Typed; node?: Expression }> {
    if (item.kind === 'star') {
      const qualifier = item.qualifier?.map((part) => part.value).join('.');
      const fields = scope.fields.filter((field) => !field.hidden && (!qualifier || field.qualifiers.includes(qualifier)));
      if (qualifier && !scope.hasQualifier(qualifier))
        throw new SemanticError('TABLE_NOT_FOUND', `Table '${qualifier}' not found`, item.start);
      if (fields.length === 0 && !qualifier)
        throw new SemanticError('COLUMN_NOT_FOUND', 'SELECT * not allowed in queries without FROM clause', item.start);
      return fields.map((field) => {
        const value: Typed = { type: field.type, sql: field.sql, reads: field.tableReference !== undefined ? new Set([field]) : undefined };
        if (environment.grouping && !environment.grouping.has(field.sql))
          value.ungrouped = { text: field.name ?? '*', position: item.start };
        return { name: field.name, value };
      });
    }
    if (item.kind === 'allFields') {
      const value = this.expressions.analyze(item.expression, environment);
      if (value.type.name !== 'row')
        throw new SemanticError('TYPE_MISMATCH', `Expression ${typeName(value.type)} is not of type ROW`, item.start);
      if (item.aliases && item.aliases.length !== value.type.fields.length)
        throw new SemanticError(
          'MISMATCHED_COLUMN_ALIASES',
          'Column alias list has different number of entries than the number of fields',
          item.start,
        );
      return value.type.fields.map((field, index) => ({
        name: item.aliases?.[index]?.value ?? field.name,
        value: merge({ type: field.type, sql: rowField(value.sql, value.type, index) }, value),
      }));
    }
    const value = this.expressions.analyze(item.expression, environment);
    return [{ name: item.alias?.value ?? outputName(item.expression), value, node: item.expression }];
  }

  /** ORDER BY in a SELECT: an output column (by name or position) first, else an expression over the FROM clause. */
  private selectOrderKey(
    item: SortItem,
    items: Array<{ name?: string; value: Typed }>,
    environment: ExpressionEnvironment,
    distinct: boolean,
  ): Typed {
    const node = item.expression;
    if (node.kind === 'number' && /^\d+$/.test(node.text)) {
      const index = Number(node.text) - 1;
      const target = items[index];
      if (!target) throw new SemanticError('INVALID_COLUMN_REFERENCE', `ORDER BY position ${node.text} is not in select list`, node.start);
      return { ...target.value, sql: quoteIdentifier(`c${index}`), ungrouped: undefined };
    }
    if (node.kind === 'identifier') {
      const matches = items.map((candidate, index) => ({ candidate, index })).filter(({ candidate }) => candidate.name === node.name.value);
      if (matches.length > 1 && !matches.every(({ candidate }) => candidate.value.sql === matches[0]!.candidate.value.sql))
        throw new SemanticError('AMBIGUOUS_NAME', `'${node.name.value}' in ORDER BY is ambiguous`, node.start);
      const match = matches[0];
      if (match) return { ...match.candidate.value, sql: quoteIdentifier(`c${match.index}`), ungrouped: undefined };
    }
    const value = this.expressions.analyze(node, { ...environment, clause: 'ORDER BY' });
    if (distinct) {
      const index = items.findIndex((candidate) => candidate.value.sql === value.sql);
      if (index < 0)
        throw new SemanticError(
          'EXPRESSION_NOT_IN_DISTINCT',
          'For SELECT DISTINCT, ORDER BY expressions must appear in select list',
          node.start,
        );
      return { ...value, sql: quoteIdentifier(`c${index}`) };
    }
    const index = items.findIndex((candidate) => candidate.value.sql === value.sql);
    return index >= 0 ? { ...value, sql: quoteIdentifier(`c${index}`), ungrouped: undefined } : value;
  }

  private orderKey(item: SortItem, fields: Field[], environment: ExpressionEnvironment): Typed {
    const node = item.expression;
    if (node.kind === 'number' && /^\d+$/.test(node.text)) {
      const field = fields[Number(node.text) - 1];
      if (!field) throw new SemanticError('INVALID_COLUMN_REFERENCE', `ORDER BY position ${node.text} is not in select list`, node.start);
      return { type: field.type, sql: field.sql };
    }
    return this.expressions.analyze(node, environment);
  }

  // ---- FROM ----

  private relation(relation: Relation, outer: Scope | undefined): { sql: string; fields: Field[] } {
    switch (relation.kind) {
      case 'table':
        return this.table(relation);
      case 'subquery': {
        // A derived table sees the outer query (for correlation); only LATERAL also sees the FROM items before it.
        const result = this.query(relation.query, outer);
        return this.aliased(
          `(${result.sql})`,
          result.columns,
          relation.alias,
          relation.columns,
          relation.start,
          relation.lateral ? 'LATERAL ' : '',
        );
      }
      case 'unnest':
        return this.unnest(relation, outer);
      case 'join':
        return this.join(relation, outer);
    }
  }

  private join(relation: Extract<Relation, { kind: 'join' }>, outer: Scope | undefined): { sql: string; fields: Field[] } {
    const left = this.relation(relation.left, outer);
    // The right side of a join may refer to the left one (UNNEST, LATERAL).
    const right = this.relation(relation.right, new Scope(left.fields, outer));
    const fields = [...left.fields, ...right.fields];
    if (relation.type === 'CROSS' || relation.type === 'IMPLICIT') return { sql: `${left.sql} CROSS JOIN ${right.sql}`, fields };
    const type = relation.type === 'INNER' ? 'INNER' : `${relation.type} OUTER`;
    if (relation.using) {
      const conditions: string[] = [];
      const merged: Field[] = [];
      for (const name of relation.using) {
        const l = left.fields.find((field) => field.name === name.value);
        const r = right.fields.find((field) => field.name === name.value);
        if (!l || !r)
          throw new SemanticError(
            'COLUMN_NOT_FOUND',
            `Column '${name.value}' is missing from ${l ? 'right' : 'left'} side of join`,
            name.start,
          );
        const common = commonSuperType(l.type, r.type);
        if (!common)
          throw new SemanticError('TYPE_MISMATCH', `Column types of left and right side are different for '${name.value}'`, name.start);
        const [a, b] = [coerce({ type: l.type, sql: l.sql }, common).sql, coerce({ type: r.type, sql: r.sql }, common).sql];
        conditions.push(`${a} = ${b}`);
        const sql = relation.type === 'FULL' ? `coalesce(${a}, ${b})` : relation.type === 'RIGHT' ? b : a;
        merged.push({ name: name.value, qualifiers: [], type: common, sql });
      }
      const usingNames = new Set(relation.using.map((name) => name.value));
      // USING columns come first, once; the others keep their qualifiers.
      const rest = fields.map((field) => (field.name && usingNames.has(field.name) ? { ...field, hidden: true } : field));
      return { sql: `${left.sql} ${type} JOIN ${right.sql} ON ${conditions.join(' AND ')}`, fields: [...merged, ...rest] };
    }
    const scope = new Scope(fields, outer);
    const on = this.expressions.condition(relation.on!, this.environment(scope, 'JOIN clause', false), 'JOIN ON clause');
    if (relation.type === 'INNER') this.recordPartitionFilters(relation.on!, fields);
    return { sql: `${left.sql} ${type} JOIN ${right.sql} ON ${on.sql}`, fields };
  }

  private table(relation: Extract<Relation, { kind: 'table' }>): { sql: string; fields: Field[] } {
    const parts = relation.name.map((part) => part.value);
    if (parts.length === 1) {
      for (let index = this.ctes.length - 1; index >= 0; index--) {
        const cte = this.ctes[index]!.get(parts[0]!);
        if (cte) return this.aliased(cte.sql, cte.columns, relation.alias ?? relation.name[0], relation.columns, relation.start);
      }
    }
    if (parts.length > 3) throw new SemanticError('SYNTAX_ERROR', `Too many dots in table name: ${parts.join('.')}`, relation.start);
    const [catalog, database, name] =
      parts.length === 3 ? parts : parts.length === 2 ? ['awsdatacatalog', ...parts] : ['awsdatacatalog', this.database, parts[0]!];
    if (catalog !== 'awsdatacatalog') throw new SemanticError('CATALOG_NOT_FOUND', `Catalog '${catalog}' does not exist`, relation.start);
    const entry = this.catalog.relation(database!, name!);
    if (!entry) {
      if (!this.catalog.databaseExists(database!))
        throw new SemanticError('SCHEMA_NOT_FOUND', `Schema '${database}' does not exist`, relation.start);
      throw new SemanticError('TABLE_NOT_FOUND', `Table 'awsdatacatalog.${database}.${name}' does not exist`, relation.start);
    }
    const alias = relation.alias?.value;
    const qualifiers = alias ? [alias] : [name!, `${database}.${name}`, `awsdatacatalog.${database}.${name}`];
    if (entry.kind === 'view') return this.view(entry, relation, qualifiers);
    const duckAlias = quoteIdentifier(this.names.next(alias ?? name!));
    const id = this.reads.length;
    this.reads.push({ id, database: database!, table: name!, partitionFilters: [], equalityKeys: [], otherFilterKeys: [] });
    const declared = relation.columns;
    if (declared && declared.length !== entry.columns.length)
      throw new SemanticError(
        'MISMATCHED_COLUMN_ALIASES',
        `Column alias list has ${declared.length} entries but '${name}' has ${entry.columns.length} columns available`,
        relation.start,
      );
    const fields: Field[] = entry.columns.map((column, index) => ({
      name: declared?.[index]?.value ?? column.name,
      qualifiers,
      type: column.type,
      sql: `${duckAlias}.${quoteIdentifier(column.name)}`,
      tableReference: id,
      partitionOf: column.partitionKey ? id : undefined,
    }));
    const partitioned = entry.columns.some((column) => column.partitionKey);
    for (const hidden of partitioned ? [...HIDDEN_COLUMNS, { name: '$partition', type: VARCHAR }] : HIDDEN_COLUMNS)
      fields.push({
        name: hidden.name,
        qualifiers,
        type: hidden.type,
        sql: `${duckAlias}.${quoteIdentifier(hidden.name)}`,
        hidden: true,
        tableReference: id,
      });
    return { sql: `${entry.sql} AS ${duckAlias}`, fields };
  }

  /** A view is its query, analyzed in the view's own database. */
  private view(
    entry: Extract<CatalogRelation, { kind: 'view' }>,
    relation: Extract<Relation, { kind: 'table' }>,
    qualifiers: string[],
  ): { sql: string; fields: Field[] } {
    const key = `${entry.database}.${entry.name}`;
    if (this.viewsInProgress.has(key)) throw new SemanticError('VIEW_IS_RECURSIVE', `View is recursive: ${key}`, relation.start);
    let query: Query;
    try {
      query = parseQuery(entry.sql);
    } catch (error) {
      if (error instanceof TrinoSyntaxError)
        throw new SemanticError('VIEW_IS_STALE', `View '${key}' is stale or in invalid state: ${error.message}`, relation.start);
      throw error;
    }
    this.viewsInProgress.add(key);
    try {
      const inner = new QueryAnalyzer(this.catalog, entry.database, this.names);
      const result = inner.query(query);
      this.reads.push(...inner.reads.map((read) => ({ ...read, id: this.reads.length + read.id })));
      if (result.columns.length !== entry.columns.length)
        throw new SemanticError(
          'VIEW_IS_STALE',
          `View '${key}' is stale or in invalid state: its definition has ${result.columns.length} columns, its catalog entry ${entry.columns.length}`,
          relation.start,
        );
      const columns = entry.columns.map((column, index) => ({ name: column.name, type: result.columns[index]!.type }));
      const alias = this.names.next(entry.name);
      const fields: Field[] = columns.map((column, index) => ({
        name: column.name,
        qualifiers,
        type: column.type,
        sql: `${quoteIdentifier(alias)}.${quoteIdentifier(`c${index}`)}`,
      }));
      return { sql: `(${result.sql}) AS ${quoteIdentifier(alias)}`, fields };
    } finally {
      this.viewsInProgress.delete(key);
    }
  }

  /** UNNEST(a, b, …) [WITH ORDINALITY]: arrays zip (padded with NULL), a map gives key and value, an array of rows its fields. */
  private unnest(relation: Extract<Relation, { kind: 'unnest' }>, outer: Scope | undefined): { sql: string; fields: Field[] } {
    const environment = this.environment(new Scope([], outer), 'UNNEST', false);
    const values = relation.arrays.map((array) => this.expressions.analyze(array, environment));
    const items: string[] = [];
    const columns: OutputColumn[] = [];
    const inner = this.names.next('unnest_source');
    const projections: string[] = [];
    values.forEach((value, index) => {
      const type = value.type;
      if (type.name === 'array') {
        items.push(`unnest(${value.sql}) AS ${quoteIdentifier(`u${index}`)}`);
        const element = type.element;
        if (element.name === 'row') {
          element.fields.forEach((field, fieldIndex) => {
            projections.push(rowField(`${quoteIdentifier(inner)}.${quoteIdentifier(`u${index}`)}`, element, fieldIndex));
            columns.push({ name: field.name, type: field.type });
          });
        } else {
          projections.push(`${quoteIdentifier(inner)}.${quoteIdentifier(`u${index}`)}`);
          columns.push({ type: element });
        }
      } else if (type.name === 'map') {
        items.push(
          `unnest(map_keys(${value.sql})) AS ${quoteIdentifier(`u${index}k`)}`,
          `unnest(map_values(${value.sql})) AS ${quoteIdentifier(`u${index}v`)}`,
        );
        projections.push(
          `${quoteIdentifier(inner)}.${quoteIdentifier(`u${index}k`)}`,
          `${quoteIdentifier(inner)}.${quoteIdentifier(`u${index}v`)}`,
        );
        columns.push({ type: type.key }, { type: type.value });
      } else {
        throw new SemanticError('TYPE_MISMATCH', `Cannot unnest type: ${typeName(type)}`, relation.start);
      }
    });
    if (relation.ordinality) {
      const lengths = values.map((value) => (value.type.name === 'map' ? `cardinality(${value.sql})` : `len(${value.sql})`));
      items.push(`unnest(range(1, greatest(${lengths.join(', ')}) + 1)) AS ${quoteIdentifier('ordinality')}`);
      projections.push(`CAST(${quoteIdentifier(inner)}.${quoteIdentifier('ordinality')} AS BIGINT)`);
      columns.push({ type: BIGINT });
    }
    const select = projections.map((projection, index) => `${projection} AS ${quoteIdentifier(`c${index}`)}`);
    const sql = `LATERAL (SELECT ${select.join(', ')} FROM (SELECT ${items.join(', ')}) AS ${quoteIdentifier(inner)})`;
    return this.aliased(sql, columns, relation.alias, relation.columns, relation.start, '', true);
  }

  private aliased(
    sql: string,
    columns: OutputColumn[],
    alias: Identifier | undefined,
    names: Identifier[] | undefined,
    position: number,
    prefix = '',
    prebuilt = false,
  ): { sql: string; fields: Field[] } {
    const renamed = this.renamed(columns, names, position);
    const duckAlias = this.names.next(alias?.value ?? 'subquery');
    const qualifiers = alias ? [alias.value] : [];
    const fields: Field[] = renamed.map((column, index) => ({
      name: column.name,
      qualifiers,
      type: column.type,
      sql: `${quoteIdentifier(duckAlias)}.${quoteIdentifier(`c${index}`)}`,
    }));
    return { sql: `${prebuilt ? '' : prefix}${sql} AS ${quoteIdentifier(duckAlias)}`, fields };
  }

  private renamed(columns: OutputColumn[], names: Identifier[] | undefined, position: number): OutputColumn[] {
    if (!names) return columns;
    if (names.length !== columns.length)
      throw new SemanticError(
        'MISMATCHED_COLUMN_ALIASES',
        `Column alias list has ${names.length} entries but relation has ${columns.length} columns`,
        position,
      );
    return columns.map((column, index) => ({ ...column, name: names[index]!.value }));
  }

  private fields(columns: OutputColumn[], qualifiers: string[]): Field[] {
    const alias = qualifiers[0]!;
    return columns.map((column, index) => ({
      name: column.name,
      qualifiers,
      type: column.type,
      sql: `${quoteIdentifier(alias)}.${quoteIdentifier(`c${index}`)}`,
    }));
  }

  private environment(scope: Scope, clause: string, aggregates: boolean): ExpressionEnvironment {
    return { scope, allowAggregates: aggregates, allowWindows: false, clause };
  }

  /** Conjuncts of a WHERE (or inner ON) that read only one table's partition keys: they prune its partitions. */
  private recordPartitionFilters(node: Expression, fields: Field[]): void {
    const conjuncts: Expression[] = [];
    const split = (expression: Expression) => {
      if (expression.kind === 'logical' && expression.operator === 'AND') {
        split(expression.left);
        split(expression.right);
      } else conjuncts.push(expression);
    };
    split(node);
    const byTable = new Map<number, Field[]>();
    for (const field of fields)
      if (field.partitionOf !== undefined) byTable.set(field.partitionOf, [...(byTable.get(field.partitionOf) ?? []), field]);
    for (const [id, keys] of byTable) {
      const read = this.reads.find((candidate) => candidate.id === id);
      if (!read) continue;
      const keyName = (key: Field) => key.sql.split('.').pop()!.replaceAll('"', '');
      const partitionFields: Field[] = keys.map((key) => ({ ...key, sql: `"p".${quoteIdentifier(keyName(key))}` }));
      const scope = new Scope(partitionFields);
      for (const conjunct of conjuncts) {
        let value: Typed;
        try {
          value = this.expressions.condition(conjunct, this.environment(scope, 'partition filter', false), 'partition filter');
        } catch {
          continue; // Reads other columns (or outer ones): not a partition filter.
        }
        if (value.aggregate) continue;
        read.partitionFilters.push(value.sql);
        const equality = this.staticEquality(conjunct, keys);
        if (equality) read.equalityKeys.push(keyName(equality));
        else read.otherFilterKeys.push(...keys.filter((key) => value.sql.includes(`"p".${quoteIdentifier(keyName(key))}`)).map(keyName));
      }
    }
  }

  /** The key a conjunct gives by static equality: `key = <constant>`, `<constant> = key`, `key IN (<constants>)`, or an OR of these. */
  private staticEquality(node: Expression, keys: Field[]): Field | undefined {
    const keyOf = (expression: Expression) => {
      const name =
        expression.kind === 'identifier' ? expression.name.value : expression.kind === 'dereference' ? expression.field.value : undefined;
      return name === undefined ? undefined : keys.find((key) => key.name === name.toLowerCase());
    };
    const isStatic = (expression: Expression) => {
      try {
        this.expressions.analyze(expression, this.environment(new Scope([]), 'partition filter', false));
        return true;
      } catch {
        return false;
      }
    };
    if (node.kind === 'comparison' && node.operator === '=') {
      const key = keyOf(node.left) ?? keyOf(node.right);
      const other = keyOf(node.left) ? node.right : node.left;
      return key && isStatic(other) ? key : undefined;
    }
    if (node.kind === 'inList' && !node.negated) {
      const key = keyOf(node.value);
      return key && node.list.every(isStatic) ? key : undefined;
    }
    if (node.kind === 'logical' && node.operator === 'OR') {
      const left = this.staticEquality(node.left, keys);
      return left && left === this.staticEquality(node.right, keys) ? left : undefined;
    }
    return undefined;
  }
}

/** Trino names an output column after a column reference (its last name part); other expressions are `_col<N>`. */
function outputName(node: Expression): string | undefined {
  if (node.kind === 'identifier') return node.name.value;
  if (node.kind === 'dereference') return node.field.value;
  return undefined;
}
