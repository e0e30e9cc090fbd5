import type { PostflightWorld } from './world';
import { attachJson } from './evidence';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names that templating already gives a meaning to. */
const RESERVED = new Set(['runId', 'scenarioId', 'today']);

/** Remembers a value under a name for `${name}` in later steps of the scenario. */
export async function rememberValue(world: PostflightWorld, name: string, value: unknown, source = 'the scenario'): Promise<void> {
  if (!NAME.test(name))
    throw new Error(`"${name}" cannot be remembered: a name is letters, digits and underscores, starting with a letter (e.g. curatedKey).`);
  if (RESERVED.has(name)) throw new Error(`"${name}" is a built-in placeholder; remember the value under another name.`);
  world.variables.set(name, value);
  await attachJson(world, `remembered ${name}`, { from: source, value });
}
