import type { Identifier } from './ast';
import { SemanticError } from './syntax-error';
import type { TrinoType } from './types';

/**
 * What analysis knows about names: the fields a relation offers (with the Trino type and the
 * DuckDB expression that reads each), and scopes that nest (a subquery sees its outer query, a
 * lambda its parameters). Resolution follows Trino: `a.b.c` is the longest qualified column that
 * matches, the rest are row-field dereferences; a name that matches twice is ambiguous.
 */
export interface Field {
  /** Lower-case column name; absent for unnamed expressions (`SELECT 1` in a subquery). */
  name?: string;
  /** Names that qualify the field (`t`, `db.t`, `awsdatacatalog.db.t`, or an alias). */
  qualifiers: string[];
  type: TrinoType;
  /** DuckDB SQL reading the value. */
  sql: string;
  /** Pseudo-columns (`$path`, `$file_size`) resolve by name but `*` does not expand them. */
  hidden?: boolean;
  /** For a base table's partition key: the table reference it belongs to. */
  partitionOf?: number;
  /** For base-table columns: the reference id (pruning and scanned bytes). */
  tableReference?: number;
}

/** A value with its Trino type, as DuckDB SQL. */
export interface Typed {
  type: TrinoType;
  sql: string;
  /** The JavaScript value of a literal (constant folding for arguments that must be constant). */
  literal?: string | number | boolean | null;
  /** The first column read outside an aggregate and not (yet) covered by a GROUP BY expression. */
  ungrouped?: { text: string; position: number };
  /** Contains an aggregate call (not nested in a subquery). */
  aggregate?: boolean;
  /** Contains a window function. */
  window?: boolean;
  /** Fields of the enclosing FROM clause this value reads. */
  reads?: Set<Field>;
  /** For a lambda: its body with the parameters bound to SQL expressions (applied in place). */
  inline?: (parameters: string[]) => string;
}

export class Scope {
  constructor(
    readonly fields: Field[],
    readonly parent?: Scope,
    /** Lambda parameters shadow columns of the same name. */
    readonly lambda = false,
  ) {}

  /**
   * Resolves an identifier chain to a field and the row fields to dereference after it; undefined
   * when no scope has it.
   */
  resolve(chain: Identifier[]): { field: Field; rest: Identifier[]; scope: Scope } | undefined {
    for (let qualifierLength = Math.min(chain.length - 1, 3); qualifierLength >= 0; qualifierLength--) {
      const qualifier = chain
        .slice(0, qualifierLength)
        .map((part) => part.value)
        .join('.');
      const column = chain[qualifierLength]!.value;
      const matches = this.fields.filter(
        (field) => field.name === column && (qualifierLength === 0 || field.qualifiers.includes(qualifier)),
      );
      if (matches.length > 1 && !matches.every((match) => match.sql === matches[0]!.sql)) {
        const name = chain
          .slice(0, qualifierLength + 1)
          .map((part) => part.value)
          .join('.');
        throw new SemanticError('AMBIGUOUS_NAME', `Column '${name}' is ambiguous`, chain[0]!.start);
      }
      if (matches.length > 0) return { field: matches[0]!, rest: chain.slice(qualifierLength + 1), scope: this };
    }
    return this.parent?.resolve(chain);
  }

  /** Whether any field of this scope (not its parents) has this qualifier. */
  hasQualifier(qualifier: string): boolean {
    return this.fields.some((field) => field.qualifiers.includes(qualifier));
  }
}

/** Unique DuckDB names for relations and lambda variables within one translation. */
export class NameGenerator {
  private readonly used = new Map<string, number>();

  next(base: string): string {
    const clean = base.replace(/[^a-z0-9_]/gi, '_').toLowerCase() || 'r';
    const count = (this.used.get(clean) ?? 0) + 1;
    this.used.set(clean, count);
    return count === 1 ? clean : `${clean}_${count}`;
  }

  /** A lambda variable: never a word DuckDB reserves, never twice the same. */
  variable(base: string): string {
    return `v_${this.next(base)}`;
  }
}
