import { parse as parseTagExpression } from '@cucumber/tag-expressions';

/**
 * Why a cucumber tag expression (`--tags`, an environment's `tags`) cannot be used, or undefined
 * when it can: checked before anything starts, in words about tags rather than cucumber's internals.
 */
export function tagExpressionProblem(expression: string): string | undefined {
  if (!expression.trim()) return 'the tag expression is empty: write e.g. "@smoke and not @wip".';
  try {
    parseTagExpression(expression);
  } catch (error) {
    return `${(error as Error).message} Tag expressions combine @tags with and, or, not and parentheses, e.g. "@smoke and not (@wip or @slow)".`;
  }
  const bare = expression.split(/[\s()]+/).find((word) => word && !word.startsWith('@') && !['and', 'or', 'not'].includes(word));
  if (bare) return `tags start with @: "${bare}" is not a tag (did you mean "@${bare}"?).`;
  return undefined;
}
