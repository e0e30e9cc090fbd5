/**
 * What a scenario's tags say to the reports (pickle tags: the feature's, then the scenario's):
 * `@severity:critical`, `@req=DL-101`, `@known-issue=PF-7`, `@epic:…`, `@story:…`, `@owner:…`.
 */
export type Severity = 'blocker' | 'critical' | 'normal' | 'minor' | 'trivial';

export const SEVERITIES: readonly Severity[] = ['blocker', 'critical', 'normal', 'minor', 'trivial'];

/** Allure's default when no tag says otherwise. */
export const DEFAULT_SEVERITY: Severity = 'normal';

/** The last `@severity:` tag wins, so a scenario can override its feature. */
export function severityOf(tags: readonly string[]): Severity {
  const values = valuesOf(tags, '@severity:').map((value) => value.toLowerCase());
  const severity = values.reverse().find((value): value is Severity => (SEVERITIES as readonly string[]).includes(value));
  return severity ?? DEFAULT_SEVERITY;
}

export function requirementsOf(tags: readonly string[]): string[] {
  return unique(valuesOf(tags, '@req='));
}

export function knownIssuesOf(tags: readonly string[]): string[] {
  return unique(valuesOf(tags, '@known-issue='));
}

export function labelOf(tags: readonly string[], name: 'epic' | 'story' | 'owner'): string | undefined {
  return valuesOf(tags, `@${name}:`).at(-1);
}

function valuesOf(tags: readonly string[], prefix: string): string[] {
  return tags.filter((tag) => tag.startsWith(prefix) && tag.length > prefix.length).map((tag) => tag.slice(prefix.length));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
