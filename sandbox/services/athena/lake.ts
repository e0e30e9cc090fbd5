import type { GlueCatalog, CatalogDatabase, CatalogTable } from '../../stores/catalog/glue-catalog';
import type { ObjectStore, StoredObject } from '../../stores/objects/object-store';

/**
 * The Athena service's one door to the state it shares with other services: the Glue catalog (its
 * metastore) and the S3 object store (its data and results). Every other Athena module depends on
 * `Lake`, never on the stores' modules themselves, so changing how the lake is reached touches this
 * file only.
 */
export type { CatalogDatabase, CatalogTable, GlueCatalog, ObjectStore, StoredObject };

/** The catalog operations Athena's DDL runs through, so the catalog's own rules and revisions hold. */
export type CatalogWrites = Pick<
  GlueCatalog,
  | 'createDatabase'
  | 'deleteDatabase'
  | 'createTable'
  | 'updateTable'
  | 'deleteTable'
  | 'createPartition'
  | 'batchCreatePartition'
  | 'batchDeletePartition'
>;

export interface Lake {
  /** The Glue catalog, read directly (tables, partitions, revisions). */
  readonly catalog: GlueCatalog;
  readonly catalogWrites: CatalogWrites;
  /** The S3 objects, read by local file path. */
  readonly objects: ObjectStore;
  /** Writes an object as a PutObject would (checksums, generation). */
  writeObject(bucket: string, key: string, body: Buffer | string, contentType?: string): Promise<StoredObject>;
}

/** The shared stores the sandbox wires Athena to. */
export interface LakeStores {
  objects: ObjectStore;
  catalog: GlueCatalog;
}

export function lakeOf({ objects, catalog }: LakeStores): Lake {
  return {
    catalog,
    catalogWrites: catalog,
    objects,
    writeObject: (bucket, key, body, contentType) => objects.putObject(bucket, key, body, contentType ? { contentType } : {}),
  };
}
