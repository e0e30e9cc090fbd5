import type { S3Location } from '../../model/locations';
import type { PutItem } from '../dynamodb/items';

/**
 * Every object a scenario writes, in order, so that exactly those are removed after it —
 * nothing else is ever deleted.
 */
export class WriteLedger {
  private readonly objects: S3Location[] = [];
  private readonly tables: Array<{ database: string; table: string }> = [];
  private readonly queryResults: S3Location[] = [];
  private readonly items: PutItem[] = [];

  recordObject(location: S3Location): void {
    if (!this.objects.some((o) => o.bucket === location.bucket && o.key === location.key)) this.objects.push({ ...location });
  }

  writtenObjects(): readonly S3Location[] {
    return this.objects;
  }

  /** Result files of a query (`<id>.csv` and its `.metadata`, or `<id>.txt`), removed with the rest. */
  recordQueryResults(resultFile: S3Location): void {
    const stem = resultFile.key.replace(/\.(csv|txt)$/, '');
    if (!this.queryResults.some((r) => r.bucket === resultFile.bucket && r.key === stem))
      this.queryResults.push({ bucket: resultFile.bucket, key: stem });
  }

  /** Key prefixes (`<location>/<query id>`) of the result files of every query the scenario ran. */
  queryResultPrefixes(): readonly S3Location[] {
    return this.queryResults;
  }

  /** A temporary table the scenario created (dropped after it, before its objects are deleted). */
  recordTable(table: { database: string; table: string }): void {
    this.tables.push({ ...table });
  }

  createdTables(): ReadonlyArray<{ database: string; table: string }> {
    return this.tables;
  }

  /** A DynamoDB item the scenario put (deleted by key after it). */
  recordItem(item: PutItem): void {
    this.items.push({ ...item, key: { ...item.key } });
  }

  putItems(): readonly PutItem[] {
    return this.items;
  }

  clear(): void {
    this.items.length = 0;
    this.objects.length = 0;
    this.tables.length = 0;
    this.queryResults.length = 0;
  }
}
