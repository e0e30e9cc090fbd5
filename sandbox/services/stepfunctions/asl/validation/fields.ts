import type { QueryLanguage } from './diagnostics';

/**
 * The fields each state type may carry, in each query language. JSONPath states shape data with
 * paths (InputPath, Parameters, ResultSelector, ResultPath, OutputPath, …Path); JSONata states
 * with expressions (Arguments, Output, Items, Condition). Both may Assign variables.
 */
const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const ERRORS = ['Retry', 'Catch'];
/** The JSONPath data flow of states that have a result (Task, Parallel, Map). */
const RESULT_FLOW = ['InputPath', 'OutputPath', 'Parameters', 'ResultSelector', 'ResultPath'];

const JSONPATH: Record<string, string[]> = {
  Pass: [...COMMON, ...FLOW, 'InputPath', 'OutputPath', 'Parameters', 'ResultPath', 'Result', 'Assign'],
  Task: [
    ...COMMON,
    ...FLOW,
    ...ERRORS,
    ...RESULT_FLOW,
    'Resource',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    'Assign',
    'Credentials',
  ],
  Choice: [...COMMON, 'InputPath', 'OutputPath', 'Choices', 'Default', 'Assign'],
  Wait: [...COMMON, ...FLOW, 'InputPath', 'OutputPath', 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath', 'Assign'],
  Succeed: [...COMMON, 'InputPath', 'OutputPath'],
  Fail: [...COMMON, 'Error', 'ErrorPath', 'Cause', 'CausePath'],
  Parallel: [...COMMON, ...FLOW, ...ERRORS, ...RESULT_FLOW, 'Branches', 'Assign'],
  Map: [
    ...COMMON,
    ...FLOW,
    ...ERRORS,
    ...RESULT_FLOW,
    'ItemProcessor',
    'Iterator',
    'ItemsPath',
    'ItemSelector',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'Label',
    'Assign',
    ...distributedMap('Path'),
  ],
};

const JSONATA: Record<string, string[]> = {
  Pass: [...COMMON, ...FLOW, 'Output', 'Assign'],
  Task: [...COMMON, ...FLOW, ...ERRORS, 'Resource', 'Arguments', 'Output', 'Assign', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials'],
  Choice: [...COMMON, 'Choices', 'Default', 'Output', 'Assign'],
  Wait: [...COMMON, ...FLOW, 'Seconds', 'Timestamp', 'Output', 'Assign'],
  Succeed: [...COMMON, 'Output'],
  Fail: [...COMMON, 'Error', 'Cause'],
  Parallel: [...COMMON, ...FLOW, ...ERRORS, 'Arguments', 'Branches', 'Output', 'Assign'],
  Map: [
    ...COMMON,
    ...FLOW,
    ...ERRORS,
    'ItemProcessor',
    'Items',
    'ItemSelector',
    'MaxConcurrency',
    'Label',
    'Output',
    'Assign',
    ...distributedMap(''),
  ],
};

function distributedMap(pathSuffix: string): string[] {
  return [
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'ToleratedFailureCount',
    'ToleratedFailurePercentage',
    ...(pathSuffix ? [`ToleratedFailureCount${pathSuffix}`, `ToleratedFailurePercentage${pathSuffix}`] : []),
  ];
}

export function allowedFields(type: string, language: QueryLanguage): readonly string[] {
  return (language === 'JSONata' ? JSONATA : JSONPATH)[type] ?? [];
}

/**
 * Fields Step Functions has that this interpreter does not implement: refused by name. (The
 * ToleratedFailure fields are accepted on an inline Map too, as AWS accepts them (recorded), where
 * every failed iteration fails the Map.)
 */
export const UNSUPPORTED_FIELDS: Readonly<Record<string, string>> = {
  Credentials: 'Cross-account task credentials (the Credentials field)',
};

/** Catcher fields per language. */
export function catcherFields(language: QueryLanguage): readonly string[] {
  return language === 'JSONata'
    ? ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment']
    : ['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Comment'];
}
