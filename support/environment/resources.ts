import type { ResolvedEnvironment } from '../../model/environment/environment';
import type { S3Location, TableReference } from '../../model/locations';
import { NAMED_RESOURCE_KINDS, type NamedResourceField } from '../../model/environment/resource-kinds';

/** A logical name the environment does not map: the message lists the names it does. */
export class UnknownResourceError extends Error {}

/**
 * A name a scenario wrote that matched no logical name and was taken as a physical one, as the
 * contract allows: if no such resource exists either, the scenario most likely meant a logical
 * name (see physical-names.ts).
 */
export interface PhysicalFallback {
  kind: 'bucket' | 'database';
  name: string;
  /** Where it was written: `s3://raw/…`, `staging.positions`, or the name itself. */
  writtenAs: string;
}

const PHYSICAL_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SIMPLE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Logical → physical names, as the environment file maps them. */
export class ResourceCatalog {
  private readonly fallbacks: PhysicalFallback[] = [];

  constructor(private readonly environment: ResolvedEnvironment) {}

  /** A logical bucket name, or a physical one when no logical name matches (STEPS.md). */
  bucket(name: string, writtenAs = name): string {
    const buckets = this.environment.resources.buckets;
    const mapped = buckets[name];
    if (mapped) return mapped;
    if (PHYSICAL_BUCKET.test(name)) {
      if (!Object.values(buckets).includes(name)) this.fallbacks.push({ kind: 'bucket', name, writtenAs });
      return name;
    }
    throw new UnknownResourceError(
      `"${name}" is neither a bucket of environment "${this.environment.name}" (${known(buckets)}) nor a valid bucket name.`,
    );
  }

  /** A logical name of a kind the environment maps by logical name only (model/environment/resource-kinds.ts). */
  named(field: NamedResourceField, name: string): string {
    const kind = NAMED_RESOURCE_KINDS.find((candidate) => candidate.field === field);
    if (kind?.acceptsArn && name.startsWith('arn:')) return name;
    return this.lookup(kind?.label ?? field, this.environment.resources[field], name, `resources.${field}`);
  }

  stateMachineArn(name: string): string {
    return this.named('stateMachines', name);
  }

  functionName(name: string): string {
    return this.named('functions', name);
  }

  /** A logical database, or a physical one when no logical name matches. */
  database(name: string, writtenAs = name): string {
    const databases = this.environment.resources.athena.databases;
    const mapped = databases[name];
    if (mapped) return mapped;
    const scratch = this.environment.resources.athena.scratchDatabase;
    if (!Object.values(databases).includes(name) && name !== scratch) this.fallbacks.push({ kind: 'database', name, writtenAs });
    return name;
  }

  /** `curated.positions` → the physical database and table. */
  table(name: string): TableReference {
    const parts = name.split('.');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new UnknownResourceError(
        `"${name}" is not a table name: write <database>.<table>, e.g. curated.positions (databases: ${known(this.environment.resources.athena.databases)}).`,
      );
    }
    const database = this.database(parts[0], name);
    const table = parts[1];
    return { database, table, sql: `${quoteIdentifier(database)}.${quoteIdentifier(table)}` };
  }

  /** `s3://landing/some/key` → physical bucket and key. */
  s3Location(url: string): S3Location {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url.trim());
    if (!match)
      throw new UnknownResourceError(`"${url}" is not an S3 location: write s3://<bucket>/<key>, e.g. s3://landing/positions/file.csv.`);
    return { bucket: this.bucket(match[1] ?? '', url.trim()), key: match[2] ?? '' };
  }

  /** The names taken as physical since the last call (each is handed out once). */
  takePhysicalFallbacks(): PhysicalFallback[] {
    return this.fallbacks.splice(0);
  }

  /** The logical names of a kind, for messages: `landing, curated` or `none`. */
  knownNames(kind: PhysicalFallback['kind']): string {
    return known(kind === 'bucket' ? this.environment.resources.buckets : this.environment.resources.athena.databases);
  }

  /** Where a logical name of this kind is mapped, for messages. */
  mappingField(kind: PhysicalFallback['kind']): string {
    return `${kind === 'bucket' ? 'resources.buckets' : 'resources.athena.databases'} in ${this.environment.file}`;
  }

  get environmentName(): string {
    return this.environment.name;
  }

  private lookup(kind: string, names: Record<string, string>, name: string, field: string): string {
    const value = names[name];
    if (value) return value;
    throw new UnknownResourceError(
      `Unknown ${kind} "${name}" in environment "${this.environment.name}". Known: ${known(names)}. ` +
        `Map it under ${field} in ${this.environment.file}.`,
    );
  }
}

export function quoteIdentifier(name: string): string {
  return SIMPLE_IDENTIFIER.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function known(names: Record<string, string>): string {
  const keys = Object.keys(names);
  return keys.length ? keys.join(', ') : 'none';
}
