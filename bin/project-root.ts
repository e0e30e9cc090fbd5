import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project this command belongs to: features/, environments/, fixtures/ and reports/ live here. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
