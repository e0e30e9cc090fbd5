import { randomUUID } from 'node:crypto';
import type {
  CreateStateMachineInput,
  DeleteStateMachineInput,
  DescribeExecutionInput,
  DescribeExecutionOutput,
  DescribeStateMachineForExecutionInput,
  DescribeStateMachineInput,
  ExecutionStatus,
  GetExecutionHistoryInput,
  HistoryEvent,
  ListExecutionsInput,
  ListStateMachinesInput,
  LoggingConfiguration,
  StartExecutionInput,
  StartSyncExecutionInput,
  StopExecutionInput,
  TracingConfiguration,
  UpdateStateMachineInput,
  ValidateStateMachineDefinitionInput,
} from '@aws-sdk/client-sfn';
import type { Provider } from '../../core/provider';
import type { RequestContext } from '../../core/request-context';
import type { ServiceClient } from '../../core/internal-client';
import type { JsonValue } from './asl/json';
import { formatDiagnostics, validateDefinition } from './asl/validate';
import { checkArn, checkName, executionArn, stateMachineArn } from './arns';
import * as errors from './errors';
import { Execution, type StateMachineSnapshot } from './execution';
import { page } from './paging';

export interface StepFunctionsDependencies {
  region: string;
  accountId: string;
  /** The sandbox's other services (Lambda, Athena, S3, …), as Task states call them: through the internal client. */
  services: ServiceClient;
  /**
   * How fast workflow waits (Wait states, retry intervals) pass: 0.01 makes a 60 s Wait take
   * 0.6 s. Default 1. Order and outcome of executions do not change with it (see asl/clock.ts).
   */
  timeScale?: number;
}

interface StateMachineRecord extends StateMachineSnapshot {
  creationDate: Date;
  loggingConfiguration: LoggingConfiguration;
  tracingConfiguration: TracingConfiguration;
}

const EXECUTION_STATUSES: readonly string[] = ['SUCCEEDED', 'TIMED_OUT', 'PENDING_REDRIVE', 'ABORTED', 'FAILED', 'RUNNING'];

/**
 * AWS Step Functions: state machines (JSONPath ASL) run by the sandbox's own interpreter
 * (`asl/`), whose history is recorded in the AWS event format as it runs. Executions call the
 * sandbox's other services through the integrations in `integrations/`, over the internal client.
 */
export class StepFunctionsProvider implements Provider {
  readonly serviceName = 'states';
  readonly operations: readonly string[] = [
    'CreateStateMachine',
    'DescribeStateMachine',
    'ListStateMachines',
    'DeleteStateMachine',
    'UpdateStateMachine',
    'ValidateStateMachineDefinition',
    'StartExecution',
    'StartSyncExecution',
    'DescribeExecution',
    'DescribeStateMachineForExecution',
    'StopExecution',
    'ListExecutions',
    'GetExecutionHistory',
  ];

  private readonly stateMachines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, Execution>();

  constructor(readonly deps: StepFunctionsDependencies) {}

  createStateMachine(input: CreateStateMachineInput, context: RequestContext) {
    const name = checkName(required(input.name, 'name'));
    const definitionText = required(input.definition, 'definition');
    const roleArn = required(input.roleArn, 'roleArn');
    const type = stateMachineType(input.type);
    const arn = stateMachineArn(context.region ?? this.deps.region, this.deps.accountId, name);
    const existing = this.stateMachines.get(arn);
    if (existing) {
      // CreateStateMachine is idempotent for an identical request.
      if (existing.definitionText === definitionText && existing.roleArn === roleArn && existing.type === type) {
        return { stateMachineArn: existing.arn, creationDate: existing.creationDate };
      }
      throw new errors.StateMachineAlreadyExists(arn);
    }
    const definition = parseDefinition(definitionText, type);
    const creationDate = new Date();
    this.stateMachines.set(arn, {
      arn,
      name,
      type,
      definitionText,
      definition,
      roleArn,
      creationDate,
      updateDate: creationDate,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false, ...input.loggingConfiguration },
      tracingConfiguration: { enabled: false, ...input.tracingConfiguration },
    });
    return { stateMachineArn: arn, creationDate };
  }

  describeStateMachine(input: DescribeStateMachineInput) {
    const machine = this.stateMachine(input.stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definitionText,
      roleArn: machine.roleArn,
      type: machine.type,
      creationDate: machine.creationDate,
      loggingConfiguration: machine.loggingConfiguration,
      tracingConfiguration: machine.tracingConfiguration,
      revisionId: machine.revisionId,
    };
  }

  listStateMachines(input: ListStateMachinesInput) {
    const machines = [...this.stateMachines.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const listed = page(machines, input.maxResults, input.nextToken, 1024);
    return {
      stateMachines: listed.page.map((machine) => ({
        stateMachineArn: machine.arn,
        name: machine.name,
        type: machine.type,
        creationDate: machine.creationDate,
      })),
      nextToken: listed.nextToken,
    };
  }

  /**
   * Fidelity gap: AWS marks the machine DELETING and terminates its running executions at their
   * next state transition; here the machine is gone at once and running executions run to their
   * end on the definition they started with.
   */
  deleteStateMachine(input: DeleteStateMachineInput) {
    this.stateMachines.delete(checkArn(input.stateMachineArn, ['stateMachine']));
    return {};
  }

  updateStateMachine(input: UpdateStateMachineInput) {
    const machine = this.stateMachine(input.stateMachineArn);
    if (
      input.definition === undefined &&
      input.roleArn === undefined &&
      input.loggingConfiguration === undefined &&
      input.tracingConfiguration === undefined
    ) {
      throw new errors.MissingRequiredParameter(
        'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
      );
    }
    if (input.definition !== undefined) {
      machine.definition = parseDefinition(input.definition, machine.type);
      machine.definitionText = input.definition;
    }
    if (input.roleArn !== undefined) machine.roleArn = input.roleArn;
    if (input.loggingConfiguration)
      machine.loggingConfiguration = { level: 'OFF', includeExecutionData: false, ...input.loggingConfiguration };
    if (input.tracingConfiguration) machine.tracingConfiguration = { enabled: false, ...input.tracingConfiguration };
    machine.updateDate = new Date();
    machine.revisionId = randomUUID();
    return { updateDate: machine.updateDate, revisionId: machine.revisionId };
  }

  validateStateMachineDefinition(input: ValidateStateMachineDefinitionInput) {
    const { diagnostics } = validateDefinition(required(input.definition, 'definition'), stateMachineType(input.type));
    const limit = input.maxResults || 100;
    return {
      result: diagnostics.length ? 'FAIL' : 'OK',
      diagnostics: diagnostics.slice(0, limit).map((d) => ({ severity: 'ERROR', code: d.code, message: d.message, location: d.location })),
      truncated: diagnostics.length > limit,
    };
  }

  startExecution(input: StartExecutionInput) {
    const { execution } = this.launch(input);
    return { executionArn: execution.arn, startDate: execution.startDate };
  }

  /**
   * EXPRESS state machines only: runs the execution to its end and answers its outcome. The SDK
   * models this operation with the host prefix `sync-`, which cannot be put in front of an IP
   * address endpoint: clients must set `disableHostPrefix: true` to call it on the sandbox.
   */
  async startSyncExecution(input: StartSyncExecutionInput) {
    const machine = this.stateMachine(input.stateMachineArn);
    if (machine.type !== 'EXPRESS') throw new errors.StateMachineTypeNotSupported();
    const { execution } = this.launch(input);
    await execution.finished;
    const billed = Math.max(100, Math.ceil(((execution.stopDate?.getTime() ?? Date.now()) - execution.startDate.getTime()) / 100) * 100);
    return {
      executionArn: execution.arn,
      stateMachineArn: machine.arn,
      name: execution.name,
      startDate: execution.startDate,
      stopDate: execution.stopDate,
      status: execution.status,
      error: execution.error,
      cause: execution.cause,
      input: execution.inputText,
      inputDetails: { included: true },
      output: execution.outputText,
      outputDetails: execution.outputText !== undefined ? { included: true } : undefined,
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: billed },
    };
  }

  describeExecution(input: DescribeExecutionInput): DescribeExecutionOutput {
    const execution = this.execution(input.executionArn);
    return {
      executionArn: execution.arn,
      stateMachineArn: execution.stateMachine.arn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate,
      stopDate: execution.stopDate,
      input: execution.inputText,
      inputDetails: { included: true },
      output: execution.outputText,
      outputDetails: execution.outputText !== undefined ? { included: true } : undefined,
      error: execution.error,
      cause: execution.cause,
      redriveCount: 0,
      ...redriveStatus(execution.status),
    };
  }

  describeStateMachineForExecution(input: DescribeStateMachineForExecutionInput) {
    const execution = this.execution(input.executionArn);
    const machine = execution.stateMachine;
    const current = this.stateMachines.get(machine.arn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      definition: machine.definitionText,
      roleArn: machine.roleArn,
      updateDate: machine.updateDate,
      loggingConfiguration: current?.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: current?.tracingConfiguration ?? { enabled: false },
      revisionId: machine.revisionId,
    };
  }

  stopExecution(input: StopExecutionInput) {
    const execution = this.execution(input.executionArn);
    execution.stop(input.error, input.cause);
    return { stopDate: execution.stopDate ?? new Date() };
  }

  listExecutions(input: ListExecutionsInput) {
    if (input.stateMachineArn === undefined)
      throw new errors.ValidationError('null', 'stateMachineArn', 'Must provide a StateMachine ARN or MapRun ARN');
    const arn = checkArn(input.stateMachineArn, ['stateMachine']);
    const machine = this.stateMachines.get(arn);
    if (!machine) throw new errors.StateMachineDoesNotExist(arn);
    if (machine.type !== 'STANDARD') throw new errors.StateMachineTypeNotSupported();
    if (input.statusFilter !== undefined && !EXECUTION_STATUSES.includes(input.statusFilter)) {
      throw new errors.ValidationError(
        input.statusFilter,
        'statusFilter',
        `Member must satisfy enum value set: [${EXECUTION_STATUSES.join(', ')}]`,
      );
    }
    const executions = [...this.executions.values()]
      .filter(
        (execution) => execution.stateMachine.arn === arn && (input.statusFilter === undefined || execution.status === input.statusFilter),
      )
      .reverse()
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
    const listed = page(executions, input.maxResults, input.nextToken, 3096);
    return {
      executions: listed.page.map((execution) => ({
        executionArn: execution.arn,
        stateMachineArn: arn,
        name: execution.name,
        status: execution.status,
        startDate: execution.startDate,
        stopDate: execution.stopDate,
        redriveCount: 0,
      })),
      nextToken: listed.nextToken,
    };
  }

  getExecutionHistory(input: GetExecutionHistoryInput) {
    const execution = this.execution(input.executionArn);
    const ordered = input.reverseOrder ? [...execution.history.all()].reverse() : execution.history.all();
    const listed = page(ordered, input.maxResults, input.nextToken, 3096);
    const events = input.includeExecutionData === false ? listed.page.map(withoutExecutionData) : listed.page;
    return { events, nextToken: listed.nextToken };
  }

  /** Resolves once an execution has ended (for the sandbox's own callers and tests). */
  async executionFinished(executionArn: string): Promise<void> {
    await this.execution(executionArn).finished;
  }

  /** Stops every running execution and its timers, recording nothing more. */
  async shutdown(): Promise<void> {
    const running = [...this.executions.values()].filter((execution) => execution.status === 'RUNNING');
    for (const execution of running) execution.abandon();
    await Promise.allSettled(running.map((execution) => execution.finished));
  }

  private launch(input: StartExecutionInput): { execution: Execution } {
    const machine = this.stateMachine(input.stateMachineArn);
    const name = input.name === undefined ? randomUUID() : checkName(input.name);
    const inputText = input.input ?? '{}';
    const value = parseExecutionInput(inputText);
    const arn = executionArn(machine.arn, name, machine.type);
    const existing = this.executions.get(arn);
    if (existing) {
      // A repeated start of a running execution with the same input is idempotent.
      if (existing.status === 'RUNNING' && existing.inputText === inputText) return { execution: existing };
      throw new errors.ExecutionAlreadyExists(arn);
    }
    const { creationDate: _created, loggingConfiguration: _logging, tracingConfiguration: _tracing, ...snapshot } = machine;
    const execution = new Execution({
      arn,
      name,
      stateMachine: structuredClone(snapshot),
      inputText,
      input: value,
      region: this.deps.region,
      services: this.deps.services,
      timeScale: this.deps.timeScale ?? 1,
    });
    this.executions.set(arn, execution);
    execution.start();
    return { execution };
  }

  private stateMachine(arn: string | undefined): StateMachineRecord {
    const checked = checkArn(arn, ['stateMachine']);
    const machine = this.stateMachines.get(checked);
    if (!machine) throw new errors.StateMachineDoesNotExist(checked);
    return machine;
  }

  private execution(arn: string | undefined): Execution {
    const checked = checkArn(arn, ['execution']);
    const execution = this.executions.get(checked);
    if (!execution) throw new errors.ExecutionDoesNotExist(checked);
    return execution;
  }
}

function required<T>(value: T | undefined, member: string): T {
  if (value === undefined || value === null) throw new errors.ValidationError('null', member, 'Member must not be null');
  return value;
}

function stateMachineType(type: string | undefined): 'STANDARD' | 'EXPRESS' {
  if (type === undefined || type === 'STANDARD' || type === 'EXPRESS') return type ?? 'STANDARD';
  throw new errors.ValidationError(type, 'type', 'Member must satisfy enum value set: [STANDARD, EXPRESS]');
}

function parseDefinition(text: string, type: 'STANDARD' | 'EXPRESS') {
  const { definition, diagnostics } = validateDefinition(text, type);
  if (!definition) throw new errors.InvalidDefinition(formatDiagnostics(diagnostics));
  return definition;
}

/** Fidelity gap: the detail of a parse error is Node's wording, not the Jackson parser's AWS quotes. */
function parseExecutionInput(text: string): JsonValue {
  if (text.trim() === '') throw new errors.InvalidExecutionInput('Invalid execution input.');
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new errors.InvalidExecutionInput((error as Error).message);
  }
}

function redriveStatus(status: ExecutionStatus | undefined): Pick<DescribeExecutionOutput, 'redriveStatus' | 'redriveStatusReason'> {
  if (status === 'RUNNING' || status === 'SUCCEEDED') {
    return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: `Execution is ${status} and cannot be redriven` };
  }
  // What AWS reports for FAILED, ABORTED and TIMED_OUT executions. The sandbox does not
  // implement RedriveExecution, so a redrive attempt fails as an unimplemented operation.
  return { redriveStatus: 'REDRIVABLE' };
}

/** `includeExecutionData: false`: the events without their input and output data. */
function withoutExecutionData(event: HistoryEvent): HistoryEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      const {
        input: _input,
        inputDetails: _inputDetails,
        output: _output,
        outputDetails: _outputDetails,
        ...rest
      } = value as Record<string, unknown>;
      copy[key] = rest;
    }
  }
  return copy as unknown as HistoryEvent;
}
