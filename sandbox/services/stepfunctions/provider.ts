import { randomUUID } from 'node:crypto';
import type {
  CreateActivityInput,
  CreateStateMachineInput,
  DeleteActivityInput,
  DescribeActivityInput,
  DescribeMapRunInput,
  GetActivityTaskInput,
  ListActivitiesInput,
  ListMapRunsInput,
  SendTaskFailureInput,
  SendTaskHeartbeatInput,
  SendTaskSuccessInput,
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
import { toJsonText, type JsonValue } from './asl/json';
import type { ChildExecution, MapRunLauncher } from './asl/runtime';
import { formatDiagnostics, validateDefinition, type NeedsMock } from './asl/validate';
import { activityArn, checkArn, checkName, executionArn, mapRunArn, stateMachineArn } from './arns';
import { MapRun } from './map-runs';
import { ActivityBoard } from './callbacks/activities';
import { TaskTokenRegistry } from './callbacks/task-tokens';
import * as errors from './errors';
import { Execution, type StateMachineSnapshot } from './execution';
import type { TaskResourceContext } from './integrations';
import type { ServedOperations } from './integrations/integration';
import { loadMockConfig, type MockConfig } from './mocks/mock-config';
import { MockedExecution } from './mocks/mocked-task';
import { page } from './paging';
import type { StepFunctionsSettings } from '../service-definition';

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
  /** What the sandbox serves (for `aws-sdk:` Task resources); none by default. */
  served?: () => ReadonlyArray<{ service: string; operations: readonly string[] }>;
  /** Mocked test cases: AWS's mock configuration file, and default test cases by state machine. */
  stepFunctions?: StepFunctionsSettings;
}

interface StateMachineRecord extends StateMachineSnapshot {
  creationDate: Date;
  loggingConfiguration: LoggingConfiguration;
  tracingConfiguration: TracingConfiguration;
  /** The template's logical id, when the deployer created it: mock files may name the machine by it. */
  logicalId?: string;
  /** Its Task states whose resource the sandbox cannot run (they run when a test case mocks them). */
  needingMocks: NeedsMock[];
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
    'SendTaskSuccess',
    'SendTaskFailure',
    'SendTaskHeartbeat',
    'CreateActivity',
    'DescribeActivity',
    'ListActivities',
    'DeleteActivity',
    'GetActivityTask',
    'ListMapRuns',
    'DescribeMapRun',
  ];

  private readonly stateMachines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, Execution>();
  private readonly mapRuns = new Map<string, MapRun>();
  private readonly tokens = new TaskTokenRegistry();
  private readonly activities = new ActivityBoard();
  private readonly mockConfig?: MockConfig;
  /** Default test cases, by state machine ARN. */
  private readonly defaultTestCases = new Map<string, string>();

  constructor(readonly deps: StepFunctionsDependencies) {
    const file = deps.stepFunctions?.mockConfigFile;
    if (file !== undefined) this.mockConfig = loadMockConfig(file);
  }

  /** What Task resources may use: the sandbox's services, and whether mocks may stand in for the rest. */
  private get resources(): TaskResourceContext {
    const served = this.deps.served;
    const operations: ServedOperations = {
      operations: (service) => served?.().find((entry) => entry.service === service)?.operations,
    };
    return { served: operations, mocksConfigured: this.mockConfig !== undefined };
  }

  createStateMachine(input: CreateStateMachineInput & { logicalId?: string }, context: RequestContext) {
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
    const { definition, needingMocks } = this.parseDefinition(definitionText, type);
    const creationDate = new Date();
    this.stateMachines.set(arn, {
      logicalId: input.logicalId,
      needingMocks,
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
      const parsed = this.parseDefinition(input.definition, machine.type);
      machine.definition = parsed.definition;
      machine.needingMocks = parsed.needingMocks;
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
    const { diagnostics } = validateDefinition(required(input.definition, 'definition'), stateMachineType(input.type), this.resources);
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
    const machine = this.stateMachine(splitTestCase(input.stateMachineArn)[0]);
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
      // Even a failed execution's answer says its (absent) output is included (recorded: test_base[BASE_RAISE_FAILURE]).
      outputDetails: { included: true },
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
      ...(execution.mapRunArn !== undefined ? { mapRunArn: execution.mapRunArn } : {}),
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
    if (input.stateMachineArn === undefined && input.mapRunArn === undefined)
      throw new errors.ValidationError('null', 'stateMachineArn', 'Must provide a StateMachine ARN or MapRun ARN');
    let arn: string;
    let belongs: (execution: Execution) => boolean;
    if (input.mapRunArn !== undefined) {
      const mapRun = this.mapRun(input.mapRunArn);
      arn = mapRun.stateMachineArn;
      belongs = (execution) => execution.mapRunArn === mapRun.arn;
    } else {
      arn = checkArn(input.stateMachineArn, ['stateMachine']);
      const machine = this.stateMachines.get(arn);
      if (!machine) throw new errors.StateMachineDoesNotExist(arn);
      if (machine.type !== 'STANDARD') throw new errors.StateMachineTypeNotSupported();
      belongs = (execution) => execution.stateMachine.arn === arn && execution.mapRunArn === undefined;
    }
    if (input.statusFilter !== undefined && !EXECUTION_STATUSES.includes(input.statusFilter)) {
      throw new errors.ValidationError(
        input.statusFilter,
        'statusFilter',
        `Member must satisfy enum value set: [${EXECUTION_STATUSES.join(', ')}]`,
      );
    }
    const executions = [...this.executions.values()]
      .filter((execution) => belongs(execution) && (input.statusFilter === undefined || execution.status === input.statusFilter))
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
    this.activities.shutdown();
    const running = [...this.executions.values()].filter((execution) => execution.status === 'RUNNING');
    for (const execution of running) execution.abandon();
    await Promise.allSettled(running.map((execution) => execution.finished));
  }

  listMapRuns(input: ListMapRunsInput) {
    const execution = this.execution(input.executionArn);
    const runs = [...this.mapRuns.values()].filter((run) => run.executionArn === execution.arn).reverse();
    const listed = page(runs, input.maxResults, input.nextToken, 3096);
    return { mapRuns: listed.page.map((run) => run.listed()), nextToken: listed.nextToken };
  }

  describeMapRun(input: DescribeMapRunInput) {
    return this.mapRun(input.mapRunArn).describe();
  }

  sendTaskSuccess(input: SendTaskSuccessInput) {
    this.tokens.succeed(required(input.taskToken, 'taskToken'), required(input.output, 'output'));
    return {};
  }

  sendTaskFailure(input: SendTaskFailureInput) {
    this.tokens.fail(required(input.taskToken, 'taskToken'), input.error, input.cause);
    return {};
  }

  sendTaskHeartbeat(input: SendTaskHeartbeatInput) {
    this.tokens.heartbeat(required(input.taskToken, 'taskToken'));
    return {};
  }

  createActivity(input: CreateActivityInput, context: RequestContext) {
    const name = checkName(required(input.name, 'name'));
    const activity = this.activities.create(activityArn(context.region ?? this.deps.region, this.deps.accountId, name), name);
    return { activityArn: activity.arn, creationDate: activity.creationDate };
  }

  describeActivity(input: DescribeActivityInput) {
    const arn = checkArn(input.activityArn, ['activity']);
    const activity = this.activities.get(arn);
    if (!activity) throw new errors.ActivityDoesNotExist(arn);
    return {
      activityArn: activity.arn,
      name: activity.name,
      creationDate: activity.creationDate,
      encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
    };
  }

  listActivities(input: ListActivitiesInput) {
    const listed = page(this.activities.all(), input.maxResults, input.nextToken, 1024);
    return {
      activities: listed.page.map((activity) => ({ activityArn: activity.arn, name: activity.name, creationDate: activity.creationDate })),
      nextToken: listed.nextToken,
    };
  }

  deleteActivity(input: DeleteActivityInput) {
    this.activities.delete(checkArn(input.activityArn, ['activity']));
    return {};
  }

  /** A long poll (up to 60 seconds) for a task of the activity; no task: an answer without a token. */
  async getActivityTask(input: GetActivityTaskInput) {
    const arn = checkArn(input.activityArn, ['activity']);
    return this.activities.poll(arn, input.workerName);
  }

  /**
   * The test case an execution runs when its start names none, by state machine ARN or name
   * (the environment's `sandbox.stepFunctions.defaultTestCases`, once its stacks are deployed).
   */
  setDefaultTestCases(testCases: Readonly<Record<string, string>>): void {
    for (const [machineRef, testCase] of Object.entries(testCases)) {
      const machine = [...this.stateMachines.values()].find((candidate) => candidate.arn === machineRef || candidate.name === machineRef);
      if (!machine) {
        throw new Error(
          `Default test case "${testCase}" is for the state machine "${machineRef}", which the sandbox does not have ` +
            `(its state machines: ${[...this.stateMachines.values()].map((candidate) => candidate.name).join(', ') || 'none'}).`,
        );
      }
      this.mockedExecution(machine, testCase);
      this.defaultTestCases.set(machine.arn, testCase);
    }
  }

  /** Task states of the deployed state machines that run only when a test case mocks them. */
  statesNeedingMocks(stateMachineArn: string): readonly NeedsMock[] {
    return this.stateMachines.get(stateMachineArn)?.needingMocks ?? [];
  }

  private parseDefinition(text: string, type: 'STANDARD' | 'EXPRESS') {
    const { definition, diagnostics, needingMocks } = validateDefinition(text, type, this.resources);
    if (!definition) throw new errors.InvalidDefinition(formatDiagnostics(diagnostics));
    return { definition, needingMocks };
  }

  /** The mocked test case an execution of `machine` runs (undefined: none), or a refusal naming what is wrong. */
  private mockedExecution(machine: StateMachineRecord, testCase: string | undefined): MockedExecution | undefined {
    if (testCase === undefined) return undefined;
    const config = this.mockConfig;
    if (!config) {
      throw new errors.MockedTestCaseUnavailable(
        `The test case "${testCase}" of ${machine.arn} needs a mock configuration file, and the sandbox was started without one ` +
          '(environment file: sandbox.stepFunctions.mockConfigFile).',
      );
    }
    const testCases =
      config.stateMachines.get(machine.name) ?? (machine.logicalId ? config.stateMachines.get(machine.logicalId) : undefined);
    const states = testCases?.get(testCase);
    if (!states) {
      const alias = machine.logicalId ? ` (or its logical id "${machine.logicalId}")` : '';
      throw new errors.MockedTestCaseUnavailable(
        testCases
          ? `The mock configuration file ${config.file} has no test case "${testCase}" for the state machine "${machine.name}" ` +
              `(its test cases: ${[...testCases.keys()].join(', ') || 'none'}).`
          : `The mock configuration file ${config.file} has no test cases for the state machine "${machine.name}"${alias} ` +
              `(StateMachines names: ${[...config.stateMachines.keys()].join(', ') || 'none'}).`,
      );
    }
    return new MockedExecution(testCase, states);
  }

  private launch(input: StartExecutionInput): { execution: Execution } {
    const [machineArn, testCaseName] = splitTestCase(input.stateMachineArn);
    const machine = this.stateMachine(machineArn);
    const mocked = this.mockedExecution(machine, testCaseName ?? this.defaultTestCases.get(machine.arn));
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
    const {
      creationDate: _created,
      loggingConfiguration: _logging,
      tracingConfiguration: _tracing,
      logicalId: _logicalId,
      needingMocks: _needingMocks,
      ...snapshot
    } = machine;
    return { execution: this.createExecution({ arn, name, stateMachine: snapshot, inputText, input: value, mocked }) };
  }

  /**
   * The Map Runs of a parent execution: each child execution runs the item processor as a state
   * machine of its own, `<parent>/<label>`, with the parent's role, integrations and test case.
   */
  private mapRunLauncher(parent: Execution): MapRunLauncher {
    return {
      start: (request) => {
        const label = request.label ?? randomUUID();
        const machineName = `${parent.stateMachine.name}/${label}`;
        const childMachineArn = `${parent.stateMachine.arn}/${label}`;
        const run = new MapRun(
          mapRunArn(this.deps.region, this.deps.accountId, machineName, randomUUID()),
          parent.arn,
          childMachineArn,
          request,
        );
        this.mapRuns.set(run.arn, run);
        const definitionText = JSON.stringify(request.processor);
        const snapshot: StateMachineSnapshot = {
          arn: childMachineArn,
          name: machineName,
          type: request.executionType,
          definitionText,
          definition: request.processor,
          roleArn: parent.stateMachine.roleArn,
          updateDate: new Date(),
        };
        return {
          arn: run.arn,
          setItemTotal: (items, executions) => run.setTotal(items, executions),
          finish: (status) => run.finish(status),
          runChild: async (input, items, signal): Promise<ChildExecution> => {
            const name = randomUUID();
            const child = this.createExecution({
              arn: executionArn(childMachineArn, name, request.executionType),
              name,
              stateMachine: snapshot,
              inputText: toJsonText(input),
              input,
              mocked: parent.mocked,
              mapRunArn: run.arn,
            });
            run.started(items);
            const abort = () => child.stop('States.Aborted', 'The Map Run was stopped');
            signal.addEventListener('abort', abort, { once: true });
            await child.finished;
            signal.removeEventListener('abort', abort);
            const status = child.status as ChildExecution['status'];
            run.ended(items, status);
            return {
              status,
              executionArn: child.arn,
              name: child.name,
              stateMachineArn: childMachineArn,
              input: child.inputText,
              output: child.outputText,
              error: child.error,
              cause: child.cause,
              startDate: child.startDate,
              stopDate: child.stopDate ?? new Date(),
            };
          },
        };
      },
    };
  }

  private createExecution(options: {
    arn: string;
    name: string;
    stateMachine: StateMachineSnapshot;
    inputText: string;
    input: JsonValue;
    mocked?: MockedExecution;
    mapRunArn?: string;
  }): Execution {
    const execution = new Execution({
      ...options,
      stateMachine: structuredClone(options.stateMachine),
      region: this.deps.region,
      integrations: { services: this.deps.services, activities: this.activities, ...this.resources },
      tokens: this.tokens,
      timeScale: this.deps.timeScale ?? 1,
      mapRuns: (running) => this.mapRunLauncher(running),
    });
    this.executions.set(options.arn, execution);
    execution.start();
    return execution;
  }

  private mapRun(arn: string | undefined): MapRun {
    const checked = checkArn(arn, ['mapRun']);
    const run = this.mapRuns.get(checked);
    if (!run) throw new errors.ResourceNotFound(`Resource not found: '${checked}'`);
    return run;
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

/** `arn:…:stateMachine:Name#TestCase`: the state machine, and the mocked test case to run. */
function splitTestCase(arn: string | undefined): [string | undefined, string | undefined] {
  if (arn === undefined) return [undefined, undefined];
  const hash = arn.indexOf('#');
  return hash < 0 ? [arn, undefined] : [arn.slice(0, hash), arn.slice(hash + 1)];
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
