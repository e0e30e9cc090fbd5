import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import type { DefinitionCheck } from './diagnostics';

/** Where states lead: Next/End, the targets of Choice rules and catchers, and what nothing reaches. */
export function checkTransition(check: DefinitionCheck, state: JsonObject, siblings: JsonObject, at: string): void {
  const hasNext = state.Next !== undefined;
  const ends = state.End === true;
  if (hasNext && ends) check.schema("Only one of the fields 'Next' and 'End' may be specified", at);
  else if (!hasNext && !ends) check.schema("One of the fields 'Next' or 'End: true' must be specified", at);
  if (hasNext) checkTarget(check, state.Next, siblings, `${at}/Next`);
}

export function checkTarget(check: DefinitionCheck, target: JsonValue | undefined, siblings: JsonObject, location: string): void {
  if (typeof target !== 'string' || !(target in siblings)) {
    check.add(
      'MISSING_TRANSITION_TARGET',
      `Missing 'Next' target: ${typeof target === 'string' ? target : JSON.stringify(target)}`,
      location,
    );
  }
}

function targetsOf(state: JsonObject): JsonValue[] {
  const rules = Array.isArray(state.Choices) ? state.Choices : [];
  const catchers = Array.isArray(state.Catch) ? state.Catch : [];
  return [
    state.Next ?? null,
    state.Default ?? null,
    ...rules.map((rule) => (isJsonObject(rule) ? (rule.Next ?? null) : null)),
    ...catchers.map((catcher) => (isJsonObject(catcher) ? (catcher.Next ?? null) : null)),
  ];
}

export function checkReachability(check: DefinitionCheck, startAt: string, states: JsonObject, prefix: string): void {
  const reached = new Set<string>();
  const pending = [startAt];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const state = states[name];
    if (reached.has(name) || !isJsonObject(state)) continue;
    reached.add(name);
    for (const target of targetsOf(state)) if (typeof target === 'string') pending.push(target);
  }
  for (const name of Object.keys(states)) {
    if (!reached.has(name)) check.add('MISSING_TRANSITION_TARGET', `State "${name}" is not reachable.`, `${prefix}/States/${name}`);
  }
  const terminal = Object.values(states).some(
    (state) => isJsonObject(state) && (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail'),
  );
  if (!terminal) check.add('MISSING_END_STATE', 'Workflow has no terminal state', prefix || '/');
}
