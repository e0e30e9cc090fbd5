import type { ResolvedEnvironment } from './resolved-environment';

/** A logical name the environment does not map: the message lists the names it does. */
export class UnknownResourceError extends Error {}

export interface S3Location {
  bucket: string;
  key: string;
}

export interface TableReference {
  database: string;
  table: string;
  /** `"db"."table"` ready for SQL. */
  sql: string;
}

const PHYSICAL_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SIMPLE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Logical → physical names, as the environment file maps them. */
export class ResourceCatalog {
  constructor(private readonly environment: ResolvedEnvironment) {}

  /** A logical bucket name, or a physical one when no logical name matches (STEPS.md). */
  bucket(name: string): string {
    const mapped = this.environment.resources.buckets[name];
    if (mapped) return mapped;
    if (PHYSICAL_BUCKET.test(name)) return name;
    throw new UnknownResourceError(
      `"${name}" is neither a bucket of environment "${this.environment.name}" (${known(this.environment.resources.buckets)}) nor a valid bucket name.`,
    );
  }

  stateMachineArn(name: string): string {
    if (name.startsWith('arn:')) return name;
    return this.lookup('state machine', this.environment.resources.stateMachines, name, 'resources.stateMachines');
  }

  functionName(name: string): string {
    if (name.startsWith('arn:')) return name;
    return this.lookup('Lambda function', this.environment.resources.functions, name, 'resources.functions');
  }

  /** A logical database, or a physical one when no logical name matches. */
  database(name: string): string {
    return this.environment.resources.athena.databases[name] ?? name;
  }

  /** `curated.positions` → the physical database and table. */
  table(name: string): TableReference {
    const parts = name.split('.');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new UnknownResourceError(
        `"${name}" is not a table name: write <database>.<table>, e.g. curated.positions (databases: ${known(this.environment.resources.athena.databases)}).`,
      );
    }
    const database = this.database(parts[0]);
    const table = parts[1];
    return { database, table, sql: `${quoteIdentifier(database)}.${quoteIdentifier(table)}` };
  }

  /** `s3://landing/some/key` → physical bucket and key. */
  s3Location(url: string): S3Location {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url.trim());
    if (!match)
      throw new UnknownResourceError(`"${url}" is not an S3 location: write s3://<bucket>/<key>, e.g. s3://landing/positions/file.csv.`);
    return { bucket: this.bucket(match[1]), key: match[2] };
  }

  knownBuckets(): string[] {
    return Object.keys(this.environment.resources.buckets);
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
