import type { S3Location } from '../environment/resources';

/**
 * Every object a scenario writes, in order, so that exactly those are removed after it —
 * nothing else is ever deleted.
 */
export class WriteLedger {
  private readonly objects: S3Location[] = [];

  recordObject(location: S3Location): void {
    if (!this.objects.some((o) => o.bucket === location.bucket && o.key === location.key)) this.objects.push({ ...location });
  }

  writtenObjects(): readonly S3Location[] {
    return this.objects;
  }

  clear(): void {
    this.objects.length = 0;
  }
}
