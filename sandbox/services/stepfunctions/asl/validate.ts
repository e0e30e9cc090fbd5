import type { StateMachineDefinition } from './definition';
import { isJsonObject } from './json';
import { NO_SANDBOX_CONTEXT, type TaskResourceContext } from '../integrations';
import { DefinitionCheck, type Diagnostic, type NeedsMock } from './validation/diagnostics';
import { checkBlock, checkTopLevel } from './validation/structure';

export { formatDiagnostics, UNSUPPORTED, type Diagnostic, type NeedsMock } from './validation/diagnostics';

/**
 * Checks a definition before it is stored: the structure Step Functions requires, in either query
 * language (reported with its diagnostic codes and messages), and the features this interpreter
 * cannot honour faithfully, refused with the code `UNSUPPORTED_BY_SANDBOX` naming the feature and
 * where it is used. The checks live in `validation/`, one concept per file.
 *
 * Fidelity gap: the codes, the `<message> at <location>` form and the messages quoted from AWS
 * (required fields, unknown Type, missing Next target, unreachable state, RFC3339 timestamps,
 * invalid `.$` values, empty Branches, `.sync` in EXPRESS machines, a JSONPath state in a JSONata
 * machine) follow AWS; the wording of the other checks, and of INVALID_JSON_DESCRIPTION details,
 * is the sandbox's own.
 */
export function validateDefinition(
  text: string,
  type: 'STANDARD' | 'EXPRESS' = 'STANDARD',
  resources: TaskResourceContext = NO_SANDBOX_CONTEXT,
): { definition?: StateMachineDefinition; diagnostics: Diagnostic[]; needingMocks: NeedsMock[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (text.trim() === '')
      return { diagnostics: [{ code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' }], needingMocks: [] };
    return { diagnostics: [invalidJson(text, error as Error)], needingMocks: [] };
  }
  if (!isJsonObject(parsed))
    return { diagnostics: [{ code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' }], needingMocks: [] };
  const language = parsed.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const check: DefinitionCheck = new DefinitionCheck(type, language, (block, at) => checkBlock(check, block, at), resources);
  checkTopLevel(check, parsed);
  return {
    definition: check.diagnostics.length === 0 ? (parsed as unknown as StateMachineDefinition) : undefined,
    diagnostics: check.diagnostics,
    needingMocks: check.needingMocks,
  };
}

/**
 * INVALID_JSON_DESCRIPTION. For a definition that starts with a bare word, AWS's parser (Jackson)
 * message and location are reproduced; otherwise the detail is Node's.
 */
function invalidJson(text: string, error: Error): Diagnostic {
  const word = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
  if (word === undefined || ['true', 'false', 'null'].includes(word)) return { code: 'INVALID_JSON_DESCRIPTION', message: error.message };
  const end = text.indexOf(word) + word.length;
  const before = text.slice(0, end);
  const line = before.split('\n').length;
  const column = end - before.lastIndexOf('\n');
  const location = `[Source: (String)${JSON.stringify(text)}; line: ${line}, column: ${column}]`;
  return {
    code: 'INVALID_JSON_DESCRIPTION',
    message: `Unrecognized token '${word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at ${location}`,
    location,
  };
}
