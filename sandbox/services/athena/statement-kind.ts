import { isSymbol, isWord, significant, tokenize, type Token } from './sql-lexer';
import { isHiveStatement } from './hive-ddl';

/**
 * What a query string is, decided from its leading keywords (after comments) as Athena decides:
 * the `StatementType` (DDL | DML | UTILITY), the `SubstatementType`, and which part of the
 * sandbox runs it.
 *
 * Fidelity gap: the SubstatementType names of the partition statements (`ALTER_TABLE_ADD_PARTITION`,
 * `ALTER_TABLE_DROP_PARTITION`, `MSCK_REPAIR_TABLE`, `SHOW_PARTITIONS`, …) follow the pattern of
 * the measured ones but were not checked against AWS.
 */
export type StatementRunner = 'query' | 'hive' | 'view' | 'ctas' | 'insert' | 'unsupported';

export interface StatementKind {
  statementType: 'DDL' | 'DML' | 'UTILITY';
  substatementType?: string;
  runner: StatementRunner;
}

export function classifyStatement(sql: string): StatementKind {
  let tokens: Token[];
  try {
    tokens = significant(tokenize(sql));
  } catch {
    return { statementType: 'DML', substatementType: 'SELECT', runner: 'query' };
  }
  const word = (index: number) => (tokens[index]?.kind === 'word' ? tokens[index].text.toUpperCase() : '');
  const first = isSymbol(tokens[0], '(') ? 'SELECT' : word(0);
  switch (first) {
    case 'SELECT':
    case 'WITH':
    case 'VALUES':
    case 'TABLE':
      return { statementType: 'DML', substatementType: 'SELECT', runner: 'query' };
    case 'INSERT':
      return { statementType: 'DML', substatementType: 'INSERT', runner: 'insert' };
    case 'EXPLAIN':
      return { statementType: 'DML', substatementType: 'EXPLAIN', runner: 'view' };
    case 'DESCRIBE':
    case 'DESC':
      return { statementType: 'UTILITY', substatementType: 'DESCRIBE_TABLE', runner: 'hive' };
    case 'SHOW': {
      const view = word(1) === 'VIEWS' || (word(1) === 'CREATE' && word(2) === 'VIEW');
      return { statementType: 'UTILITY', substatementType: showSubstatement(word(1), word(2)), runner: view ? 'view' : 'hive' };
    }
    case 'MSCK':
      return { statementType: 'DDL', substatementType: 'MSCK_REPAIR_TABLE', runner: 'hive' };
    case 'CREATE':
      return createKind(tokens, word(1));
    case 'DROP':
      return {
        statementType: 'DDL',
        substatementType: { TABLE: 'DROP_TABLE', DATABASE: 'DROP_DATABASE', SCHEMA: 'DROP_DATABASE', VIEW: 'DROP_VIEW' }[word(1)],
        runner: word(1) === 'VIEW' ? 'view' : 'hive',
      };
    case 'ALTER':
      return { statementType: 'DDL', substatementType: alterSubstatement(tokens), runner: 'hive' };
    default:
      return { statementType: 'UTILITY', runner: 'unsupported' };
  }
}

function createKind(tokens: Token[], second: string): StatementKind {
  if (second === 'DATABASE' || second === 'SCHEMA') return { statementType: 'DDL', substatementType: 'CREATE_DATABASE', runner: 'hive' };
  if (second === 'VIEW' || (second === 'OR' && isWord(tokens[3], 'VIEW')))
    return { statementType: 'DDL', substatementType: 'CREATE_VIEW', runner: 'view' };
  const sql = tokens.map((token) => token.text).join(' ');
  if (isHiveStatement(sql)) return { statementType: 'DDL', substatementType: 'CREATE_TABLE', runner: 'hive' };
  if (second === 'TABLE') return { statementType: 'DDL', substatementType: 'CREATE_TABLE_AS_SELECT', runner: 'ctas' };
  return { statementType: 'DDL', runner: 'unsupported' };
}

function showSubstatement(second: string, third: string): string | undefined {
  switch (second) {
    case 'TABLES':
      return 'SHOW_TABLES';
    case 'DATABASES':
    case 'SCHEMAS':
      return 'SHOW_DATABASES';
    case 'COLUMNS':
      return 'SHOW_COLUMNS';
    case 'PARTITIONS':
      return 'SHOW_PARTITIONS';
    case 'TBLPROPERTIES':
      return 'SHOW_TBLPROPERTIES';
    case 'CREATE':
      return third === 'TABLE' ? 'SHOW_CREATE_TABLE' : third === 'VIEW' ? 'SHOW_CREATE_VIEW' : undefined;
    case 'VIEWS':
      return 'SHOW_VIEWS';
    default:
      return undefined;
  }
}

function alterSubstatement(tokens: Token[]): string | undefined {
  const words = tokens.filter((token) => token.kind === 'word').map((token) => token.text.toUpperCase());
  if (words.includes('PARTITION') && words.includes('ADD')) return 'ALTER_TABLE_ADD_PARTITION';
  if (words.includes('PARTITION') && words.includes('DROP')) return 'ALTER_TABLE_DROP_PARTITION';
  if (words.includes('ADD') && words.includes('COLUMNS')) return 'ALTER_TABLE_ADD_COLUMN';
  if (words.includes('TBLPROPERTIES')) return 'ALTER_TABLE_SET_TBLPROPERTIES';
  if (words.includes('LOCATION')) return 'ALTER_TABLE_SET_LOCATION';
  return undefined;
}
