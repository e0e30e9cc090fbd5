/** Where things are, as the framework names them once logical names are resolved (support/environment/resources.ts). */

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

export function s3Url(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}
