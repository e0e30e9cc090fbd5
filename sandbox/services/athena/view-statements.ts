import type { AthenaEngine, PreparedQuery } from './engine';
import { QueryFailure } from './errors';
import type { Lake } from './lake';
import { hivePattern } from './hive-show';
import { isView, viewDefinition, viewTableInput } from './presto-views';
import { columnInfo, type Cell } from './result-format';
import { lineColumn, significant, tokenize } from './sql-lexer';
import { EMPTY_RESULT, type StatementResult } from './statement-result';
import { StatementSyntaxError, TokenCursor, type TableName } from './token-cursor';
import { parseCreateTableAs, parseInsert } from './write-statements';
import { VARCHAR } from './trino/types';

/**
 * The Trino statements about views and plans: CREATE [OR REPLACE] VIEW, DROP VIEW,
 * SHOW CREATE VIEW, SHOW VIEWS, and EXPLAIN [ANALYZE]. A view is stored in the Glue catalog as
 * Athena stores it (presto-views.ts) and read by query analysis as its query.
 *
 * Fidelity gaps: SHOW CREATE VIEW prints the query as it was written (Athena re-formats it);
 * EXPLAIN's plan is DuckDB's, not Trino's (the statement is analyzed as Athena would, so its
 * errors are Athena's).
 */
export type ViewStatement =
  | { kind: 'createView'; replace: boolean; view: TableName; query: PreparedQuery }
  | { kind: 'dropView'; ifExists: boolean; view: TableName }
  | { kind: 'showCreateView'; view: TableName }
  | { kind: 'showViews'; database?: string; pattern?: string }
  | { kind: 'explain'; validate: boolean; query: PreparedQuery; insertInto?: TableName }
  | { kind: 'notSupported'; what: string };

/** Statements EXPLAIN takes besides a query: for these the plan of their query is shown. */
const WRITES: Record<string, (sql: string) => { kind: string; table: TableName; query: string; queryOffset: number }> = {
  CREATE: parseCreateTableAs,
  INSERT: parseInsert,
};

export function parseViewStatement(sql: string, engine: AthenaEngine): ViewStatement {
  const cursor = new TokenCursor(significant(tokenize(sql)), sql.length);
  const embedded = () => {
    const start = cursor.peek();
    if (!start) throw cursor.mismatch('<query>');
    return engine.prepare(sql.slice(start.start), { statement: sql, offset: start.start });
  };
  switch (cursor.keyword('CREATE', 'DROP', 'SHOW', 'EXPLAIN')) {
    case 'CREATE': {
      const replace = cursor.acceptWord('OR') !== undefined;
      if (replace) cursor.keyword('REPLACE');
      cursor.keyword('VIEW');
      const view = cursor.trinoTableName();
      if (cursor.acceptWord('COMMENT')) cursor.string();
      if (cursor.acceptWord('SECURITY')) cursor.keyword('DEFINER', 'INVOKER');
      cursor.keyword('AS');
      return { kind: 'createView', replace, view, query: embedded() };
    }
    case 'DROP': {
      cursor.keyword('VIEW');
      const ifExists = cursor.ifExists();
      const view = cursor.trinoTableName();
      cursor.expectEnd();
      return { kind: 'dropView', ifExists, view };
    }
    case 'SHOW': {
      if (cursor.acceptWord('VIEWS')) {
        const database = cursor.acceptWord('IN', 'FROM') ? cursor.identifier() : undefined;
        const pattern = cursor.acceptWord('LIKE') ? cursor.string() : undefined;
        cursor.expectEnd();
        return { kind: 'showViews', database, pattern };
      }
      cursor.keyword('CREATE');
      cursor.keyword('VIEW');
      const view = cursor.trinoTableName();
      cursor.expectEnd();
      return { kind: 'showCreateView', view };
    }
    default: {
      const analyze = cursor.acceptWord('ANALYZE') !== undefined;
      cursor.acceptWord('VERBOSE');
      let validate = false;
      if (cursor.acceptSymbol('(')) {
        do {
          const option = cursor.keyword('FORMAT', 'TYPE');
          const value = cursor.keyword(
            ...(option === 'FORMAT' ? ['TEXT', 'JSON', 'GRAPHVIZ'] : ['LOGICAL', 'DISTRIBUTED', 'VALIDATE', 'IO']),
          );
          if (value === 'VALIDATE') validate = true;
        } while (cursor.acceptSymbol(','));
        cursor.symbol(')');
      }
      const start = cursor.peek();
      const write = start?.kind === 'word' ? WRITES[start.text.toUpperCase()] : undefined;
      if (!start || !write) return { kind: 'explain', validate, query: embedded() };
      // EXPLAIN ANALYZE runs the statement: a write would happen, which the sandbox does not do for an EXPLAIN.
      if (analyze) return { kind: 'notSupported', what: 'EXPLAIN ANALYZE of CREATE TABLE AS and INSERT' };
      let statement: ReturnType<typeof write>;
      try {
        statement = write(sql.slice(start.start));
      } catch (error) {
        if (error instanceof StatementSyntaxError) throw new StatementSyntaxError(error.message, error.position + start.start);
        throw error;
      }
      const query = engine.prepare(statement.query, { statement: sql, offset: start.start + statement.queryOffset });
      const insertInto = statement.kind === 'insert' ? { ...statement.table, position: statement.table.position + start.start } : undefined;
      return { kind: 'explain', validate, query, insertInto };
    }
  }
}

export class ViewStatements {
  constructor(
    private readonly engine: AthenaEngine,
    private readonly lake: Lake,
  ) {}

  async run(statement: ViewStatement, database: string): Promise<StatementResult> {
    switch (statement.kind) {
      case 'createView':
        return this.createView(statement, database);
      case 'dropView':
        return this.dropView(statement, database);
      case 'showCreateView':
        return this.showCreateView(statement.view, database);
      case 'showViews':
        return this.showViews(statement.database ?? database, statement.pattern);
      case 'notSupported':
        throw QueryFailure.named('NOT_SUPPORTED', `The postflight sandbox does not run ${statement.what}`);
      case 'explain': {
        const target = statement.insertInto;
        if (target && !this.lake.catalog.table(target.database ?? database, target.name)) {
          const { line, column } = lineColumn(statement.query.originalSql, target.position);
          throw QueryFailure.named(
            'TABLE_NOT_FOUND',
            `line ${line}:${column}: Table 'awsdatacatalog.${target.database ?? database}.${target.name}' does not exist`,
          );
        }
        if (statement.validate) {
          this.engine.describe(statement.query, database);
          return { columns: [columnInfo('Valid', { name: 'boolean' })], header: ['Valid'], rows: [['true']], scannedBytes: 0 };
        }
        const plan = await this.engine.explain(statement.query, database);
        return {
          columns: [columnInfo('Query Plan', VARCHAR)],
          header: ['Query Plan'],
          rows: plan.map((line): Cell[] => [line]),
          scannedBytes: 0,
        };
      }
    }
  }

  private createView(statement: Extract<ViewStatement, { kind: 'createView' }>, contextDatabase: string): StatementResult {
    const database = statement.view.database ?? contextDatabase;
    const name = statement.view.name;
    if (!this.lake.catalog.database(database)) throw QueryFailure.named('SCHEMA_NOT_FOUND', `Schema '${database}' does not exist`);
    const existing = this.lake.catalog.table(database, name);
    if (existing && !isView(existing.table))
      throw QueryFailure.named('TABLE_ALREADY_EXISTS', `Table already exists: 'awsdatacatalog.${database}.${name}'`);
    if (existing && !statement.replace)
      throw QueryFailure.named('TABLE_ALREADY_EXISTS', `View already exists: 'awsdatacatalog.${database}.${name}'`);
    const translation = this.engine.describe(statement.query, database);
    const seen = new Set<string>();
    translation.columns.forEach((column, index) => {
      if (/^_col\d+$/.test(column.name))
        throw QueryFailure.named('MISSING_COLUMN_NAME', `Column name not specified at position ${index + 1}`);
      if (seen.has(column.name)) throw QueryFailure.named('DUPLICATE_COLUMN_NAME', `Column name '${column.name}' specified more than once`);
      seen.add(column.name);
    });
    const originalSql = statement.query.originalSql.slice(statement.query.offset).replace(/;\s*$/, '').trim();
    const input = viewTableInput(
      name,
      { originalSql, catalog: 'awsdatacatalog', schema: database, columns: translation.columns },
      new Date(),
    );
    if (existing) this.lake.catalogWrites.updateTable({ DatabaseName: database, TableInput: input });
    else this.lake.catalogWrites.createTable({ DatabaseName: database, TableInput: input });
    return EMPTY_RESULT;
  }

  private dropView(statement: Extract<ViewStatement, { kind: 'dropView' }>, contextDatabase: string): StatementResult {
    const database = statement.view.database ?? contextDatabase;
    const entry = this.lake.catalog.table(database, statement.view.name);
    if (!entry || !isView(entry.table)) {
      if (statement.ifExists && !entry) return EMPTY_RESULT;
      if (entry)
        throw QueryFailure.named(
          'TABLE_NOT_FOUND',
          `View '${database}.${statement.view.name}' does not exist, but a table with that name exists. Did you mean DROP TABLE ${database}.${statement.view.name}?`,
        );
      throw QueryFailure.named('TABLE_NOT_FOUND', `View 'awsdatacatalog.${database}.${statement.view.name}' does not exist`);
    }
    this.lake.catalogWrites.deleteTable({ DatabaseName: database, Name: statement.view.name });
    return EMPTY_RESULT;
  }

  private showCreateView(view: TableName, contextDatabase: string): StatementResult {
    const database = view.database ?? contextDatabase;
    const entry = this.lake.catalog.table(database, view.name);
    const definition = entry && isView(entry.table) ? viewDefinition(entry.table) : undefined;
    if (!definition) {
      if (entry) throw QueryFailure.named('NOT_SUPPORTED', `Relation 'awsdatacatalog.${database}.${view.name}' is a table, not a view`);
      throw QueryFailure.named('TABLE_NOT_FOUND', `View 'awsdatacatalog.${database}.${view.name}' does not exist`);
    }
    const text = `CREATE VIEW awsdatacatalog.${database}.${view.name} SECURITY DEFINER AS\n${definition.originalSql}`;
    return { columns: [columnInfo('Create View', VARCHAR)], header: ['Create View'], rows: [[text]], scannedBytes: 0 };
  }

  private showViews(database: string, pattern: string | undefined): StatementResult {
    if (!this.lake.catalog.database(database)) throw QueryFailure.named('SCHEMA_NOT_FOUND', `Schema '${database}' does not exist`);
    const matches = hivePattern(pattern);
    const names = this.lake.catalog
      .tables(database)
      .filter((entry) => isView(entry.table))
      .map((entry) => entry.table.Name ?? '')
      .filter(matches)
      .sort();
    return { columns: [columnInfo('views', VARCHAR)], rows: names.map((name) => [name]), scannedBytes: 0 };
  }
}
