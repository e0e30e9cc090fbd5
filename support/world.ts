import { World, type IWorldOptions } from '@cucumber/cucumber';
import { AwsClients } from './aws/clients';
import { ResourceCatalog } from './environment/resources';
import type { ResolvedEnvironment } from '../model/environment/environment';
import { WriteLedger } from './cleanup/write-ledger';
import { renderDeep, renderTemplate, type TemplateContext } from './templating';
import { AWS_DELAYS, SANDBOX_DELAYS, type WaitDelays } from './waiter';
import { scenarioIdFor } from '../model/run-id';
import { redactor } from './redaction';
import type { ExecutionRecord } from './stepfunctions/execution';
import type { InvocationRecord } from './lambda/invocation';
import type { QueryOutcome } from './athena/query';
import { PendingOutcomes } from './pending-outcomes';
import type { RunObservers } from '../model/run-observers';

/** What `postflight run` hands every scenario (JSON, so parallel workers receive it too). */
export interface PostflightParameters {
  environment: ResolvedEnvironment;
  runId: string;
  runDate: string;
  keepData: boolean;
  /** Absolute path of the project: `fixtures/` lives here. */
  projectRoot: string;
  /** The queues and rules the run created to see what topics publish and buses carry (model/run-observers.ts). */
  observers?: RunObservers;
}

/** Clients are shared by the scenarios of a worker: one credential chain, one assumed role. */
let sharedClients: AwsClients | undefined;

export function releaseSharedClients(): void {
  sharedClients?.destroy();
  sharedClients = undefined;
}

/**
 * The scenario's state: the environment, AWS clients, remembered values, what it wrote, and
 * the most recent execution / invocation / query that "the execution", "the response"… refer to.
 */
export class PostflightWorld extends World<PostflightParameters> {
  aws!: AwsClients;
  resources!: ResourceCatalog;
  scenarioId = '';
  readonly variables = new Map<string, unknown>();
  readonly ledger = new WriteLedger();
  lastExecution?: ExecutionRecord;
  lastInvocation?: InvocationRecord;
  lastQuery?: QueryOutcome;
  /** Outcomes captured for later Then steps: one that failed and that no step checked fails the scenario (see hooks). */
  readonly outcomes = new PendingOutcomes();
  private executionCount = 0;
  /** Temporary tables created so far (their names are numbered within the scenario). */
  temporaryTableCount = 0;
  /** When the scenario and its steps started (epoch ms): what triggered work is looked for since (support/cucumber/step-clock.ts). */
  readonly clock = { scenarioStartedAt: Date.now(), previousStepStartedAt: undefined as number | undefined, stepStartedAt: Date.now() };
  /** Messages sent to FIFO queues so far (their deduplication ids are numbered within the scenario). */
  sentMessageCount = 0;

  constructor(options: IWorldOptions<PostflightParameters>) {
    super(options);
    // Attachments are redacted before they are recorded (see support/redaction.ts).
    const attach = this.attach as (data: unknown, options?: unknown) => unknown;
    Object.defineProperty(this, 'attach', {
      value: (data: unknown, mediaTypeOrOptions?: unknown) =>
        attach(typeof data === 'string' ? redactor.redact(data) : data, mediaTypeOrOptions),
    });
  }

  async init(pickleId: string): Promise<void> {
    const { environment, runId } = this.parameters;
    if (!environment) throw new Error('postflight scenarios run through `postflight run --env <name>`, which provides the environment.');
    sharedClients ??= AwsClients.forEnvironment(environment, runId);
    this.aws = sharedClients;
    this.resources = new ResourceCatalog(environment);
    this.scenarioId = scenarioIdFor(runId, pickleId);
  }

  get environment(): ResolvedEnvironment {
    return this.parameters.environment;
  }

  get isSandbox(): boolean {
    return Boolean(this.parameters.environment.endpoint);
  }

  get delays(): WaitDelays {
    return this.isSandbox ? SANDBOX_DELAYS : AWS_DELAYS;
  }

  /** Identity tagged on every object the scenario writes. */
  get writeIdentity() {
    return { runId: this.parameters.runId, scenarioId: this.scenarioId };
  }

  templateContext(): TemplateContext {
    const { environment, runId, runDate } = this.parameters;
    return {
      runId,
      scenarioId: this.scenarioId,
      runDate,
      environment: { name: environment.name, account: environment.account, region: environment.region },
      resources: this.resources,
      variables: this.variables,
    };
  }

  /** Quoted arguments, doc strings and table cells are templated before use (STEPS.md). */
  template(text: string): string {
    return renderTemplate(text, this.templateContext());
  }

  templateDeep<T>(value: T): T {
    return renderDeep(value, this.templateContext());
  }

  /** Execution names carry the scenario id (which carries the run id): `<runId>-s<id>-<n>`. */
  nextExecutionName(): string {
    this.executionCount += 1;
    return `${this.scenarioId}-${this.executionCount}`.slice(0, 80);
  }
}
