import { identifierValue, isSymbol, isWord, LexError, significant, stringValue, tokenize, type Token } from '../sql-lexer';
import type {
  ArithmeticOperator,
  CommonTableExpression,
  ComparisonOperator,
  Expression,
  FrameBound,
  FunctionCall,
  GroupBy,
  GroupingElement,
  Identifier,
  IntervalField,
  QualifiedName,
  Query,
  QueryBody,
  QuerySpecification,
  Relation,
  SelectItem,
  SortItem,
  WindowFrame,
  WindowSpecification,
} from './ast';
import { MultipleStatements, notSupported, TrinoSyntaxError } from './syntax-error';

/**
 * A recursive-descent parser for the query language of Athena engine 3 (Trino's SELECT grammar:
 * WITH, set operations, joins, UNNEST, VALUES, GROUPING SETS, windows, lambdas, typed literals,
 * the special forms CAST / EXTRACT / TRIM / SUBSTRING / POSITION / AT TIME ZONE / LISTAGG).
 * Errors use Trino's wording: `mismatched input 'x'. Expecting: <expression>`.
 */
export function parseQuery(sql: string): Query {
  let tokens: Token[];
  try {
    tokens = significant(tokenize(sql));
  } catch (error) {
    if (error instanceof LexError) throw new TrinoSyntaxError(error.message, error.position);
    throw error;
  }
  const parser = new Parser(tokens, sql.length);
  const query = parser.query();
  parser.end();
  return query;
}

/** Trino's reserved words: never an identifier or an alias unless double-quoted. */
const RESERVED = new Set(
  (
    'ALTER AND AS BETWEEN BY CASE CAST CONSTRAINT CREATE CROSS CUBE CURRENT_CATALOG CURRENT_DATE CURRENT_PATH CURRENT_ROLE ' +
    'CURRENT_SCHEMA CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DEALLOCATE DELETE DESCRIBE DISTINCT DROP ELSE END ESCAPE ' +
    'EXCEPT EXECUTE EXISTS EXTRACT FALSE FOR FROM FULL GROUP GROUPING HAVING IN INNER INSERT INTERSECT INTO IS JOIN ' +
    'JSON_ARRAY JSON_EXISTS JSON_OBJECT JSON_QUERY JSON_TABLE JSON_VALUE LEFT LIKE LISTAGG LOCALTIME LOCALTIMESTAMP ' +
    'NATURAL NORMALIZE NOT NULL ON OR ORDER OUTER PREPARE RECURSIVE RIGHT ROLLUP SELECT SKIP TABLE THEN TRIM TRUE ' +
    'UESCAPE UNION UNNEST USING VALUES WHEN WHERE WITH'
  ).split(' '),
);

const INTERVAL_FIELDS = new Set(['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND']);
const COMPARISONS: Record<string, ComparisonOperator> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const SPECIAL_JSON = ['JSON_ARRAY', 'JSON_EXISTS', 'JSON_OBJECT', 'JSON_QUERY', 'JSON_TABLE', 'JSON_VALUE'];

class Parser {
  private position = 0;
  private parameters = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  end(): void {
    if (this.acceptSymbol(';') && this.peek()) throw new MultipleStatements('Only one sql statement is allowed');
    if (this.peek()) throw this.mismatch('<EOF>');
  }

  // ---- queries ----

  query(): Query {
    const start = this.here();
    let withClause: Query['with'];
    if (this.acceptWord('WITH')) {
      const recursive = this.acceptWord('RECURSIVE') !== undefined;
      const ctes: CommonTableExpression[] = [];
      do {
        const name = this.identifier();
        const columns = isSymbol(this.peek(), '(') ? this.identifierList() : undefined;
        this.keyword('AS');
        this.symbol('(');
        const query = this.query();
        this.symbol(')');
        ctes.push({ name, columns, query });
      } while (this.acceptSymbol(','));
      withClause = { recursive, ctes };
    }
    const body = this.queryTerm();
    const query: Query = { kind: 'query', start, with: withClause, body, orderBy: [] };
    if (this.acceptWords('ORDER', 'BY')) query.orderBy = this.sortItems();
    if (this.acceptWord('OFFSET')) {
      query.offset = this.rowCount();
      this.acceptWord('ROW', 'ROWS');
    }
    if (this.acceptWord('LIMIT')) {
      if (!this.acceptWord('ALL')) query.limit = this.rowCount();
    } else if (this.acceptWord('FETCH')) {
      this.keyword('FIRST', 'NEXT');
      query.limit = this.peek()?.kind === 'number' || isSymbol(this.peek(), '?') ? this.rowCount() : this.one();
      this.keyword('ROW', 'ROWS');
      if (this.acceptWords('WITH', 'TIES')) throw notSupported('FETCH FIRST … WITH TIES', start);
      this.keyword('ONLY');
    }
    return query;
  }

  private rowCount(): Expression {
    const token = this.peek();
    if (isSymbol(token, '?')) return this.primary();
    if (token?.kind !== 'number' || !/^\d+$/.test(token.text)) throw this.mismatch('<integer>');
    this.position++;
    return { kind: 'number', start: token.start, text: token.text };
  }

  private one(): Expression {
    return { kind: 'number', start: this.here(), text: '1' };
  }

  /** UNION and EXCEPT bind looser than INTERSECT. */
  private queryTerm(): QueryBody {
    let left = this.intersectTerm();
    for (;;) {
      const start = this.here();
      const operator = this.acceptWord('UNION', 'EXCEPT');
      if (!operator) return left;
      const distinct = this.setQuantifier();
      const right = this.intersectTerm();
      left = { kind: 'setOperation', start, operator: operator as 'UNION' | 'EXCEPT', distinct, left, right };
    }
  }

  private intersectTerm(): QueryBody {
    let left = this.queryPrimary();
    for (;;) {
      const start = this.here();
      if (!this.acceptWord('INTERSECT')) return left;
      const distinct = this.setQuantifier();
      const right = this.queryPrimary();
      left = { kind: 'setOperation', start, operator: 'INTERSECT', distinct, left, right };
    }
  }

  private setQuantifier(): boolean {
    if (this.acceptWord('ALL')) return false;
    this.acceptWord('DISTINCT');
    return true;
  }

  private queryPrimary(): QueryBody {
    const start = this.here();
    if (isWord(this.peek(), 'SELECT')) return this.querySpecification();
    if (this.acceptWord('TABLE')) return { kind: 'table', start, name: this.qualifiedName() };
    if (this.acceptWord('VALUES')) {
      const rows: Expression[] = [];
      do rows.push(this.expression());
      while (this.acceptSymbol(','));
      return { kind: 'values', start, rows };
    }
    if (isSymbol(this.peek(), '(')) {
      this.position++;
      const query = this.query();
      this.symbol(')');
      return query;
    }
    throw this.mismatch("'(', 'SELECT', 'TABLE', 'VALUES'");
  }

  private querySpecification(): QuerySpecification {
    const start = this.here();
    this.keyword('SELECT');
    let distinct = false;
    if (this.acceptWord('DISTINCT')) distinct = true;
    else this.acceptWord('ALL');
    const items: SelectItem[] = [];
    do items.push(this.selectItem());
    while (this.acceptSymbol(','));
    const spec: QuerySpecification = { kind: 'select', start, distinct, items, windows: [] };
    if (this.acceptWord('FROM')) {
      let relation = this.relation();
      while (isSymbol(this.peek(), ',')) {
        const joinStart = this.here();
        this.position++;
        relation = { kind: 'join', start: joinStart, type: 'IMPLICIT', left: relation, right: this.relation() };
      }
      spec.from = relation;
    }
    if (this.acceptWord('WHERE')) spec.where = this.expression();
    if (this.acceptWords('GROUP', 'BY')) spec.groupBy = this.groupBy();
    if (this.acceptWord('HAVING')) spec.having = this.expression();
    if (this.acceptWord('WINDOW')) {
      do {
        const name = this.identifier();
        this.keyword('AS');
        this.symbol('(');
        const windowSpec = this.windowSpecification();
        this.symbol(')');
        spec.windows.push({ name, spec: windowSpec });
      } while (this.acceptSymbol(','));
    }
    return spec;
  }

  private selectItem(): SelectItem {
    const start = this.here();
    if (this.acceptSymbol('*')) return { kind: 'star', start };
    // `t.*` / `db.t.*`
    const saved = this.position;
    if (this.isIdentifierToken(this.peek())) {
      const names: Identifier[] = [this.identifier()];
      while (isSymbol(this.peek(), '.') && this.isIdentifierToken(this.peek(1))) {
        this.position++;
        names.push(this.identifier());
      }
      if (isSymbol(this.peek(), '.') && isSymbol(this.peek(1), '*')) {
        this.position += 2;
        return { kind: 'star', start, qualifier: names };
      }
      this.position = saved;
    }
    const expression = this.expression();
    if (isSymbol(this.peek(), '.') && isSymbol(this.peek(1), '*')) {
      this.position += 2;
      const aliases = this.acceptWord('AS') ? this.identifierList() : undefined;
      return { kind: 'allFields', start, expression, aliases };
    }
    const alias = this.optionalAlias();
    return { kind: 'expression', start, expression, alias };
  }

  private optionalAlias(): Identifier | undefined {
    if (this.acceptWord('AS')) return this.identifier();
    const token = this.peek();
    if (token && this.isIdentifierToken(token) && !this.isClauseWord(token)) return this.identifier();
    return undefined;
  }

  /** Non-reserved words that still end a select item or a relation when they follow one. */
  private isClauseWord(token: Token): boolean {
    return (
      token.kind === 'word' &&
      ['LIMIT', 'OFFSET', 'FETCH', 'WINDOW', 'TABLESAMPLE', 'MATCH_RECOGNIZE', 'FOR'].includes(token.text.toUpperCase())
    );
  }

  private groupBy(): GroupBy {
    let distinct = false;
    if (this.acceptWord('DISTINCT')) distinct = true;
    else this.acceptWord('ALL');
    const elements: GroupingElement[] = [];
    do elements.push(this.groupingElement());
    while (this.acceptSymbol(','));
    return { distinct, elements };
  }

  private groupingElement(): GroupingElement {
    if (isWord(this.peek(), 'ROLLUP', 'CUBE') && isSymbol(this.peek(1), '(')) {
      const kind = this.next()!.text.toLowerCase() as 'rollup' | 'cube';
      return { kind, expressions: this.expressionList() };
    }
    if (isWord(this.peek(), 'GROUPING') && isWord(this.peek(1), 'SETS')) {
      this.position += 2;
      this.symbol('(');
      const sets: Expression[][] = [];
      do {
        if (isSymbol(this.peek(), '(')) sets.push(this.expressionList());
        else sets.push([this.expression()]);
      } while (this.acceptSymbol(','));
      this.symbol(')');
      return { kind: 'sets', sets };
    }
    return { kind: 'simple', expressions: [this.expression()] };
  }

  /** `(a, b)` possibly empty. */
  private expressionList(): Expression[] {
    this.symbol('(');
    const items: Expression[] = [];
    if (!isSymbol(this.peek(), ')')) {
      do items.push(this.expression());
      while (this.acceptSymbol(','));
    }
    this.symbol(')');
    return items;
  }

  private sortItems(): SortItem[] {
    const items: SortItem[] = [];
    do {
      const expression = this.expression();
      let descending = false;
      if (this.acceptWord('DESC')) descending = true;
      else this.acceptWord('ASC');
      let nulls: SortItem['nulls'];
      if (this.acceptWord('NULLS')) nulls = this.keyword('FIRST', 'LAST') as 'FIRST' | 'LAST';
      items.push({ expression, descending, nulls });
    } while (this.acceptSymbol(','));
    return items;
  }

  // ---- relations ----

  private relation(): Relation {
    let left = this.aliasedRelation();
    for (;;) {
      const start = this.here();
      if (this.acceptWords('CROSS', 'JOIN')) {
        left = { kind: 'join', start, type: 'CROSS', left, right: this.aliasedRelation() };
        continue;
      }
      if (isWord(this.peek(), 'NATURAL')) throw notSupported('NATURAL joins', start);
      let type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | undefined;
      if (this.acceptWord('JOIN')) type = 'INNER';
      else if (this.acceptWord('INNER')) {
        this.keyword('JOIN');
        type = 'INNER';
      } else if (isWord(this.peek(), 'LEFT', 'RIGHT', 'FULL')) {
        type = this.next()!.text.toUpperCase() as 'LEFT' | 'RIGHT' | 'FULL';
        this.acceptWord('OUTER');
        this.keyword('JOIN');
      }
      if (!type) return left;
      const right = this.relation0();
      if (this.acceptWord('ON')) left = { kind: 'join', start, type, left, right, on: this.expression() };
      else if (this.acceptWord('USING')) left = { kind: 'join', start, type, left, right, using: this.identifierList() };
      else throw this.mismatch("'ON', 'USING'");
    }
  }

  /** The right side of a qualified join: a relation with its own joins only when parenthesized. */
  private relation0(): Relation {
    return this.aliasedRelation();
  }

  private aliasedRelation(): Relation {
    const relation = this.relationPrimary();
    if (isWord(this.peek(), 'TABLESAMPLE')) throw notSupported('TABLESAMPLE', this.here());
    if (isWord(this.peek(), 'MATCH_RECOGNIZE')) throw notSupported('MATCH_RECOGNIZE', this.here());
    if (isWord(this.peek(), 'FOR') && isWord(this.peek(1), 'TIMESTAMP', 'VERSION', 'SYSTEM_TIME', 'SYSTEM_VERSION'))
      throw notSupported('time travel (FOR TIMESTAMP / VERSION AS OF)', this.here());
    if (relation.kind === 'join') return relation;
    const alias = this.optionalAlias();
    if (alias) {
      relation.alias = alias;
      if (isSymbol(this.peek(), '(')) relation.columns = this.identifierList();
    }
    return relation;
  }

  private relationPrimary(): Relation {
    const start = this.here();
    if (isWord(this.peek(), 'UNNEST') && isSymbol(this.peek(1), '(')) {
      this.position++;
      const arrays = this.expressionList();
      const ordinality = this.acceptWords('WITH', 'ORDINALITY');
      return { kind: 'unnest', start, arrays, ordinality };
    }
    if (isWord(this.peek(), 'LATERAL') && isSymbol(this.peek(1), '(')) {
      this.position += 2;
      const query = this.query();
      this.symbol(')');
      return { kind: 'subquery', start, query, lateral: true };
    }
    if (isSymbol(this.peek(), '(')) {
      if (this.startsQuery(1)) {
        this.position++;
        const query = this.query();
        this.symbol(')');
        return { kind: 'subquery', start, query, lateral: false };
      }
      this.position++;
      const inner = this.relation();
      this.symbol(')');
      return inner;
    }
    if (isWord(this.peek(), 'TABLE') && isSymbol(this.peek(1), '(')) throw notSupported('table functions', start);
    return { kind: 'table', start, name: this.qualifiedName() };
  }

  /** Whether a query (rather than a relation or an expression) starts `ahead` tokens from here. */
  private startsQuery(ahead: number): boolean {
    let index = ahead;
    while (isSymbol(this.peek(index), '(')) index++;
    return isWord(this.peek(index), 'SELECT', 'WITH', 'VALUES', 'TABLE');
  }

  // ---- windows ----

  private windowSpecification(): WindowSpecification {
    const spec: WindowSpecification = { partitionBy: [], orderBy: [] };
    const token = this.peek();
    if (token && this.isIdentifierToken(token) && !isWord(token, 'PARTITION', 'ORDER', 'ROWS', 'RANGE', 'GROUPS'))
      spec.existing = this.identifier();
    if (this.acceptWords('PARTITION', 'BY')) {
      do spec.partitionBy.push(this.expression());
      while (this.acceptSymbol(','));
    }
    if (this.acceptWords('ORDER', 'BY')) spec.orderBy = this.sortItems();
    const unit = this.acceptWord('ROWS', 'RANGE', 'GROUPS');
    if (unit) {
      if (this.acceptWord('BETWEEN')) {
        const start = this.frameBound();
        this.keyword('AND');
        spec.frame = { unit: unit as WindowFrame['unit'], start, end: this.frameBound() };
      } else {
        spec.frame = { unit: unit as WindowFrame['unit'], start: this.frameBound() };
      }
    }
    return spec;
  }

  private frameBound(): FrameBound {
    if (this.acceptWord('UNBOUNDED')) {
      return { kind: this.keyword('PRECEDING', 'FOLLOWING') === 'PRECEDING' ? 'UNBOUNDED PRECEDING' : 'UNBOUNDED FOLLOWING' };
    }
    if (this.acceptWord('CURRENT')) {
      this.keyword('ROW');
      return { kind: 'CURRENT ROW' };
    }
    const offset = this.expression();
    return { kind: this.keyword('PRECEDING', 'FOLLOWING') as 'PRECEDING' | 'FOLLOWING', offset };
  }

  // ---- expressions ----

  expression(): Expression {
    return this.or();
  }

  private or(): Expression {
    let left = this.and();
    for (;;) {
      const start = this.here();
      if (!this.acceptWord('OR')) return left;
      left = { kind: 'logical', start, operator: 'OR', left, right: this.and() };
    }
  }

  private and(): Expression {
    let left = this.not();
    for (;;) {
      const start = this.here();
      if (!this.acceptWord('AND')) return left;
      left = { kind: 'logical', start, operator: 'AND', left, right: this.not() };
    }
  }

  private not(): Expression {
    const start = this.here();
    if (this.acceptWord('NOT')) return { kind: 'not', start, operand: this.not() };
    return this.predicate();
  }

  private predicate(): Expression {
    const value = this.valueExpression();
    const start = this.here();
    const token = this.peek();
    if (token?.kind === 'symbol' && COMPARISONS[token.text]) {
      this.position++;
      const operator = COMPARISONS[token.text]!;
      if (isWord(this.peek(), 'ALL', 'ANY', 'SOME') && isSymbol(this.peek(1), '(') && this.startsQuery(2)) {
        const quantifier = this.next()!.text.toUpperCase() as 'ALL' | 'ANY' | 'SOME';
        this.symbol('(');
        const query = this.query();
        this.symbol(')');
        return { kind: 'quantified', start, operator, quantifier, left: value, query };
      }
      return { kind: 'comparison', start, operator, left: value, right: this.valueExpression() };
    }
    if (this.acceptWord('IS')) {
      const negated = this.acceptWord('NOT') !== undefined;
      if (this.acceptWord('NULL')) return { kind: 'isNull', start, value, negated };
      if (this.acceptWord('DISTINCT')) {
        this.keyword('FROM');
        return { kind: 'isDistinct', start, left: value, right: this.valueExpression(), negated };
      }
      throw this.mismatch("'DISTINCT', 'NULL'");
    }
    const negated = isWord(this.peek(), 'NOT') && isWord(this.peek(1), 'BETWEEN', 'IN', 'LIKE');
    if (negated) this.position++;
    if (this.acceptWord('BETWEEN')) {
      const low = this.valueExpression();
      this.keyword('AND');
      return { kind: 'between', start, value, low, high: this.valueExpression(), negated };
    }
    if (this.acceptWord('IN')) {
      this.symbol('(');
      if (this.startsQuery(0)) {
        const query = this.query();
        this.symbol(')');
        return { kind: 'inSubquery', start, value, query, negated };
      }
      const list: Expression[] = [];
      do list.push(this.expression());
      while (this.acceptSymbol(','));
      this.symbol(')');
      return { kind: 'inList', start, value, list, negated };
    }
    if (this.acceptWord('LIKE')) {
      const pattern = this.valueExpression();
      const escape = this.acceptWord('ESCAPE') ? this.valueExpression() : undefined;
      return { kind: 'like', start, value, pattern, escape, negated };
    }
    return value;
  }

  private valueExpression(): Expression {
    let left = this.additive();
    for (;;) {
      const start = this.here();
      if (!this.acceptSymbol('||')) return left;
      left = { kind: 'concat', start, left, right: this.additive() };
    }
  }

  private additive(): Expression {
    let left = this.multiplicative();
    for (;;) {
      const start = this.here();
      const token = this.peek();
      if (!isSymbol(token, '+') && !isSymbol(token, '-')) return left;
      this.position++;
      left = { kind: 'arithmetic', start, operator: token!.text as ArithmeticOperator, left, right: this.multiplicative() };
    }
  }

  private multiplicative(): Expression {
    let left = this.unary();
    for (;;) {
      const start = this.here();
      const token = this.peek();
      if (!isSymbol(token, '*') && !isSymbol(token, '/') && !isSymbol(token, '%')) return left;
      this.position++;
      left = { kind: 'arithmetic', start, operator: token!.text as ArithmeticOperator, left, right: this.unary() };
    }
  }

  private unary(): Expression {
    const start = this.here();
    if (this.acceptSymbol('-')) return { kind: 'negative', start, operand: this.unary() };
    if (this.acceptSymbol('+')) return this.unary();
    return this.atTimeZone();
  }

  private atTimeZone(): Expression {
    let value = this.postfix();
    for (;;) {
      const start = this.here();
      if (!isWord(this.peek(), 'AT')) return value;
      if (isWord(this.peek(1), 'LOCAL')) {
        this.position += 2;
        value = { kind: 'atTimeZone', start, value, zone: 'LOCAL' };
        continue;
      }
      if (!isWord(this.peek(1), 'TIME') || !isWord(this.peek(2), 'ZONE')) return value;
      this.position += 3;
      value = { kind: 'atTimeZone', start, value, zone: this.postfix() };
    }
  }

  private postfix(): Expression {
    let base = this.primary();
    for (;;) {
      const start = this.here();
      if (isSymbol(this.peek(), '.') && this.isIdentifierToken(this.peek(1))) {
        this.position++;
        base = { kind: 'dereference', start: base.start, base, field: this.identifier() };
      } else if (this.acceptSymbol('[')) {
        const index = this.expression();
        this.symbol(']');
        base = { kind: 'subscript', start, base, index };
      } else return base;
    }
  }

  primary(): Expression {
    const token = this.peek();
    const start = this.here();
    if (!token) throw this.mismatch('<expression>');
    if (token.kind === 'string') {
      this.position++;
      return { kind: 'string', start, value: stringValue(token) };
    }
    if (token.kind === 'number') {
      this.position++;
      return { kind: 'number', start, text: token.text };
    }
    if (isSymbol(token, '?')) {
      this.position++;
      return { kind: 'parameter', start, index: this.parameters++ };
    }
    if (isSymbol(token, '(')) return this.parenthesized();
    if (token.kind === 'quoted') return this.identifierOrCall();
    if (token.kind !== 'word') throw this.mismatch('<expression>');
    const word = token.text.toUpperCase();
    const next = this.peek(1);
    // Lambda with one parameter: `x -> …`
    if (isSymbol(next, '->')) {
      const parameter = this.identifier();
      this.position++;
      return { kind: 'lambda', start, parameters: [parameter], body: this.expression() };
    }
    // X'0A0B' (binary) and U&'…' (Unicode escapes)
    if (word === 'X' && next?.kind === 'string' && next.start === token.end) {
      this.position += 2;
      return { kind: 'typedLiteral', start, type: 'varbinary', value: stringValue(next) };
    }
    if (word === 'U' && isSymbol(next, '&') && this.peek(2)?.kind === 'string') {
      this.position += 3;
      const literal = this.peek(-1)!;
      let escape = '\\';
      if (this.acceptWord('UESCAPE')) {
        const escapeToken = this.next();
        if (escapeToken?.kind !== 'string') throw this.mismatch('<string>', escapeToken);
        escape = stringValue(escapeToken);
      }
      return { kind: 'string', start, value: decodeUnicodeLiteral(stringValue(literal), escape, literal.start) };
    }
    switch (word) {
      case 'NULL':
        this.position++;
        return { kind: 'null', start };
      case 'TRUE':
      case 'FALSE':
        this.position++;
        return { kind: 'boolean', start, value: word === 'TRUE' };
      case 'INTERVAL':
        if (next?.kind === 'string' || isSymbol(next, '-') || isSymbol(next, '+')) return this.interval();
        break;
      case 'CASE':
        return this.caseExpression();
      case 'CAST':
      case 'TRY_CAST':
        if (isSymbol(next, '(')) return this.cast(word === 'TRY_CAST');
        break;
      case 'EXISTS':
        if (isSymbol(next, '(')) {
          this.position += 2;
          const query = this.query();
          this.symbol(')');
          return { kind: 'exists', start, query };
        }
        break;
      case 'ARRAY':
        if (isSymbol(next, '[')) {
          this.position += 2;
          const items: Expression[] = [];
          if (!isSymbol(this.peek(), ']')) {
            do items.push(this.expression());
            while (this.acceptSymbol(','));
          }
          this.symbol(']');
          return { kind: 'array', start, items };
        }
        break;
      case 'ROW':
        if (isSymbol(next, '(')) {
          this.position++;
          return { kind: 'row', start, items: this.expressionList() };
        }
        break;
      case 'EXTRACT':
        if (isSymbol(next, '(')) {
          this.position += 2;
          const field = this.identifier();
          this.keyword('FROM');
          const value = this.expression();
          this.symbol(')');
          return { kind: 'extract', start, field, value };
        }
        break;
      case 'CURRENT_DATE':
      case 'CURRENT_TIME':
      case 'CURRENT_TIMESTAMP':
      case 'LOCALTIME':
      case 'LOCALTIMESTAMP': {
        this.position++;
        let precision: number | undefined;
        if (word !== 'CURRENT_DATE' && this.acceptSymbol('(')) {
          precision = Number(this.rowCountText());
          this.symbol(')');
        }
        return { kind: 'currentTime', start, function: word.toLowerCase(), precision };
      }
      case 'CURRENT_USER':
      case 'CURRENT_CATALOG':
      case 'CURRENT_SCHEMA':
      case 'CURRENT_PATH':
      case 'CURRENT_ROLE':
        this.position++;
        return { kind: 'currentTime', start, function: word.toLowerCase() };
      case 'TRIM':
        if (isSymbol(next, '(')) return this.trim();
        break;
      case 'SUBSTRING':
        if (isSymbol(next, '(')) return this.substring();
        break;
      case 'POSITION':
        if (isSymbol(next, '(')) return this.positionCall();
        break;
      case 'NORMALIZE':
        if (isSymbol(next, '(')) return this.normalize();
        break;
      case 'LISTAGG':
        if (isSymbol(next, '(')) return this.listagg();
        break;
      default:
        if (SPECIAL_JSON.includes(word) && isSymbol(next, '(')) throw notSupported(`${word.toLowerCase()}`, start);
    }
    // Typed literal: `DATE '2020-01-01'`, `DECIMAL '1.5'`, `DOUBLE PRECISION '1'`, `TIMESTAMP '…'`
    if (next?.kind === 'string' && !RESERVED.has(word)) {
      this.position += 2;
      return { kind: 'typedLiteral', start, type: token.text.toLowerCase(), value: stringValue(next) };
    }
    if (word === 'DOUBLE' && isWord(next, 'PRECISION') && this.peek(2)?.kind === 'string') {
      this.position += 3;
      return { kind: 'typedLiteral', start, type: 'double', value: stringValue(this.peek(-1)!) };
    }
    return this.identifierOrCall();
  }

  private rowCountText(): string {
    const token = this.next();
    if (token?.kind !== 'number') throw this.mismatch('<integer>', token);
    return token.text;
  }

  private identifierOrCall(): Expression {
    const start = this.here();
    const name: QualifiedName = [this.identifier()];
    // `a.b(…)`: a qualified function name; `a.b` otherwise is a dereference, built by postfix().
    if (!isSymbol(this.peek(), '(')) return { kind: 'identifier', start, name: name[0]! };
    return this.call(name, start);
  }

  private call(name: QualifiedName, start: number): FunctionCall {
    this.symbol('(');
    const call: FunctionCall = { kind: 'call', start, name, args: [], distinct: false };
    if (this.acceptSymbol('*')) {
      call.star = true;
    } else if (!isSymbol(this.peek(), ')')) {
      if (this.acceptWord('DISTINCT')) call.distinct = true;
      else this.acceptWord('ALL');
      do call.args.push(this.expression());
      while (this.acceptSymbol(','));
      if (this.acceptWords('ORDER', 'BY')) call.orderBy = this.sortItems();
    }
    this.symbol(')');
    this.callSuffix(call);
    return call;
  }

  /** FILTER (WHERE …), IGNORE / RESPECT NULLS, OVER (…). */
  private callSuffix(call: FunctionCall): void {
    if (isWord(this.peek(), 'FILTER') && isSymbol(this.peek(1), '(')) {
      this.position += 2;
      this.keyword('WHERE');
      call.filter = this.expression();
      this.symbol(')');
    }
    if (isWord(this.peek(), 'IGNORE', 'RESPECT') && isWord(this.peek(1), 'NULLS')) {
      call.nullTreatment = this.next()!.text.toUpperCase() as 'IGNORE' | 'RESPECT';
      this.position++;
    }
    if (this.acceptWord('OVER')) {
      if (this.acceptSymbol('(')) {
        call.over = this.windowSpecification();
        this.symbol(')');
      } else {
        call.over = { existing: this.identifier(), partitionBy: [], orderBy: [] };
      }
    }
  }

  /** `(expr)`, a row `(a, b)`, a subquery `(SELECT …)`, or a lambda `(x, y) -> …`. */
  private parenthesized(): Expression {
    const start = this.here();
    if (this.startsQuery(1)) {
      this.position++;
      const query = this.query();
      this.symbol(')');
      return { kind: 'subquery', start, query };
    }
    const lambda = this.tryLambdaParameters();
    if (lambda) return { kind: 'lambda', start, parameters: lambda, body: this.expression() };
    this.position++;
    const items = [this.expression()];
    while (this.acceptSymbol(',')) items.push(this.expression());
    this.symbol(')');
    return items.length === 1 ? items[0]! : { kind: 'row', start, items };
  }

  private tryLambdaParameters(): Identifier[] | undefined {
    const saved = this.position;
    this.position++;
    const parameters: Identifier[] = [];
    if (!isSymbol(this.peek(), ')')) {
      for (;;) {
        if (!this.isIdentifierToken(this.peek())) {
          this.position = saved;
          return undefined;
        }
        parameters.push(this.identifier());
        if (!this.acceptSymbol(',')) break;
      }
    }
    if (this.acceptSymbol(')') && this.acceptSymbol('->')) return parameters;
    this.position = saved;
    return undefined;
  }

  private interval(): Expression {
    const start = this.here();
    this.keyword('INTERVAL');
    let negative = false;
    if (this.acceptSymbol('-')) negative = true;
    else this.acceptSymbol('+');
    const value = this.next();
    if (value?.kind !== 'string') throw this.mismatch('<string>', value);
    const from = this.intervalField();
    let to: IntervalField | undefined;
    if (this.acceptWord('TO')) to = this.intervalField();
    return { kind: 'interval', start, value: stringValue(value), negative, from, to };
  }

  private intervalField(): IntervalField {
    const token = this.peek();
    const word = token?.kind === 'word' ? token.text.toUpperCase() : '';
    if (!INTERVAL_FIELDS.has(word)) throw this.mismatch("'DAY', 'HOUR', 'MINUTE', 'MONTH', 'SECOND', 'YEAR'");
    this.position++;
    return word as IntervalField;
  }

  private caseExpression(): Expression {
    const start = this.here();
    this.keyword('CASE');
    const operand = isWord(this.peek(), 'WHEN') ? undefined : this.expression();
    const whens: Array<{ when: Expression; then: Expression }> = [];
    while (this.acceptWord('WHEN')) {
      const when = this.expression();
      this.keyword('THEN');
      whens.push({ when, then: this.expression() });
    }
    if (whens.length === 0) throw this.mismatch("'WHEN'");
    const otherwise = this.acceptWord('ELSE') ? this.expression() : undefined;
    this.keyword('END');
    return { kind: 'case', start, operand, whens, otherwise };
  }

  private cast(safe: boolean): Expression {
    const start = this.here();
    this.position += 2;
    const expression = this.expression();
    this.keyword('AS');
    const typeStart = this.here();
    const type = this.typeText();
    this.symbol(')');
    return { kind: 'cast', start, expression, type, typeStart, safe };
  }

  /** A type's text up to the closing parenthesis of the CAST (nested parentheses kept). */
  private typeText(): string {
    let depth = 0;
    const parts: string[] = [];
    for (let token = this.peek(); token; token = this.peek()) {
      if (isSymbol(token, ')') && depth === 0) break;
      if (isSymbol(token, '(')) depth++;
      if (isSymbol(token, ')')) depth--;
      parts.push(token.kind === 'quoted' ? `"${identifierValue(token)}"` : token.text);
      this.position++;
    }
    if (parts.length === 0) throw this.mismatch('<type>');
    return parts
      .join(' ')
      .replace(/\s*([(),])\s*/g, '$1')
      .replace(/,/g, ', ');
  }

  private trim(): Expression {
    const start = this.here();
    this.position += 2;
    let specification: 'BOTH' | 'LEADING' | 'TRAILING' = 'BOTH';
    const spec = this.acceptWord('BOTH', 'LEADING', 'TRAILING');
    if (spec) specification = spec as 'BOTH' | 'LEADING' | 'TRAILING';
    let characters: Expression | undefined;
    let source: Expression;
    if (this.acceptWord('FROM')) {
      source = this.expression();
    } else {
      const first = this.expression();
      if (this.acceptWord('FROM')) {
        characters = first;
        source = this.expression();
      } else if (!spec && this.acceptSymbol(',')) {
        source = first;
        characters = this.expression();
      } else {
        source = first;
      }
    }
    this.symbol(')');
    return { kind: 'trim', start, specification, characters, source };
  }

  private substring(): Expression {
    const start = this.here();
    const name = [this.identifier()];
    const saved = this.position;
    this.symbol('(');
    const value = this.expression();
    if (!this.acceptWord('FROM')) {
      this.position = saved;
      return this.call(name, start);
    }
    const args = [value, this.expression()];
    if (this.acceptWord('FOR')) args.push(this.expression());
    this.symbol(')');
    return { kind: 'call', start, name, args, distinct: false };
  }

  private positionCall(): Expression {
    const start = this.here();
    const name = [this.identifier()];
    const saved = this.position;
    this.symbol('(');
    const needle = this.valueExpression();
    if (!this.acceptWord('IN')) {
      this.position = saved;
      return this.call(name, start);
    }
    const haystack = this.valueExpression();
    this.symbol(')');
    return { kind: 'call', start, name: [{ value: 'strpos', start }], args: [haystack, needle], distinct: false };
  }

  private normalize(): Expression {
    const start = this.here();
    this.position += 2;
    const value = this.expression();
    const args = [value];
    if (this.acceptSymbol(',')) {
      const form = this.identifier();
      args.push({ kind: 'string', start: form.start, value: form.value.toUpperCase() });
    }
    this.symbol(')');
    return { kind: 'call', start, name: [{ value: 'normalize', start }], args, distinct: false };
  }

  /** `listagg(x [, sep] [ON OVERFLOW …]) WITHIN GROUP (ORDER BY …) [FILTER (…)]` */
  private listagg(): Expression {
    const start = this.here();
    this.position += 2;
    const call: FunctionCall = { kind: 'call', start, name: [{ value: 'listagg', start }], args: [], distinct: false };
    if (this.acceptWord('DISTINCT')) call.distinct = true;
    call.args.push(this.expression());
    if (this.acceptSymbol(',')) call.args.push(this.expression());
    if (this.acceptWord('ON')) {
      this.keyword('OVERFLOW');
      if (this.acceptWord('TRUNCATE')) throw notSupported('LISTAGG … ON OVERFLOW TRUNCATE', start);
      this.keyword('ERROR');
    }
    this.symbol(')');
    this.keyword('WITHIN');
    this.keyword('GROUP');
    this.symbol('(');
    this.keyword('ORDER');
    this.keyword('BY');
    call.orderBy = this.sortItems();
    this.symbol(')');
    this.callSuffix(call);
    if (call.over) throw notSupported('listagg as a window function', start);
    return call;
  }

  // ---- tokens ----

  private identifierList(): Identifier[] {
    this.symbol('(');
    const names: Identifier[] = [];
    do names.push(this.identifier());
    while (this.acceptSymbol(','));
    this.symbol(')');
    return names;
  }

  private qualifiedName(): QualifiedName {
    const names = [this.identifier()];
    while (isSymbol(this.peek(), '.') && this.isIdentifierToken(this.peek(1))) {
      this.position++;
      names.push(this.identifier());
    }
    return names;
  }

  private identifier(): Identifier {
    const token = this.peek();
    if (!token || !this.isIdentifierToken(token)) throw this.mismatch('<identifier>');
    this.position++;
    if (token.kind === 'quoted' && token.text.length === 2)
      throw new TrinoSyntaxError('Zero-length delimited identifier not allowed', token.start);
    return { value: identifierValue(token).toLowerCase(), start: token.start };
  }

  private isIdentifierToken(token: Token | undefined): boolean {
    if (!token) return false;
    if (token.kind === 'quoted') return true;
    return token.kind === 'word' && !RESERVED.has(token.text.toUpperCase());
  }

  private peek(ahead = 0): Token | undefined {
    return this.tokens[this.position + ahead];
  }

  private next(): Token | undefined {
    return this.tokens[this.position++];
  }

  private here(): number {
    return this.peek()?.start ?? this.length;
  }

  private acceptWord(...words: string[]): string | undefined {
    const token = this.peek();
    if (!token || !isWord(token, ...words)) return undefined;
    this.position++;
    return token.text.toUpperCase();
  }

  private acceptWords(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) if (!isWord(this.peek(i), words[i]!)) return false;
    this.position += words.length;
    return true;
  }

  private keyword(...words: string[]): string {
    const word = this.acceptWord(...words);
    if (!word) throw this.mismatch(words.map((candidate) => `'${candidate}'`).join(', '));
    return word;
  }

  private acceptSymbol(symbol: string): boolean {
    if (!isSymbol(this.peek(), symbol)) return false;
    this.position++;
    return true;
  }

  private symbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.mismatch(`'${symbol}'`);
  }

  private mismatch(expected: string, token = this.peek()): TrinoSyntaxError {
    return new TrinoSyntaxError(`mismatched input '${token ? token.text : '<EOF>'}'. Expecting: ${expected}`, token?.start ?? this.length);
  }
}

/** `U&'caf\00E9'`: `\XXXX` and `\+XXXXXX` escapes (or another escape character). */
function decodeUnicodeLiteral(text: string, escape: string, position: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== escape) {
      out += char;
      continue;
    }
    if (text[i + 1] === escape) {
      out += escape;
      i++;
      continue;
    }
    const long = text[i + 1] === '+';
    const digits = long ? text.slice(i + 2, i + 8) : text.slice(i + 1, i + 5);
    if (!/^[0-9A-Fa-f]+$/.test(digits) || digits.length !== (long ? 6 : 4))
      throw new TrinoSyntaxError(`Invalid hexadecimal digit in Unicode escape: ${digits}`, position);
    out += String.fromCodePoint(parseInt(digits, 16));
    i += long ? 7 : 4;
  }
  return out;
}
