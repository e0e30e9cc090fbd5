import type { TaskResourceContext } from '../../integrations';
import type { JsonObject } from '../json';

/**
 * What a definition check reports: Step Functions' diagnostic codes and `<message> at <location>`
 * form (e.g. `MISSING_TRANSITION_TARGET: Missing 'Next' target: X at /States/Y/Next`), and the
 * code `UNSUPPORTED_BY_SANDBOX` for what this interpreter refuses, naming the feature.
 */
export interface Diagnostic {
  code: string;
  message: string;
  location?: string;
}

export const UNSUPPORTED = 'UNSUPPORTED_BY_SANDBOX';

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.message}${d.location !== undefined ? ` at ${d.location}` : ''}`).join(', ');
}

export type QueryLanguage = 'JSONPath' | 'JSONata';

/** A Task state whose resource the sandbox cannot run: it deploys, and runs when a test case mocks it. */
export interface NeedsMock {
  /** Where the state is: `/States/Ingest`. */
  location: string;
  resource: string;
  why: string;
}

/** Shared by every check of one definition. */
export class DefinitionCheck {
  readonly diagnostics: Diagnostic[] = [];
  readonly needingMocks: NeedsMock[] = [];

  constructor(
    readonly type: 'STANDARD' | 'EXPRESS',
    readonly language: QueryLanguage,
    /** Checks a nested block (Parallel branch, Map item processor); given by the structure check. */
    readonly checkNestedBlock: (block: JsonObject, at: string) => void,
    /** What the sandbox runs, for Task resources. */
    readonly resources: TaskResourceContext,
  ) {}

  needsMock(resource: string, why: string, location: string): void {
    this.needingMocks.push({ resource, why, location });
  }

  add(code: string, message: string, location?: string): void {
    this.diagnostics.push({ code, message, ...(location !== undefined ? { location } : {}) });
  }

  schema(message: string, location: string): void {
    this.add('SCHEMA_VALIDATION_FAILED', message, location);
  }

  unsupported(feature: string, location: string): void {
    this.add(UNSUPPORTED, `${feature} is not supported by the postflight sandbox`, location);
  }

  /** A state's language: its own QueryLanguage, else the state machine's. */
  languageOf(state: JsonObject): QueryLanguage {
    return state.QueryLanguage === 'JSONata' || state.QueryLanguage === 'JSONPath' ? state.QueryLanguage : this.language;
  }
}

export function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
