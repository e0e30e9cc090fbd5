import Ajv, { type AnySchema } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Validates a document against a JSON Schema (draft-07, or 2020-12 when the schema says so). */
export function schemaViolations(schema: AnySchema, document: unknown): string[] {
  const is2020 = typeof schema === 'object' && String((schema as { $schema?: string }).$schema ?? '').includes('2020-12');
  const ajv = is2020 ? new Ajv2020({ allErrors: true, strict: false }) : new Ajv({ allErrors: true, strict: false });
  addFormats(ajv as unknown as Ajv);
  const validate = ajv.compile(schema);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error) => `  ${error.instancePath || '$'} ${error.message ?? ''}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`,
  );
}
