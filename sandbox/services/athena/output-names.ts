/**
 * Result column names as Trino gives them, read from DuckDB's parse tree (json_serialize_sql):
 * an alias or a column reference names its column, any other expression is `_col<N>`, and
 * names are lower case (Athena folds them). `*` keeps the engine's names.
 */
export type OutputName = { kind: 'named'; name: string } | { kind: 'expression' } | { kind: 'star' } | { kind: 'values' };

interface AstNode {
  type?: string;
  left?: AstNode;
  select_list?: Array<{ class?: string; alias?: string; column_names?: string[]; relation_name?: string; exclude_list?: unknown[] }>;
  from_table?: { type?: string; subquery?: { node?: AstNode }; column_name_alias?: string[] };
}

export function outputNamesOf(node: AstNode | undefined): OutputName[] | undefined {
  if (!node) return undefined;
  if (node.type === 'SET_OPERATION_NODE') return outputNamesOf(node.left);
  if (node.type !== 'SELECT_NODE' || !node.select_list) return undefined;
  const fromValues = node.from_table?.type === 'EXPRESSION_LIST';
  // `SELECT * FROM (subquery)` names its columns as the subquery (or its column aliases) does.
  const only = node.select_list.length === 1 ? node.select_list[0] : undefined;
  if (only?.class === 'STAR' && !only.relation_name && !only.exclude_list?.length && node.from_table?.type === 'SUBQUERY') {
    const aliases = node.from_table.column_name_alias ?? [];
    const inner = outputNamesOf(node.from_table.subquery?.node);
    const expands = inner?.some((name) => name.kind === 'star' || name.kind === 'values');
    if (inner && !(expands && aliases.length > 0))
      return inner.map((name, index) => (aliases[index] ? { kind: 'named', name: aliases[index].toLowerCase() } : name));
  }
  return node.select_list.map((item) => {
    if (item.alias) return { kind: 'named', name: item.alias.toLowerCase() };
    if (item.class === 'STAR') return fromValues ? { kind: 'values' } : { kind: 'star' };
    if (item.class === 'COLUMN_REF' && item.column_names?.length)
      return { kind: 'named', name: item.column_names[item.column_names.length - 1].toLowerCase() };
    return { kind: 'expression' };
  });
}

/** Resolves the names for `count` result columns whose engine names are `engineNames`. */
export function resultColumnNames(names: OutputName[] | undefined, engineNames: string[]): string[] {
  if (!names) return engineNames.map((name) => name.toLowerCase());
  const stars = names.filter((name) => name.kind === 'star' || name.kind === 'values').length;
  const starWidth = stars > 0 ? (engineNames.length - (names.length - stars)) / stars : 0;
  const result: string[] = [];
  for (const name of names) {
    if (name.kind === 'named') result.push(name.name);
    else if (name.kind === 'expression') result.push(`_col${result.length}`);
    else {
      for (let i = 0; i < starWidth && result.length < engineNames.length; i++) {
        result.push(name.kind === 'values' ? `_col${result.length}` : engineNames[result.length].toLowerCase());
      }
    }
  }
  return result.length === engineNames.length ? result : engineNames.map((name) => name.toLowerCase());
}
