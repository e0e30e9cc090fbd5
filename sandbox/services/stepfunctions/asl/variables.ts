import { RuntimeFailure } from './failures';
import { jsonByteLength, toJsonText, type JsonObject, type JsonValue } from './json';
import { MAX_PAYLOAD_BYTES } from './limits';

/** What Step Functions allows all the variables visible in one scope to take together. */
const MAX_VARIABLES_BYTES = 10 * 1024 * 1024;

/**
 * Workflow variables (`Assign`, `$name`). The top-level states of a state machine share one
 * scope; each Parallel branch and Map iteration runs in an inner scope that starts with a copy of
 * every variable visible where it starts. An inner scope reads those but cannot assign them
 * (Step Functions fails the state), and what it assigns is gone when the branch ends. One state
 * assigns at most 256 KiB, and the variables of a scope take at most 10 MiB together.
 */
export class VariableScope {
  private readonly own = new Map<string, JsonValue>();

  private constructor(private readonly outer: ReadonlyMap<string, JsonValue>) {}

  static root(): VariableScope {
    return new VariableScope(new Map());
  }

  /** The scope of a Parallel branch or a Map iteration started from `parent`. */
  static innerOf(parent: VariableScope): VariableScope {
    return new VariableScope(new Map([...parent.outer, ...parent.own]));
  }

  has(name: string): boolean {
    return this.own.has(name) || this.outer.has(name);
  }

  get(name: string): JsonValue | undefined {
    return this.own.has(name) ? this.own.get(name) : this.outer.get(name);
  }

  /** Every visible variable, for JSONata bindings. */
  all(): Record<string, JsonValue> {
    return Object.fromEntries([...this.outer, ...this.own]);
  }

  /** Bind the values a state assigned (all at once, after the state evaluated them). */
  assign(values: JsonObject): void {
    for (const [name, value] of Object.entries(values)) {
      if (this.outer.has(name)) {
        throw new RuntimeFailure(`Cannot bind value '${toJsonText(value)}' to variable '${name}' as it belongs to an outer scope.`);
      }
    }
    if (jsonByteLength(values) > MAX_PAYLOAD_BYTES) {
      throw new RuntimeFailure('The assigned variables exceed the maximum size of 256 KiB for the variables a state assigns.');
    }
    if (jsonByteLength({ ...this.all(), ...values }) > MAX_VARIABLES_BYTES) {
      throw new RuntimeFailure('The variables of the execution would exceed their maximum combined size of 10 MiB.');
    }
    for (const [name, value] of Object.entries(values)) this.own.set(name, value);
  }
}

/** `stateExitedEventDetails.assignedVariables`: each value as JSON text. */
export function assignedVariablesDetails(values: JsonObject | undefined): {
  assignedVariables?: Record<string, string>;
  assignedVariablesDetails?: { truncated: boolean };
} {
  if (values === undefined || Object.keys(values).length === 0) return {};
  return {
    assignedVariables: Object.fromEntries(Object.entries(values).map(([name, value]) => [name, toJsonText(value)])),
    assignedVariablesDetails: { truncated: false },
  };
}
