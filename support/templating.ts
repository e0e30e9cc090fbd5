import type { ResourceCatalog } from './environment/resources';
import { NAMED_RESOURCE_KINDS } from '../model/environment/resource-kinds';

/** A `${…}` that cannot be filled: never replaced by an empty string. */
export class TemplateError extends Error {}

export interface TemplateContext {
  runId: string;
  scenarioId: string;
  /** YYYY-MM-DD: the run date (UTC, or RUN_DATE). */
  runDate: string;
  environment: { name: string; account: string; region: string };
  resources: ResourceCatalog;
  /** Values remembered earlier in the scenario. */
  variables: ReadonlyMap<string, unknown>;
}

const PLACEHOLDER = /\$(\$?)\{([^{}]+)\}/g;

/**
 * Fills `${runId}`, `${scenarioId}`, `${today}`, `${today-1d}`, `${env.name}`, `${bucket:landing}`,
 * `${table:curated.positions}`, `${function:…}`, `${stateMachine:…}`, `${database:…}` and remembered
 * values. `$${…}` stays a literal `${…}`.
 */
export function renderTemplate(text: string, context: TemplateContext): string {
  return text.replace(PLACEHOLDER, (match, escaped: string, expression: string) => {
    if (escaped) return match.slice(1);
    const value = placeholderValue(expression.trim(), context);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/** Templating applied to every string of a JSON value (doc strings after parsing, table cells). */
export function renderDeep<T>(value: T, context: TemplateContext): T {
  if (typeof value === 'string') return renderTemplate(value, context) as T;
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, context)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, renderDeep(member, context)])) as T;
  }
  return value;
}

function placeholderValue(expression: string, context: TemplateContext): unknown {
  if (expression === 'runId') return context.runId;
  if (expression === 'scenarioId') return context.scenarioId;
  const date = /^today(?:([+-])(\d+)d)?$/.exec(expression);
  if (date) return shiftDate(context.runDate, date[1] === '-' ? -Number(date[2] ?? 0) : Number(date[2] ?? 0));
  if (expression === 'env.name') return context.environment.name;
  if (expression === 'env.account') return context.environment.account;
  if (expression === 'env.region') return context.environment.region;
  const resource = /^(\w+):(.+)$/.exec(expression);
  const [, kind = '', name = ''] = resource ?? [];
  if (kind === 'bucket') return context.resources.bucket(name);
  if (kind === 'table') return context.resources.table(name).sql;
  if (kind === 'database') return context.resources.database(name);
  const named = NAMED_RESOURCE_KINDS.find((candidate) => candidate.placeholder === kind);
  if (named) return context.resources.named(named.field, name);
  if (context.variables.has(expression)) return context.variables.get(expression);
  const remembered = [...context.variables.keys()];
  throw new TemplateError(
    `Unknown placeholder \${${expression}}. Known: \${runId}, \${scenarioId}, \${today}, \${today-1d}, \${today+2d}, ` +
      '${env.name}, ${env.account}, ${env.region}, ${bucket:<name>}, ${table:<db>.<table>}, ' +
      `${NAMED_RESOURCE_KINDS.map((named) => `\${${named.placeholder}:<name>}`).join(', ')}, \${database:<name>}` +
      (remembered.length
        ? `, and the remembered values ${remembered.map((name) => `\${${name}}`).join(', ')}.`
        : '; no value has been remembered in this scenario yet.'),
  );
}

/** `2026-11-26` shifted by whole days, in UTC. */
export function shiftDate(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The run date: RUN_DATE when set (YYYY-MM-DD), else today in UTC. */
export function runDate(now = new Date(), override = process.env.RUN_DATE): string {
  if (override) {
    // The round trip refuses dates that do not exist (2026-02-30 would silently become March 2).
    const parsed = new Date(`${override}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(override) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== override) {
      throw new TemplateError(`RUN_DATE must be a date written YYYY-MM-DD (got "${override}").`);
    }
    return override;
  }
  return now.toISOString().slice(0, 10);
}
