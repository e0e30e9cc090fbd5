/**
 * The syntax tree of an Athena (Trino) query, as trino/parser.ts builds it. Every node keeps the
 * offset in the user's SQL where Trino would report an error about it: the operator for binary
 * expressions, the name for calls and references, the first token otherwise.
 */
export interface Identifier {
  /** Lower case: Athena's names are case-insensitive. */
  value: string;
  start: number;
}

export type QualifiedName = Identifier[];

export interface Query {
  kind: 'query';
  start: number;
  with?: { recursive: boolean; ctes: CommonTableExpression[] };
  body: QueryBody;
  orderBy: SortItem[];
  offset?: Expression;
  /** `LIMIT n` or `FETCH FIRST n ROWS ONLY`; absent for none or `LIMIT ALL`. */
  limit?: Expression;
}

export interface CommonTableExpression {
  name: Identifier;
  columns?: Identifier[];
  query: Query;
}

export type QueryBody = QuerySpecification | SetOperation | ValuesBody | TableBody | Query;

export interface QuerySpecification {
  kind: 'select';
  start: number;
  distinct: boolean;
  items: SelectItem[];
  from?: Relation;
  where?: Expression;
  groupBy?: GroupBy;
  having?: Expression;
  windows: Array<{ name: Identifier; spec: WindowSpecification }>;
}

export interface SetOperation {
  kind: 'setOperation';
  start: number;
  operator: 'UNION' | 'INTERSECT' | 'EXCEPT';
  distinct: boolean;
  left: QueryBody;
  right: QueryBody;
}

export interface ValuesBody {
  kind: 'values';
  start: number;
  rows: Expression[];
}

/** `TABLE t` */
export interface TableBody {
  kind: 'table';
  start: number;
  name: QualifiedName;
}

export type SelectItem =
  | { kind: 'star'; start: number; qualifier?: QualifiedName }
  /** `expr.*`: every field of a row. */
  | { kind: 'allFields'; start: number; expression: Expression; aliases?: Identifier[] }
  | { kind: 'expression'; start: number; expression: Expression; alias?: Identifier };

export interface GroupBy {
  distinct: boolean;
  elements: GroupingElement[];
}

export type GroupingElement =
  | { kind: 'simple'; expressions: Expression[] }
  | { kind: 'rollup' | 'cube'; expressions: Expression[] }
  | { kind: 'sets'; sets: Expression[][] };

export interface SortItem {
  expression: Expression;
  descending: boolean;
  nulls?: 'FIRST' | 'LAST';
}

export type Relation =
  | { kind: 'table'; start: number; name: QualifiedName; alias?: Identifier; columns?: Identifier[] }
  | { kind: 'subquery'; start: number; query: Query; lateral: boolean; alias?: Identifier; columns?: Identifier[] }
  | { kind: 'unnest'; start: number; arrays: Expression[]; ordinality: boolean; alias?: Identifier; columns?: Identifier[] }
  | {
      kind: 'join';
      start: number;
      type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'IMPLICIT';
      left: Relation;
      right: Relation;
      on?: Expression;
      using?: Identifier[];
    };

export interface WindowSpecification {
  existing?: Identifier;
  partitionBy: Expression[];
  orderBy: SortItem[];
  frame?: WindowFrame;
}

export interface WindowFrame {
  unit: 'ROWS' | 'RANGE' | 'GROUPS';
  start: FrameBound;
  end?: FrameBound;
}

export interface FrameBound {
  kind: 'UNBOUNDED PRECEDING' | 'PRECEDING' | 'CURRENT ROW' | 'FOLLOWING' | 'UNBOUNDED FOLLOWING';
  offset?: Expression;
}

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

export type Expression =
  | { kind: 'string'; start: number; value: string }
  | { kind: 'number'; start: number; text: string }
  | { kind: 'boolean'; start: number; value: boolean }
  | { kind: 'null'; start: number }
  /** `DATE '…'`, `TIMESTAMP '…'`, `DECIMAL '…'`, `X'…'` (type `varbinary`), `JSON '…'`, … */
  | { kind: 'typedLiteral'; start: number; type: string; value: string }
  | { kind: 'interval'; start: number; value: string; negative: boolean; from: IntervalField; to?: IntervalField }
  | { kind: 'identifier'; start: number; name: Identifier }
  | { kind: 'dereference'; start: number; base: Expression; field: Identifier }
  | { kind: 'subscript'; start: number; base: Expression; index: Expression }
  | FunctionCall
  | { kind: 'lambda'; start: number; parameters: Identifier[]; body: Expression }
  | { kind: 'cast'; start: number; expression: Expression; type: string; typeStart: number; safe: boolean }
  | { kind: 'arithmetic'; start: number; operator: ArithmeticOperator; left: Expression; right: Expression }
  | { kind: 'concat'; start: number; left: Expression; right: Expression }
  | { kind: 'negative'; start: number; operand: Expression }
  | { kind: 'comparison'; start: number; operator: ComparisonOperator; left: Expression; right: Expression }
  | { kind: 'quantified'; start: number; operator: ComparisonOperator; quantifier: 'ALL' | 'ANY' | 'SOME'; left: Expression; query: Query }
  | { kind: 'logical'; start: number; operator: 'AND' | 'OR'; left: Expression; right: Expression }
  | { kind: 'not'; start: number; operand: Expression }
  | { kind: 'between'; start: number; value: Expression; low: Expression; high: Expression; negated: boolean }
  | { kind: 'inList'; start: number; value: Expression; list: Expression[]; negated: boolean }
  | { kind: 'inSubquery'; start: number; value: Expression; query: Query; negated: boolean }
  | { kind: 'like'; start: number; value: Expression; pattern: Expression; escape?: Expression; negated: boolean }
  | { kind: 'isNull'; start: number; value: Expression; negated: boolean }
  | { kind: 'isDistinct'; start: number; left: Expression; right: Expression; negated: boolean }
  | { kind: 'case'; start: number; operand?: Expression; whens: Array<{ when: Expression; then: Expression }>; otherwise?: Expression }
  | { kind: 'exists'; start: number; query: Query }
  | { kind: 'subquery'; start: number; query: Query }
  | { kind: 'row'; start: number; items: Expression[] }
  | { kind: 'array'; start: number; items: Expression[] }
  | { kind: 'atTimeZone'; start: number; value: Expression; zone: Expression | 'LOCAL' }
  | { kind: 'extract'; start: number; field: Identifier; value: Expression }
  /** current_date, current_time, current_timestamp, localtime, localtimestamp (with an optional precision). */
  | { kind: 'currentTime'; start: number; function: string; precision?: number }
  | { kind: 'trim'; start: number; specification: 'BOTH' | 'LEADING' | 'TRAILING'; characters?: Expression; source: Expression }
  | { kind: 'parameter'; start: number; index: number };

export type IntervalField = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';

export interface FunctionCall {
  kind: 'call';
  start: number;
  name: QualifiedName;
  args: Expression[];
  distinct: boolean;
  /** `count(*)` */
  star?: boolean;
  filter?: Expression;
  /** `array_agg(x ORDER BY y)` and `listagg(…) WITHIN GROUP (ORDER BY …)` */
  orderBy?: SortItem[];
  over?: WindowSpecification;
  nullTreatment?: 'IGNORE' | 'RESPECT';
}

export type Statement = Query;
