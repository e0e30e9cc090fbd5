import type { JsonObject, JsonValue } from './json';
import type { ItemBatcherDefinition } from './map-run/item-batcher';
import type { ItemReaderDefinition } from './map-run/item-reader';
import type { ResultWriterDefinition } from './map-run/result-writer';

/**
 * The Amazon States Language (JSONPath and JSONata) as this interpreter reads it. A definition is
 * checked by `validate.ts` before it is stored, so the interpreter may rely on what is declared
 * here (a Task has a Resource, a Choice has Choices, …).
 */
export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

export const STATE_TYPES: readonly StateType[] = ['Task', 'Wait', 'Pass', 'Succeed', 'Fail', 'Choice', 'Parallel', 'Map'];

/** A state machine or a branch of one (Parallel branch, Map item processor). */
export interface StatesBlock {
  StartAt: string;
  States: Record<string, StateDefinition>;
  Comment?: string;
}

export interface StateMachineDefinition extends StatesBlock {
  TimeoutSeconds?: number;
  Version?: string;
  QueryLanguage?: string;
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Assign?: JsonObject;
  Output?: JsonValue;
}

/** A Choice rule: a comparison on `Variable`, or a boolean combination of nested rules. */
export interface ChoiceRule {
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Next?: string;
  Condition?: JsonValue;
  Assign?: JsonObject;
  Output?: JsonValue;
  [operator: string]: JsonValue | ChoiceRule | ChoiceRule[] | undefined;
}

export interface ItemProcessor extends StatesBlock {
  ProcessorConfig?: { Mode?: string; ExecutionType?: string };
}

/** Every field any state type may carry; `Type` tells which apply. */
export interface StateDefinition {
  Type: StateType;
  Comment?: string;
  QueryLanguage?: string;
  Next?: string;
  End?: boolean;
  Assign?: JsonObject;
  // JSONata
  Arguments?: JsonValue;
  Output?: JsonValue;
  Items?: JsonValue;
  InputPath?: string | null;
  OutputPath?: string | null;
  Parameters?: JsonValue;
  ResultSelector?: JsonObject;
  ResultPath?: string | null;
  Retry?: Retrier[];
  Catch?: Catcher[];
  // Pass
  Result?: JsonValue;
  // Task
  Resource?: string;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  // Choice
  Choices?: ChoiceRule[];
  Default?: string;
  // Wait
  Seconds?: number | string;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  // Fail
  Error?: string;
  ErrorPath?: string;
  Cause?: string;
  CausePath?: string;
  // Parallel
  Branches?: StatesBlock[];
  // Map
  ItemProcessor?: ItemProcessor;
  Iterator?: ItemProcessor;
  ItemsPath?: string;
  ItemSelector?: JsonValue;
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ToleratedFailureCount?: number | string;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailureCountPath?: string;
  ToleratedFailurePercentagePath?: string;
  Label?: string;
  // Distributed Map
  ItemReader?: ItemReaderDefinition;
  ItemBatcher?: ItemBatcherDefinition;
  ResultWriter?: ResultWriterDefinition;
}
