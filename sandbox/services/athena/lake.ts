import type { GlueCatalog, CatalogDatabase, CatalogTable } from '../glue/catalog';
import type { GlueProvider } from '../glue/provider';
import type { ObjectStore, StoredObject } from '../s3/object-store';
import type { S3Provider } from '../s3/provider';

/**
 * The Athena service's one door to the state of other services: the Glue catalog (its metastore)
 * and the S3 object store (its data and results). Every other Athena module depends on `Lake`,
 * never on the Glue or S3 services themselves, so replacing how the lake is reached touches
 * this file only.
 */
export type { CatalogDatabase, CatalogTable, GlueCatalog, ObjectStore, StoredObject };

/** The Glue operations Athena's DDL runs through, so the catalog's own rules and revisions hold. */
export type CatalogWrites = Pick<
  GlueProvider,
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
  /** Writes an object through S3 (checksums, generation), as a PutObject would. */
  writeObject(bucket: string, key: string, body: Buffer | string, contentType?: string): Promise<StoredObject>;
}

/** The services the sandbox wires Athena to. */
export interface LakeServices {
  glue: GlueProvider;
  s3: S3Provider;
}

export function lakeOf({ glue, s3 }: LakeServices): Lake {
  return {
    catalog: glue.catalog,
    catalogWrites: glue,
    objects: s3.store,
    writeObject: (bucket, key, body, contentType) => s3.writeObject(bucket, key, body, contentType),
  };
}
