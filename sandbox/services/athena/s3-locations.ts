import type { Partition, Table } from '@aws-sdk/client-glue';
import type { ObjectStore, StoredObject } from './lake';

/**
 * Where a table's data lives in S3: `s3://` locations, the objects under a location as Athena
 * lists them (no folder markers, empty objects or `_`/`.` hidden paths), and Hive's partition
 * directories (`key=value/`, special characters escaped as %XX).
 */
/** The objects under a location the way Athena lists them. */
export function filesAt(store: ObjectStore, location: string | undefined): StoredObject[] {
  const parsed = parseS3Location(location);
  if (!parsed) return [];
  const prefix = parsed.key === '' || parsed.key.endsWith('/') ? parsed.key : `${parsed.key}/`;
  return store.objectsUnder(parsed.bucket, prefix).filter((object) => {
    if (object.size === 0 || object.key.endsWith('/') || object.key.endsWith('_$folder$')) return false;
    return !object.key
      .slice(prefix.length)
      .split('/')
      .some((part) => part.startsWith('_') || part.startsWith('.'));
  });
}

export function parseS3Location(location: string | undefined): { bucket: string; key: string } | undefined {
  const match = /^s3a?n?:\/\/([^/]+)\/?(.*)$/.exec(location ?? '');
  return match ? { bucket: match[1] ?? '', key: match[2] ?? '' } : undefined;
}

export function defaultPartitionLocation(table: Table, partition: Partition): string {
  const base = (table.StorageDescriptor?.Location ?? '').replace(/\/+$/, '');
  const path = (table.PartitionKeys ?? []).map((key, index) => `${key.Name}=${escapePathValue(partition.Values?.[index] ?? '')}`).join('/');
  return `${base}/${path}/`;
}

const PATH_SPECIALS = '"#%\'*/:=?\\{[]^';

/** Hive escapes control characters and these in partition directory names as %XX. */
export function escapePathValue(value: string): string {
  let escaped = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    escaped += code < 0x20 || code === 0x7f || PATH_SPECIALS.includes(char) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : char;
  }
  return escaped;
}
