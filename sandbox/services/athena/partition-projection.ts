import type { Table } from '@aws-sdk/client-glue';
import { QueryFailure } from './errors';
import type { ObjectStore, StoredObject } from './lake';
import { filesAt, parseS3Location } from './s3-locations';

/**
 * Partition projection (`projection.enabled`): the partitions a table covers come from its
 * table properties, not from the catalog. Each partition key is `enum` (`values`), `integer`
 * (`range`, `interval`, `digits`), `date` (`range` with `NOW±N UNIT`, `format`, `interval`,
 * `interval.unit`) or `injected` (any value; queries must filter it by equality). Files are mapped
 * to partitions through `storage.location.template` (or `<location>/key=value/…`), and a file whose
 * path values fall outside the projection is not part of the table, as on Athena.
 */
export interface ProjectedGroup {
  files: StoredObject[];
  partitionValues: string[];
}

interface KeyProjection {
  name: string;
  accepts(value: string): boolean;
  injected: boolean;
}

export function isProjected(table: Table): boolean {
  return (table.Parameters?.['projection.enabled'] ?? '').trim().toLowerCase() === 'true';
}

/** Partition keys projected as `injected` (a query must give each by equality in its WHERE clause). */
export function injectedKeys(table: Table): string[] {
  if (!isProjected(table)) return [];
  return keyProjections(table)
    .filter((key) => key.injected)
    .map((key) => key.name);
}

export function projectedGroups(table: Table, store: ObjectStore, now = new Date()): ProjectedGroup[] {
  const projections = keyProjections(table, now);
  const names = projections.map((key) => key.name);
  const template = locationTemplate(table, names);
  const staticPrefix = template.slice(0, template.indexOf('${'));
  const pattern = templatePattern(template, names);
  const groups = new Map<string, ProjectedGroup>();
  for (const file of filesAt(store, staticPrefix.endsWith('/') ? staticPrefix : staticPrefix.replace(/[^/]*$/, ''))) {
    const match = pattern.regex.exec(`s3://${file.bucket}/${file.key}`);
    if (!match) continue;
    const values = names.map((name) => decodeURIComponentSafe(match[pattern.groups.indexOf(name) + 1] ?? ''));
    // A placeholder used twice must read the same value in both places.
    if (pattern.groups.some((name, index) => match[index + 1] !== match[pattern.groups.indexOf(name) + 1])) continue;
    if (!projections.every((key, index) => key.accepts(values[index]!))) continue;
    const id = JSON.stringify(values);
    const group = groups.get(id) ?? { files: [], partitionValues: values };
    group.files.push(file);
    groups.set(id, group);
  }
  return [...groups.values()];
}

function keyProjections(table: Table, now = new Date()): KeyProjection[] {
  const parameters = table.Parameters ?? {};
  const property = (key: string, name: string) => parameters[`projection.${key}.${name}`]?.trim();
  const missing: string[] = [];
  const projections = (table.PartitionKeys ?? []).map((column): KeyProjection => {
    const name = (column.Name ?? '').toLowerCase();
    const type = property(name, 'type')?.toLowerCase();
    const bad = (detail: string) =>
      QueryFailure.named(
        'HIVE_METASTORE_ERROR',
        `Column projection for column '${name}' failed. ${detail} (table ${table.DatabaseName}.${table.Name})`,
      );
    switch (type) {
      case 'enum': {
        const values = (parameters[`projection.${name}.values`] ?? '').split(',');
        return { name, accepts: (value) => values.includes(value), injected: false };
      }
      case 'integer': {
        const range = (property(name, 'range') ?? '').split(',').map((part) => part.trim());
        if (range.length !== 2 || range.some((part) => !/^-?\d+$/.test(part))) throw bad(`Invalid range: ${property(name, 'range')}`);
        const [low, high] = range.map(BigInt) as [bigint, bigint];
        const interval = BigInt(property(name, 'interval') ?? '1');
        const digits = Number(property(name, 'digits') ?? '0');
        return {
          name,
          injected: false,
          accepts: (value) => {
            if (!/^-?\d+$/.test(value)) return false;
            if (digits > 0 && value.replace('-', '').length !== digits) return false;
            const number = BigInt(value);
            return number >= low && number <= high && (number - low) % interval === 0n;
          },
        };
      }
      case 'date': {
        const format = property(name, 'format');
        if (!format) throw bad('Missing format');
        const parse = javaDateParser(format);
        const range = (property(name, 'range') ?? '').split(',').map((part) => part.trim());
        if (range.length !== 2) throw bad(`Invalid range: ${property(name, 'range')}`);
        const [low, high] = range.map((bound) => relativeDate(bound, now) ?? parse(bound)) as [number | undefined, number | undefined];
        if (low === undefined || high === undefined) throw bad(`Invalid range: ${property(name, 'range')}`);
        return {
          name,
          injected: false,
          accepts: (value) => {
            const time = parse(value);
            return time !== undefined && time >= low && time <= high;
          },
        };
      }
      case 'injected':
        return { name, accepts: () => true, injected: true };
      default:
        missing.push(name);
        return { name, accepts: () => false, injected: false };
    }
  });
  if (missing.length > 0) {
    throw QueryFailure.named(
      'HIVE_METASTORE_ERROR',
      `Table ${table.DatabaseName}.${table.Name} is configured for partition projection, but the following partition columns are missing projection configuration: [${missing.join(', ')}] (table ${table.DatabaseName}.${table.Name})`,
    );
  }
  return projections;
}

function locationTemplate(table: Table, names: string[]): string {
  const template = table.Parameters?.['storage.location.template']?.trim();
  if (template) {
    const missing = names.filter((name) => !template.includes(`\${${name}}`));
    if (missing.length > 0)
      throw QueryFailure.named(
        'HIVE_METASTORE_ERROR',
        `storage.location.template has no placeholder for the partition column(s) ${missing.join(', ')}`,
      );
    return template;
  }
  const base = (table.StorageDescriptor?.Location ?? '').replace(/\/+$/, '');
  return `${base}/${names.map((name) => `${name}=\${${name}}`).join('/')}/`;
}

/** The template as a regular expression over an object's s3:// URI (its file lies in the templated folder). */
function templatePattern(template: string, names: string[]): { regex: RegExp; groups: string[] } {
  const groups: string[] = [];
  const parsed = parseS3Location(template);
  if (!parsed) throw QueryFailure.named('HIVE_METASTORE_ERROR', `Invalid storage location template: ${template}`);
  let source = '';
  let rest = template.endsWith('/') ? template : `${template}/`;
  while (rest.length > 0) {
    const start = rest.indexOf('${');
    if (start < 0) {
      source += escapeRegex(rest);
      break;
    }
    source += escapeRegex(rest.slice(0, start));
    const end = rest.indexOf('}', start);
    const name = rest.slice(start + 2, end).toLowerCase();
    if (!names.includes(name))
      throw QueryFailure.named('HIVE_METASTORE_ERROR', `storage.location.template names an unknown column: ${name}`);
    groups.push(name);
    source += '([^/]+)';
    rest = rest.slice(end + 1);
  }
  return { regex: new RegExp(`^${source}[^/]+$`), groups };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `NOW`, `NOW-3YEARS`, `NOW+1MONTH` (UTC). */
function relativeDate(text: string, now: Date): number | undefined {
  const match = /^NOW\s*(?:([+-])\s*(\d+)\s*(YEAR|MONTH|WEEK|DAY|HOUR|MINUTE|SECOND)S?)?$/i.exec(text);
  if (!match) return undefined;
  const date = new Date(now.getTime());
  if (match[1]) {
    const amount = Number(match[2]) * (match[1] === '-' ? -1 : 1);
    const unit = (match[3] ?? '').toUpperCase();
    if (unit === 'YEAR') date.setUTCFullYear(date.getUTCFullYear() + amount);
    else if (unit === 'MONTH') date.setUTCMonth(date.getUTCMonth() + amount);
    else
      date.setTime(
        date.getTime() +
          amount * ({ WEEK: 604800000, DAY: 86400000, HOUR: 3600000, MINUTE: 60000, SECOND: 1000 } as Record<string, number>)[unit]!,
      );
  }
  return date.getTime();
}

/** A parser for a java.time pattern such as `yyyy-MM-dd` or `yyyy/MM/dd/HH`: UTC epoch milliseconds, or undefined. */
function javaDateParser(pattern: string): (value: string) => number | undefined {
  const fields: string[] = [];
  let source = '';
  for (let i = 0; i < pattern.length;) {
    const char = pattern[i]!;
    if (char === "'") {
      const end = pattern.indexOf("'", i + 1);
      source += escapeRegex(end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end));
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      let run = char;
      while (pattern[i + run.length] === char) run += char;
      fields.push(char);
      source += char === 'y' || char === 'u' ? `(\\d{${run.length === 2 ? 2 : 4}})` : char === 'S' ? `(\\d{${run.length}})` : '(\\d{1,2})';
      i += run.length;
      continue;
    }
    source += escapeRegex(char);
    i++;
  }
  const regex = new RegExp(`^${source}$`);
  return (value) => {
    const match = regex.exec(value.trim());
    if (!match) return undefined;
    const part = (letter: string, fallback: number) => {
      const index = fields.indexOf(letter);
      return index < 0 ? fallback : Number(match[index + 1]);
    };
    const year = part('y', part('u', 1970));
    const time = Date.UTC(
      year < 100 ? 2000 + year : year,
      part('M', 1) - 1,
      part('d', 1),
      part('H', 0),
      part('m', 0),
      part('s', 0),
      part('S', 0),
    );
    const check = new Date(time);
    return check.getUTCMonth() === part('M', 1) - 1 && check.getUTCDate() === part('d', 1) ? time : undefined;
  };
}
