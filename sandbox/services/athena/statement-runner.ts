import type { AthenaEngine, PreparedQuery } from './engine';
import { QueryCancelled } from './engine';
import { ErrorCategory, InvalidRequestException, QueryFailure } from './errors';
import { HiveSyntaxError, parseHiveStatement, type HiveStatement } from './hive-ddl';
import { HiveDdlExecutor } from './hive-ddl-executor';
import { isKnownStorage } from './hive-table-definition';
import type { Lake } from './lake';
import type { QueryExecutionRecord } from './query-execution';
import { toCsv } from './result-format';
import { lineColumn } from './sql-lexer';
import type { StatementKind } from './statement-kind';
import type { StatementResult } from './statement-result';
import { parseS3Location } from './s3-locations';
import { TableWriter, type PreparedWrite } from './table-writer';
import { parseViewStatement, ViewStatements, type ViewStatement } from './view-statements';
import type { CreateTableAsStatement, InsertStatement } from './write-statements';

/**
 * Checks a statement when it is submitted (what Athena refuses up front) and runs it later:
 * queries on DuckDB, Hive DDL against the Glue catalog. Then writes the results file.
 */
export type PreparedStatement =
  | { runner: 'query'; query: PreparedQuery }
  | { runner: 'hive'; statement: HiveStatement }
  | { runner: 'view'; statement: ViewStatement }
  | { runner: 'ctas'; write: PreparedWrite<CreateTableAsStatement> }
  | { runner: 'insert'; write: PreparedWrite<InsertStatement> }
  | { runner: 'unsupported'; what: string };

/** Athena's own message for a statement whose first word it does not know (measured). */
const UNKNOWN_STATEMENT_EXPECTING =
  "'ALTER', 'ANALYZE', 'CALL', 'COMMENT', 'COMMIT', 'CREATE', 'DEALLOCATE', 'DELETE', 'DENY', 'DESC', 'DESCRIBE', 'DROP', 'EXECUTE', 'EXPLAIN', 'GRANT', 'INSERT', 'MERGE', 'PREPARE', 'REFRESH', 'RESET', 'REVOKE', 'ROLLBACK', 'SET', 'SHOW', 'START', 'TRUNCATE', 'UNLOAD', 'UPDATE', 'USE', <query>";

export class StatementRunner {
  private readonly hive: HiveDdlExecutor;
  private readonly writer: TableWriter;
  private readonly views: ViewStatements;

  constructor(
    private readonly engine: AthenaEngine,
    private readonly lake: Lake,
    workDirectory: string,
  ) {
    this.hive = new HiveDdlExecutor(lake);
    this.writer = new TableWriter(engine, lake, workDirectory);
    this.views = new ViewStatements(engine, lake);
  }

  /** Refuses what Athena refuses at StartQueryExecution (InvalidRequestException, no execution). */
  async prepare(sql: string, kind: StatementKind): Promise<PreparedStatement> {
    switch (kind.runner) {
      case 'query':
        return { runner: 'query', query: await this.engine.prepare(sql) };
      case 'ctas':
        return { runner: 'ctas', write: await this.writer.prepareCreateTableAs(sql) };
      case 'insert':
        return { runner: 'insert', write: await this.writer.prepareInsert(sql) };
      case 'view':
        return { runner: 'view', statement: syntaxChecked(sql, () => parseViewStatement(sql, this.engine)) };
      case 'hive': {
        const statement = syntaxChecked(sql, () => parseHiveStatement(sql));
        if (statement.kind === 'createTable' && !statement.location) {
          throw InvalidRequestException.malformedQuery('No location was specified for table. An S3 location must be specified');
        }
        if (statement.kind === 'createTable' && !isKnownStorage(statement.storedAs)) {
          throw InvalidRequestException.malformedQuery(`line 1:1: Unsupported storage format: ${statement.storedAs}`);
        }
        return { runner: 'hive', statement };
      }
      default: {
        const first = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*([^\s(;]+)/.exec(sql);
        const word = first?.[1] ?? '';
        const known =
          /^(SELECT|WITH|VALUES|TABLE|INSERT|EXPLAIN|DESCRIBE|DESC|SHOW|MSCK|CREATE|DROP|ALTER|DELETE|UPDATE|MERGE|UNLOAD|VACUUM|OPTIMIZE|PREPARE|EXECUTE|DEALLOCATE|USE|SET|RESET|CALL|GRANT|REVOKE|DENY|COMMENT|COMMIT|ROLLBACK|START|TRUNCATE|REFRESH|ANALYZE)$/i;
        if (!known.test(word)) {
          const offset = first ? first.index + first[0].length - word.length : 0;
          const { line, column } = lineColumn(sql, offset);
          throw InvalidRequestException.malformedQuery(
            `line ${line}:${column}: mismatched input '${word || '<EOF>'}'. Expecting: ${UNKNOWN_STATEMENT_EXPECTING}`,
          );
        }
        return { runner: 'unsupported', what: kind.substatementType ?? word.toUpperCase() };
      }
    }
  }

  /** Runs a prepared statement for a RUNNING execution; answers its result or a QueryFailure. */
  async run(record: QueryExecutionRecord, prepared: PreparedStatement, database: string): Promise<StatementResult> {
    switch (prepared.runner) {
      case 'query': {
        const control: { cancel?: () => void } = {};
        record.cancel = () => control.cancel?.();
        try {
          const result = await this.engine.run(prepared.query, database, control);
          return { columns: result.columns, rows: result.rows, header: result.header, updateCount: 0, scannedBytes: result.scannedBytes };
        } finally {
          record.cancel = undefined;
        }
      }
      case 'hive': {
        const result = this.hive.run(prepared.statement, database);
        return prepared.statement.kind.startsWith('show') && prepared.statement.kind !== 'showCreateTable'
          ? { ...result, updateCount: 0 }
          : result;
      }
      case 'view':
        return this.views.run(prepared.statement, database);
      case 'ctas':
      case 'insert': {
        const control: { cancel?: () => void } = {};
        record.cancel = () => control.cancel?.();
        try {
          return prepared.runner === 'ctas'
            ? await this.writer.createTableAs(prepared.write, database, record.id, `${record.settings.outputLocation}/`, control)
            : await this.writer.insert(prepared.write, database, record.id, control);
        } finally {
          record.cancel = undefined;
        }
      }
      case 'unsupported':
        throw QueryFailure.named('NOT_SUPPORTED', `The postflight sandbox does not run ${prepared.what} statements`);
    }
  }

  /** Writes the results file at the execution's OutputLocation, as Athena does before SUCCEEDED. */
  async writeResults(record: QueryExecutionRecord, result: StatementResult): Promise<void> {
    const location = parseS3Location(record.settings.outputLocation);
    // CTAS and INSERT leave data files, not a results file (Athena's manifest is not written).
    if (!location || record.settings.kind.runner === 'ctas' || record.settings.kind.runner === 'insert') return;
    const body = result.header
      ? toCsv(result.header, result.rows)
      : result.rows.map((row) => row.map((cell) => cell ?? '').join('\t')).join('\n');
    try {
      await this.lake.writeObject(location.bucket, location.key, body, result.header ? 'text/csv' : 'text/plain');
    } catch (error) {
      throw new QueryFailure(
        `Unable to write the query results to ${record.settings.outputLocation}: ${error instanceof Error ? error.message : String(error)}`,
        ErrorCategory.SYSTEM,
        401,
        true,
      );
    }
  }
}

/** Parses with a statement parser; its syntax errors are Athena's MALFORMED_QUERY at submission. */
function syntaxChecked<T>(sql: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof HiveSyntaxError) {
      const { line, column } = lineColumn(sql, error.position);
      throw InvalidRequestException.malformedQuery(`line ${line}:${column}: ${error.message}`);
    }
    throw error;
  }
}

export { QueryCancelled };
