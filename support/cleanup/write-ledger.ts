import type { S3Location } from '../environment/resources';

/**
 * Every object a scenario writes, in order, so that exactly those are removed after it —
 * nothing else is ever deleted.
 */
export class WriteLedger {
  private readonly objects: S3Location[] = [];
  private readonly tables: Array<{ database: string; table: string }> = [];

  recordObject(location: S3Location): void {
    if (!this.objects.some((o) => o.bucket === location.bucket && o.key === location.key)) this.objects.push({ ...location });
  }

  writtenObjects(): readonly S3Location[] {
    return this.objects;
  }

  /** A temporary table the scenario created (dropped after it, before its objects are deleted). */
  recordTable(table: { database: string; table: string }): void {
    this.tables.push({ ...table });
  }

  createdTables(): ReadonlyArray<{ database: string; table: string }> {
    return this.tables;
  }

  clear(): void {
    this.objects.length = 0;
    this.tables.length = 0;
  }
}
